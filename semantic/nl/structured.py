"""From what a question's words were assigned to, the structured query: time grain and range (on metric_time, or
on the listing's own date), ranking and limit; several members of one dimension merged into IN (...)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

from semantic.nl.reading import Reading
from semantic.nl.timespan import TimeSpec

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts


def build_query(
    graph: "SemanticGraph",
    facts: "ModelFacts",
    metrics: list[str],
    group: list[str],
    filters: list[str],
    having: list[str],
    spec: TimeSpec,
    rank: Optional[tuple[bool, int]],
    listed: list[str],
    wants_date: bool = False,
    ranked_column: Optional[str] = None,
) -> dict[str, Any] | Reading:
    """The query for these parts, or a Reading that asks back (a time range on a listing with no date)."""
    query: dict[str, Any] = {}
    metrics = list(dict.fromkeys(metrics))
    group = list(dict.fromkeys(group))
    time_dims = [
        g
        for g in group
        if graph.dimensions.get(g, (None, None))[1] is not None and graph.dimensions[g][1].type == "time"
    ]
    if metrics or having:
        if metrics:
            query["metrics"] = metrics
        timed = spec.on or "metric_time"  # 'tickets resolved in June': the resolution date, not metric_time
        if spec.grain is not None:
            if time_dims:
                group = [f"{g}__{spec.grain.value}" if g in time_dims else g for g in group]
            else:
                group.append(f"{timed}__{spec.grain.value}")
        if spec.periods:
            filters.append(
                " OR ".join(f"(metric_time >= '{start}' AND metric_time < '{end}')" for start, end in spec.periods)
            )
        else:
            if spec.start:
                filters.append(f"{timed} >= '{spec.start.isoformat()}'")
            if spec.end:
                filters.append(f"{timed} < '{spec.end.isoformat()}'")
    else:
        time_dim = spec.on or facts.listing_time_dimension(group, listed)
        if spec.grain is not None and time_dim:
            group.append(f"{time_dim}__{spec.grain.value}")
        elif wants_date and time_dim and time_dim not in group:
            group.append(time_dim)
        if spec.has_range:
            if time_dim is None:
                return Reading(
                    question="",
                    clarification="Which date should the time range apply to? This listing has no time dimension.",
                )
            if spec.start:
                filters.append(f"{time_dim} >= '{spec.start.isoformat()}'")
            if spec.end:
                filters.append(f"{time_dim} < '{spec.end.isoformat()}'")
    if group:
        query["dimensions"] = group
    if filters or having:
        query["filters"] = filters + having
    if rank is not None:
        descending, limit = rank
        target = metrics[0] if metrics else ranked_column  # 'top 5 stores by square feet'
        if target:
            query["order_by"] = [("-" if descending else "") + target]
        if limit:  # 0: an order only ('highest first')
            query["limit"] = limit
    return query


def merge_same_dimension(filters: list[str]) -> list[str]:
    """Several members of one dimension mean any of them: ``d = 'a'`` and ``d = 'b'`` become ``d IN ('a', 'b')``."""
    members: dict[str, list[str]] = {}
    other: list[str] = []
    for text in filters:
        column, operator, value = (text.split(" ", 2) + ["", ""])[:3]
        if operator == "=":
            members.setdefault(column, []).append(value)
        else:
            other.append(text)
    merged = [
        f"{column} = {values[0]}" if len(values) == 1 else f"{column} IN ({', '.join(dict.fromkeys(values))})"
        for column, values in members.items()
    ]
    return merged + other
