"""Build a :class:`Plan` from a :class:`SemanticQuery`: a tuple of small passes over a frozen plan.

``bind`` resolves names and filters; ``expand_metrics`` turns metrics into aggregation nodes and
expressions over their columns; ``plan_joins`` finds each node's join paths (and whether they fan
out); ``order_and_limit`` settles sorting. Extra passes (governance) can be appended to ``PASSES``
by the caller of :func:`build_plan`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache, partial
from typing import Callable, Optional, Sequence

import sqlglot
from sqlglot import exp

from semantic.errors import AmbiguousNameError, QueryError, SemctxError, UnknownNameError, UnreachableError
from semantic.graph.graph import DimensionRef, SemanticGraph
from semantic.model.types import Metric, parse_interval
from semantic.plan.fold import fold_filtered_nodes
from semantic.plan.joins import assign_joins
from semantic.plan.nodes import (
    AggregateColumn,
    AggregationNode,
    Cumulative,
    Offset,
    OrderItem,
    OutputDimension,
    OutputMetric,
    Plan,
)
from semantic.query.filters import MetricName, Ref, ResolvedFilter, column_key, parse_filter
from semantic.query.semantic_query import SemanticQuery
from semantic.sql.expressions import DOUBLE, cast


@dataclass(frozen=True)
class PlanContext:
    graph: SemanticGraph
    query: SemanticQuery
    dialect: str


Pass = Callable[[Plan, PlanContext], Plan]


def bind(plan: Plan, ctx: PlanContext) -> Plan:
    """Resolve dimension names and filters; split filters into WHERE (dimensions) and HAVING (metrics)."""
    graph, query = ctx.graph, ctx.query
    if not query.metrics and not query.dimensions:
        raise QueryError("a query needs at least one metric or one dimension")
    for name in query.metrics:
        graph.metric(name)
    known_paths = set(graph.entities) | {rel.label for rel in graph.model.relationships}
    for hint in query.via:
        if hint not in known_paths:
            raise UnknownNameError("entity or relationship in via", hint, known_paths)
    dimensions: list[OutputDimension] = []
    seen: set[str] = set()
    for name in query.dimensions:
        ref = graph.dimension(name)
        if ref.qualified in seen:
            continue
        seen.add(ref.qualified)
        dimensions.append(OutputDimension(name.replace(".", "__"), ref))
    where, having = [], []
    for text in query.filters:
        resolved = parse_filter(text, ctx.dialect, lambda key: resolve_filter_name(graph, key))
        (having if resolved.metrics else where).append(resolved)
    for resolved in having:
        grouped = {d.ref for d in dimensions}
        for ref in resolved.dimensions:
            if ref not in grouped:
                raise QueryError(
                    f"filter {resolved.text!r} mixes metrics with {ref.qualified}, which is not "
                    "among the query's dimensions; filter dimensions in a separate filter"
                )
    return replace(
        plan, dimensions=tuple(dimensions), filters=tuple(where), having=tuple(having), limit=query.limit, via=query.via
    )


def resolve_filter_name(graph: SemanticGraph, key: str) -> Ref:
    """A name in a filter: a dimension, or (unqualified) a metric."""
    if "." not in key and key in graph.metrics:
        if key in graph.dimensions_by_name:
            raise AmbiguousNameError(
                f"{key!r} is both a metric and a dimension "
                f"({', '.join(graph.dimensions_by_name[key])}); qualify the dimension"
            )
        return MetricName(key)
    try:
        return graph.dimension(key)
    except UnknownNameError as exc:
        if "." not in key:
            raise UnknownNameError("dimension or metric", key, [*graph.metrics, *graph.dimensions]) from None
        raise exc


class _NodeRegistry:
    """Collects aggregation nodes while metrics expand; identical requests land in the same node."""

    def __init__(self, graph: SemanticGraph, uses_time: bool) -> None:
        self.graph = graph
        self.uses_time = uses_time
        self.nodes: dict[tuple[object, ...], AggregationNode] = {}

    def column(
        self, metric: Metric, offset: Offset, cumulative: Optional[Cumulative], metric_filter: Optional[ResolvedFilter]
    ) -> exp.Expression:
        ref = self.graph.measure(metric.measure or "")
        time_dim = self.graph.agg_time_dimension(ref)
        filters_on_time = metric_filter is not None and any(d.is_metric_time for d in metric_filter.dimensions)
        needs_time = self.uses_time or bool(offset) or cumulative is not None or filters_on_time
        if needs_time and time_dim is None:
            raise QueryError(
                f"metric {metric.name!r} has no time dimension (measure {ref.qualified}); set "
                f"agg_time_dimension on the measure or default_time_dimension on entity {ref.entity!r}"
            )
        time_name = time_dim.name if (needs_time and time_dim) else None
        key = (ref.entity, time_name, offset, cumulative, metric_filter.text if metric_filter else None)
        node = self.nodes.get(key)
        if node is None:
            same_entity = sum(1 for k in self.nodes if k[0] == ref.entity)
            name = f"{ref.entity}_agg" + (f"_{same_entity + 1}" if same_entity else "")
            node = AggregationNode(name, ref.entity, time_name, offset, cumulative, metric_filter)
        alias = ref.measure.name
        if all(col.measure != ref for col in node.measures):
            node = replace(node, measures=node.measures + (AggregateColumn(alias, ref),))
        self.nodes[key] = node
        return exp.column(alias, table=node.name)


def expand_metrics(plan: Plan, ctx: PlanContext) -> Plan:
    """Turn each requested (and filter/order-referenced) metric into an expression over node columns."""
    graph, query = ctx.graph, ctx.query
    uses_time = any(d.ref.is_metric_time for d in plan.dimensions) or any(
        ref.is_metric_time for f in plan.filters for ref in f.dimensions
    )
    registry = _NodeRegistry(graph, uses_time)
    outputs: list[OutputMetric] = []
    for name in query.metrics:
        if all(o.alias != name for o in outputs):
            outputs.append(OutputMetric(name, _metric_expression(graph.metric(name), (), registry, ctx, ())))
    hidden = [n for f in plan.having for n in f.metrics] + [_order_name(text)[0] for text in query.order_by]
    for name in hidden:
        if name in graph.metrics and all(o.alias != name for o in outputs):
            outputs.append(OutputMetric(name, _metric_expression(graph.metric(name), (), registry, ctx, ()), True))
    return replace(plan, nodes=tuple(registry.nodes.values()), metrics=tuple(outputs))


def _metric_expression(
    metric: Metric, offset: Offset, registry: _NodeRegistry, ctx: PlanContext, stack: tuple[str, ...]
) -> exp.Expression:
    if metric.name in stack:
        raise QueryError(f"metric {metric.name!r} depends on itself: {' -> '.join(stack + (metric.name,))}")
    stack = stack + (metric.name,)
    graph = ctx.graph
    if metric.type in ("simple", "cumulative"):
        cumulative = None
        if metric.type == "cumulative":
            window = parse_interval(metric.window) if metric.window else None
            cumulative = Cumulative(window, metric.grain_to_date)
        metric_filter = _metric_filter(graph, metric, ctx.dialect)
        return registry.column(metric, offset, cumulative, metric_filter)
    if metric.type == "ratio":
        numerator = _metric_expression(graph.metric(metric.numerator or ""), offset, registry, ctx, stack)
        denominator = _metric_expression(graph.metric(metric.denominator or ""), offset, registry, ctx, stack)
        return safe_divide(numerator, denominator)
    inputs = {i.ref: i for i in metric.inputs}
    template = _parse_model_expression(metric.expr or "", ctx.dialect)

    holder = exp.Paren(this=template.copy())  # a parent, so even the top node can be replaced in place
    for division in list(holder.find_all(exp.Div)):
        division.replace(safe_divide(division.this, division.expression))
    for column in list(holder.find_all(exp.Column)):
        given = inputs.get(column.name)
        extra: Offset = (parse_interval(given.offset),) if given and given.offset else ()
        upstream = graph.metric(given.metric if given else column.name)
        column.replace(exp.paren(_metric_expression(upstream, offset + extra, registry, ctx, stack), copy=False))
    return holder.this


def safe_divide(numerator: exp.Expression, denominator: exp.Expression) -> exp.Expression:
    """numerator / NULLIF(denominator, 0) in floating point (never integer division, never /0 errors)."""
    return exp.Div(
        this=cast(exp.paren(numerator, copy=False) if not isinstance(numerator, exp.Column) else numerator, DOUBLE),
        expression=denominator
        if isinstance(denominator, exp.Nullif)
        else exp.Nullif(this=denominator, expression=exp.Literal.number(0)),
    )


@lru_cache(maxsize=4096)
def _parse_model_expression(text: str, dialect: str) -> exp.Expression:
    return sqlglot.parse_one(text, read=dialect)


def _metric_filter(graph: SemanticGraph, metric: Metric, dialect: str) -> Optional[ResolvedFilter]:
    if not metric.filter:
        return None
    cache = graph.cache.setdefault("metric_filters", {})
    if metric.name not in cache:

        def dimensions_only(name: str) -> Ref:
            ref = resolve_filter_name(graph, name)
            if isinstance(ref, MetricName):
                raise QueryError(f"metric {metric.name!r}: its filter may name dimensions only, not {name!r}")
            return ref

        cache[metric.name] = parse_filter(metric.filter, dialect, dimensions_only)
    return cache[metric.name]


def plan_joins(plan: Plan, ctx: PlanContext) -> Plan:
    """Give every node (or the base of a dimension-only query) the joins its dimensions need."""
    wanted = [d.ref for d in plan.dimensions] + [r for f in plan.filters for r in f.dimensions]
    if plan.nodes:
        _require_time_for_offsets(plan)
        nodes = []
        for node in plan.nodes:
            refs = wanted + (node.metric_filter.dimensions if node.metric_filter else [])
            try:
                nodes.append(assign_joins(ctx.graph, node, refs, plan.via))
            except UnreachableError as exc:
                raise UnreachableError(
                    f"{exc.message}; metric(s) on {node.entity!r} cannot be grouped or filtered by it. "
                    "Remove that dimension, or add a relationship to the model",
                    details=exc.details,
                ) from None
        return replace(plan, nodes=tuple(nodes))
    if plan.metrics:
        raise QueryError(
            "metric(s) " + ", ".join(m.alias for m in plan.metrics) + " produced no aggregation; "
            "this is a bug in semctx, please report it"
        )
    if not plan.dimensions:
        raise QueryError("a query needs at least one metric or one dimension")
    if any(ref.is_metric_time for ref in wanted):
        raise QueryError(
            "metric_time needs a metric; name the entity's time dimension instead (e.g. orders.ordered_at__month)"
        )
    return replace(plan, base=_choose_base(ctx, wanted, plan.via))


def _require_time_for_offsets(plan: Plan) -> None:
    """An offset compares with an earlier period: without a time grouping or time filter it would compare the
    whole history with itself and report a confident, wrong zero."""
    shifted = [n for n in plan.nodes if n.offset]
    if not shifted:
        return
    grouped = [d.ref for d in plan.dimensions]
    refs = grouped + [r for f in plan.filters for r in f.dimensions]
    for node in shifted:
        timed = partial(_is_time_of, node)
        offset = " + ".join(f"{n} {g.value}" for n, g in node.offset)
        if not any(timed(r) for r in refs):
            raise QueryError(
                f"a metric in this query compares with an earlier period (offset {offset}); group by metric_time "
                "(e.g. metric_time__month) or filter on metric_time so there are periods to compare"
            )
        if not any(timed(r) for r in grouped) and _open_time_range(plan, timed):
            raise QueryError(  # 'since 2025' against a year earlier would compare 2025 with 2024 and 2025 together
                f"a metric in this query compares with an earlier period (offset {offset}), but the time filter "
                "has only a start or only an end; give both, or group by metric_time, so the earlier period is as "
                "long as the period itself"
            )


def _is_time_of(node: AggregationNode, ref: DimensionRef) -> bool:
    """metric_time, or the time dimension the node's measures are dated by."""
    return ref.is_metric_time or (
        ref.entity == node.entity and ref.dimension is not None and ref.dimension.name == node.time_dimension
    )


def _open_time_range(plan: Plan, timed: Callable[[DimensionRef], bool]) -> bool:
    """Whether the time filters bound the period on one side only (a start with no end, or an end with no start)."""
    lower = upper = False
    for f in plan.filters:
        for node in f.expression.find_all(exp.GT, exp.GTE, exp.LT, exp.LTE, exp.EQ, exp.Between):
            if isinstance(node, exp.Between):
                sides = [node.this]
            else:
                sides = [node.this, node.expression]
            columns = [
                i for i, side in enumerate(sides) if isinstance(side, exp.Column) and _timed_column(f, side, timed)
            ]
            if not columns:
                continue
            if isinstance(node, (exp.EQ, exp.Between)):
                lower = upper = True
            elif isinstance(node, (exp.GT, exp.GTE)):
                lower, upper = (lower or columns[0] == 0), (upper or columns[0] == 1)
            else:
                lower, upper = (lower or columns[0] == 1), (upper or columns[0] == 0)
    return lower != upper


def _timed_column(f: ResolvedFilter, column: exp.Column, timed: Callable[[DimensionRef], bool]) -> bool:
    ref = f.refs.get(column_key(column))
    return isinstance(ref, DimensionRef) and timed(ref)


def _choose_base(ctx: PlanContext, refs: Sequence[DimensionRef], via: tuple[str, ...]) -> AggregationNode:
    """The entity a dimension-only query starts from: one reaching every dimension without fanning out."""
    graph = ctx.graph
    entities = list(dict.fromkeys(ref.entity for ref in refs if ref.entity))
    candidates = [e for e in entities if e in via] or entities
    errors: list[str] = []
    for start in candidates + [e for e in graph.entities if e not in candidates]:
        try:
            node = assign_joins(graph, AggregationNode("base", start, None), refs, via)
        except SemctxError as exc:
            errors.append(exc.message)
            continue
        if not node.fan_out:
            if start not in entities and start not in via:
                bridging = [e for e in graph.entities if e not in entities and _reaches(graph, e, refs, via)]
                if len(bridging) > 1:
                    raise QueryError(
                        "these dimensions live on unrelated entities; several entities link them ("
                        + ", ".join(bridging)
                        + "); name one with a via hint, e.g. via: ["
                        + repr(bridging[0])
                        + "]",
                        details={"candidates": bridging},
                    )
            return node
    ambiguous = [message for message in errors if "different join paths" in message]
    if ambiguous:
        from semantic.errors import AmbiguousPathError

        raise AmbiguousPathError(ambiguous[0])
    raise QueryError(
        "no entity reaches all of "
        + ", ".join(r.qualified for r in refs)
        + " without a one-to-many join; query them separately or add a metric"
    )


def _reaches(graph: SemanticGraph, start: str, refs: Sequence[DimensionRef], via: tuple[str, ...]) -> bool:
    try:
        return not assign_joins(graph, AggregationNode("base", start, None), refs, via).fan_out
    except SemctxError:
        return False


def _order_name(text: str) -> tuple[str, bool]:
    cleaned = text.strip()
    if cleaned.startswith("-"):
        return cleaned[1:].strip(), True
    parts = cleaned.split()
    if len(parts) == 2 and parts[1].lower() in ("asc", "desc"):
        return parts[0], parts[1].lower() == "desc"
    return cleaned, False


def order_and_limit(plan: Plan, ctx: PlanContext) -> Plan:
    """Sort by the requested names; by default by the dimensions so results are deterministic."""
    by_alias = {d.alias: d.alias for d in plan.dimensions}
    for dim in plan.dimensions:
        by_alias.setdefault(dim.ref.qualified, dim.alias)
        by_alias.setdefault(dim.ref.qualified.replace(".", "__"), dim.alias)
    by_alias.update({m.alias: m.alias for m in plan.metrics})
    items: list[OrderItem] = []
    for text in ctx.query.order_by:
        name, descending = _order_name(text)
        alias = by_alias.get(name) or by_alias.get(name.replace(".", "__"))
        if alias is None:
            try:
                ref = ctx.graph.dimension(name)
            except SemctxError:
                raise UnknownNameError(
                    "order_by name", name, list(by_alias), hint="(order by a metric or a dimension of the query)"
                ) from None
            alias = next((d.alias for d in plan.dimensions if d.ref == ref), None)
            if alias is None:
                raise QueryError(f"cannot order by {name!r}: add it to the query's dimensions first")
        items.append(OrderItem(alias, descending))
    if not items:
        items = [OrderItem(d.alias, False) for d in plan.dimensions]
    return replace(plan, order_by=tuple(items))


PASSES: tuple[Pass, ...] = (bind, expand_metrics, plan_joins, fold_filtered_nodes, order_and_limit)


def build_plan(graph: SemanticGraph, query: SemanticQuery, dialect: str, passes: Sequence[Pass] = PASSES) -> Plan:
    """Run the passes in order over an empty plan."""
    ctx = PlanContext(graph, query, dialect)
    plan = Plan(dimensions=())
    for step in passes:
        plan = step(plan, ctx)
    return plan


__all__ = ["PASSES", "Pass", "PlanContext", "build_plan", "safe_divide"]
