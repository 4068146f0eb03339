"""MetricFlow Jinja filters as semctx predicates: ``{{ Dimension('customer__region') }} = 'West'`` becomes
``customers.region = 'West'``, naming the semctx entity (the dbt semantic model) that holds the dimension.

>>> index = ModelIndex()
>>> index.add("orders", {"order_id": "primary", "customer": "foreign"}, {"status": "categorical", "ordered_at": "time"})
>>> index.add("customers", {"customer": "primary"}, {"region": "categorical"})
>>> translate_filter("{{ Dimension('customer__region') }} = 'West'", index, "orders")
"customers.region = 'West'"
>>> translate_filter("{{ TimeDimension('order_id__ordered_at', 'month') }} >= '2024-03-01'", index, "orders")
"orders.ordered_at__month >= '2024-03-01'"
>>> translate_filter("{{ Metric('revenue', group_by=['customer']) }} > 10", index, "orders")
Traceback (most recent call last):
...
semantic.interop.dbt_filters.Untranslatable: Metric(...) in a filter has no semctx equivalent
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from semantic.errors import SemctxError

GRAINS = ("day", "week", "month", "quarter", "year")
METRIC_TIME = "metric_time"
_JINJA = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)


class Untranslatable(Exception):
    """Something with no semctx equivalent; ``line`` is where it is, when known."""

    def __init__(self, message: str, line: Optional[int] = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class ModelIndex:
    """Per semctx entity: its dbt entities (name -> type) and dimensions (name -> type), entity keys included."""

    entities: dict[str, dict[str, str]] = field(default_factory=dict)
    dimensions: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, model: str, entities: dict[str, str], dimensions: dict[str, str]) -> None:
        self.entities[model] = dict(entities)
        self.dimensions[model] = dict(dimensions)

    def owner(self, entity: Optional[str], dimension: str, home: Optional[str]) -> str:
        """The semctx entity holding ``dimension`` reached through dbt ``entity`` (from the metric's ``home``)."""
        found = [
            m
            for m, dims in self.dimensions.items()
            if dimension in dims and (entity is None or entity in self.entities[m])
        ]
        if entity is None and home in found:
            return home  # type: ignore[return-value]
        primary = [m for m in found if entity and self.entities[m].get(entity) == "primary"]
        if len(primary) == 1:
            return primary[0]
        if home in found:
            return home  # type: ignore[return-value]
        if len(found) == 1:
            return found[0]
        via = f"entity {entity!r}" if entity else "no entity prefix"
        if not found:
            raise Untranslatable(f"no semantic model has dimension {dimension!r} with {via}")
        raise Untranslatable(f"dimension {dimension!r} with {via} is ambiguous: {', '.join(sorted(found))}")


def translate_filter(
    text: Union[str, list[Any]], index: ModelIndex, home: Optional[str], metric_time: Optional[str] = None
) -> str:
    """One semctx predicate for a dbt ``filter`` (a string or a list of strings, all of which must hold).
    ``metric_time``, when given, is the measure's time dimension ('orders.ordered_at'), named in its place."""
    texts = [text] if isinstance(text, str) else list(text)
    if not texts or not all(isinstance(t, str) for t in texts):
        raise Untranslatable("filter is not a string or a list of strings")
    parts = [_translate_one(t, index, home, metric_time) for t in texts]
    return parts[0] if len(parts) == 1 else " AND ".join(f"({p})" for p in parts)


def _translate_one(text: str, index: ModelIndex, home: Optional[str], metric_time: Optional[str]) -> str:
    names: set[str] = set()

    def swap(match: re.Match[str]) -> str:
        name = _reference(match.group(1), index, home, metric_time)
        names.add(name)
        return name

    result = _JINJA.sub(swap, text).strip()
    if "{%" in result or "{#" in result or "{{" in result:
        raise Untranslatable(f"filter {text.strip()!r} uses Jinja statements or comments")
    _check_predicate(result, names)
    return result


def _check_predicate(sql: str, names: set[str]) -> None:
    """The predicate must be one that semctx filters accept, naming only the translated references."""
    from semantic.query.filters import MetricName, parse_filter

    def resolve(key: str) -> MetricName:
        if key not in names:
            raise SemctxError(f"{key!r} is not a Dimension/TimeDimension/Entity reference")
        return MetricName(key)

    try:
        parse_filter(sql, "duckdb", resolve)
    except SemctxError as exc:
        raise Untranslatable(exc.message) from None


def _reference(code: str, index: ModelIndex, home: Optional[str], metric_time: Optional[str]) -> str:
    """The semctx name for the inside of one ``{{ ... }}``."""
    shown = "{{" + code + "}}"
    try:
        node = ast.parse(code.strip(), mode="eval").body
    except SyntaxError:
        raise Untranslatable(f"{shown} is not a MetricFlow reference") from None
    grain: Optional[str] = None
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        if node.func.attr != "grain":
            raise Untranslatable(f".{node.func.attr}(...) in {shown} has no semctx equivalent")
        grain = _strings(node.args, shown)[0] if node.args else None
        node = node.func.value
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        raise Untranslatable(f"{shown} is not a MetricFlow reference")
    kind = node.func.id
    args = _strings(node.args, shown)
    kwargs = {k.arg: k.value for k in node.keywords}
    if kind not in ("Dimension", "TimeDimension", "Entity"):
        raise Untranslatable(f"{kind}(...) in a filter has no semctx equivalent")
    if not args or set(kwargs) - {"entity_path", "time_granularity_name"}:
        raise Untranslatable(f"{shown}: only the name, a grain and entity_path are supported")
    path = _strings(kwargs["entity_path"].elts, shown) if isinstance(kwargs.get("entity_path"), ast.List) else []
    if kind == "TimeDimension":
        grain = args[1] if len(args) > 1 else grain
        if "time_granularity_name" in kwargs:
            grain = _strings([kwargs["time_granularity_name"]], shown)[0]
    parts = path + args[0].split("__")
    if kind == "Entity":  # the key column on the metric's own model when it has it, else where it is primary
        key = parts[-1]
        own = home is not None and key in index.entities.get(home, {}) and key in index.dimensions[home]
        return f"{home if own else index.owner(key, key, home)}.{key}"
    if grain is None and len(parts) > 1 and parts[-1] in GRAINS:
        grain = parts.pop()
    if parts == [METRIC_TIME]:
        return _with_grain(metric_time or METRIC_TIME, grain)
    entity = parts[-2] if len(parts) > 1 else None
    model = index.owner(entity, parts[-1], home)
    if grain is not None and index.dimensions[model][parts[-1]] != "time":
        raise Untranslatable(f"{shown}: {parts[-1]!r} is not a time dimension")
    return _with_grain(f"{model}.{parts[-1]}", grain)


def _with_grain(name: str, grain: Optional[str]) -> str:
    if grain is None or grain.lower() == "day":
        return name
    if grain.lower() not in GRAINS:
        raise Untranslatable(f"time grain {grain!r} is not one of {', '.join(GRAINS)}")
    return f"{name}__{grain.lower()}"


def _strings(nodes: list[ast.expr], shown: str) -> list[str]:
    if not all(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in nodes):
        raise Untranslatable(f"{shown}: arguments must be quoted names")
    return [n.value for n in nodes]  # type: ignore[attr-defined]
