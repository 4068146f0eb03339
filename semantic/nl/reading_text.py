"""The reading of a question in plain words, for people and agents to check what was understood.

>>> humanize("metric_time__month"), humanize("customers.segment"), humanize("regions.region")
('month', 'customer segment', 'region')
"""

from __future__ import annotations

from typing import Any

from semantic.nl.text import singular
from semantic.nl.timespan import TimeSpec


def describe_query(query: dict[str, Any], spec: TimeSpec) -> str:
    """The reading in plain words, e.g. "revenue by month, 2024-01-01 to 2024-12-31, where region is 'West'"."""
    metrics = [m.replace("_", " ") for m in query.get("metrics", [])]
    dims = [humanize(d) for d in query.get("dimensions", [])]
    parts = [" and ".join(metrics) if metrics else "rows of " + ", ".join(dims)]
    if metrics and dims:
        parts.append("by " + ", ".join(dims))
    if spec.has_range:
        parts.append(spec.describe())
    other = [
        f
        for f in query.get("filters", [])
        if not f.split(" ")[0].startswith("metric_time")
        and not (spec.has_range and f.split(" ")[0].split(".")[-1] in _time_words(query))
    ]
    if other:
        parts.append("where " + " and ".join(_humanize_filter(f) for f in other))
    if "limit" in query:
        descending = query.get("order_by", [""])[0].startswith("-")
        parts.append(
            ("top " if descending else "bottom ") + str(query["limit"])
            if query.get("order_by")
            else f"first {query['limit']}"
        )
    return ", ".join(parts)


def humanize(name: str) -> str:
    """'metric_time__month' → 'month'; 'customers.segment' → 'customer segment'; 'regions.region' → 'region'."""
    base, _, grain = name.partition("__")
    if base == "metric_time":
        return grain or "day"
    entity, _, dim = base.partition(".")
    words = dim.replace("_", " ")
    owner = singular(entity.split("_")[-1])
    text = words if words.startswith(owner) or not dim else f"{owner} {words}"
    return f"{text} ({grain})" if grain else text


def _humanize_filter(text: str) -> str:
    head, _, rest = text.partition(" ")
    return f"{humanize(head) if '.' in head else head.replace('_', ' ')} {rest}"


def _time_words(query: dict[str, Any]) -> set[str]:
    return {f.split(" ")[0].split(".")[-1] for f in query.get("filters", []) if "'" in f and "-" in f}
