"""Render a :class:`Plan` as one sqlglot SELECT.

Shape: each aggregation node becomes a CTE that aggregates one entity at the query's grain (joins
outward only to reach dimensions, so rows are never multiplied; across a one-to-many join the rows
are first made distinct per primary key). Several nodes are combined on a spine of their dimension
values with null-safe LEFT JOINs (drill-across, never a cross join of facts). Ratios and derived
metrics are computed over the aggregated columns.
"""

from __future__ import annotations

from typing import Optional, Sequence

from sqlglot import exp

from semantic.errors import QueryError
from semantic.graph.graph import DimensionRef, SemanticGraph
from semantic.model.types import Dimension, Grain
from semantic.plan.nodes import AggregateColumn, AggregationNode, OutputDimension, Plan
from semantic.query.filters import MetricName, Ref, ResolvedFilter
from semantic.sql.expressions import (
    aggregate,
    dimension_column,
    entity_source,
    interval,
    measure_value,
    null_safe_equal,
    shift_time,
    truncate,
)
from semantic.sql.masks import mask_expression

DEDUP = "deduplicated"
PERIODS = "periods"
FACTS = "facts"
SPINE = "spine"
ROWS = "__rows"


class Renderer:
    """Turns plans into sqlglot expressions for one graph; model SQL is read in ``model_dialect``."""

    def __init__(self, graph: SemanticGraph, model_dialect: str, target_dialect: str = "duckdb") -> None:
        self.graph = graph
        self.dialect = model_dialect
        self.target = target_dialect
        self._present: set[str] = set()  # nodes that also report their row count (see _unfiltered_siblings)
        self._masks: dict[str, str] = {}

    # ---- entry ---------------------------------------------------------------------------------

    def render(self, plan: Plan) -> exp.Select:
        self._masks = dict(plan.masks)
        if not plan.nodes:
            assert plan.base is not None
            select = self._node_select(plan.base, plan, distinct=True, measure_aliases={})
            return self._finish(select, plan, {})
        visible = [m for m in plan.metrics if not m.hidden]
        if (
            len(plan.nodes) == 1
            and not plan.having
            and len(visible) == len(plan.metrics)
            and all(isinstance(m.expression, exp.Column) for m in plan.metrics)
            and len({m.expression.name for m in plan.metrics}) == len(plan.metrics)
        ):
            node = plan.nodes[0]
            names = {m.expression.name: m.alias for m in plan.metrics}
            return self._finish(self._node(node, plan, names), plan, {})
        return self._combined(plan)

    def _finish(self, select: exp.Select, plan: Plan, hidden: dict[str, exp.Expression]) -> exp.Select:
        for item in plan.order_by:
            target = hidden.get(item.alias, exp.column(item.alias))
            select = select.order_by(exp.Ordered(this=target, desc=item.descending, nulls_first=False), copy=False)
        if plan.limit is not None:
            # ties broken by the remaining dimensions, so a top-N keeps the same rows on every engine and every run
            ordered = {item.alias for item in plan.order_by}
            for dimension in plan.dimensions:
                if dimension.alias not in ordered:
                    tie = exp.Ordered(this=exp.column(dimension.alias), desc=False, nulls_first=False)
                    select = select.order_by(tie, copy=False)
            select = select.limit(plan.limit, copy=False)
        return select

    # ---- drill-across --------------------------------------------------------------------------

    def _combined(self, plan: Plan) -> exp.Select:
        siblings = _unfiltered_siblings(plan)
        self._present = set(siblings.values())
        ctes = [_cte(node.name, self._node(node, plan, {})) for node in plan.nodes]
        aliases = [d.alias for d in plan.dimensions]
        current = _spine_nodes(plan)
        if aliases and len(current) > 1:
            union: exp.Expression = _project(current[0].name, aliases)
            for node in current[1:]:
                union = exp.union(union, _project(node.name, aliases), distinct=True, copy=False)
            ctes.append(_cte(SPINE, union))
            spine, joined = SPINE, list(plan.nodes)
        else:
            spine, joined = current[0].name, [n for n in plan.nodes if n is not current[0]]
        select = exp.Select(with_=exp.With(expressions=ctes), from_=exp.From(this=_table(spine)))
        for node in joined:
            if aliases:
                condition = exp.and_(
                    *[
                        null_safe_equal(exp.column(a, table=spine), exp.column(a, table=node.name), self.target)
                        for a in aliases
                    ],
                    copy=False,
                )
                select.append("joins", exp.Join(this=_table(node.name), on=condition, side="LEFT"))
            else:
                select.append("joins", exp.Join(this=_table(node.name), kind="CROSS"))
        for alias in aliases:
            select = select.select(exp.alias_(exp.column(alias, table=spine), alias, copy=False), copy=False)
        metric_exprs = {m.alias: _filtered_counts_as_zero(m.expression, plan, siblings) for m in plan.metrics}
        hidden: dict[str, exp.Expression] = {}
        for metric in plan.metrics:
            if metric.hidden:
                hidden[metric.alias] = metric_exprs[metric.alias]
            else:
                select = select.select(exp.alias_(metric_exprs[metric.alias], metric.alias, copy=False), copy=False)
        for having in plan.having:
            select = select.where(self._having(having, metric_exprs, plan.dimensions, spine), copy=False)
        return self._finish(select, plan, hidden)

    def _having(
        self,
        having: ResolvedFilter,
        metrics: dict[str, exp.Expression],
        dimensions: Sequence[OutputDimension],
        spine: str,
    ) -> exp.Expression:
        def replace(ref: Ref) -> exp.Expression:
            if isinstance(ref, MetricName):
                return exp.paren(metrics[ref.name].copy(), copy=False)
            alias = next(d.alias for d in dimensions if d.ref == ref)
            return exp.column(alias, table=spine)

        return having.render(replace)

    # ---- one aggregation node ------------------------------------------------------------------

    def _node(self, node: AggregationNode, plan: Plan, measure_aliases: dict[str, str]) -> exp.Select:
        if node.cumulative is not None and self._period_dimensions(node, plan):
            return self._cumulative(node, plan, measure_aliases)
        if node.cumulative is not None and (node.cumulative.window or node.cumulative.grain_to_date):
            raise QueryError(
                f"a windowed or grain-to-date cumulative metric needs metric_time (or "
                f"{node.entity}.{node.time_dimension}) among the dimensions"
            )
        if node.fan_out:
            return self._deduplicated(node, plan, measure_aliases)
        return self._node_select(node, plan, distinct=False, measure_aliases=measure_aliases)

    def _node_select(
        self, node: AggregationNode, plan: Plan, *, distinct: bool, measure_aliases: dict[str, str]
    ) -> exp.Select:
        select = exp.Select()
        dims = [(d.alias, self.dimension(node, d.ref)) for d in plan.dimensions]
        for alias, value in dims:
            select = select.select(exp.alias_(value, alias, copy=False), copy=False)
        for column in node.measures:
            select = select.select(
                exp.alias_(self._aggregate(node, column), measure_aliases.get(column.alias, column.alias), copy=False),
                copy=False,
            )
        if node.name in self._present:
            select = select.select(exp.alias_(exp.Count(this=exp.Star()), ROWS, copy=False), copy=False)
        select = self._from_where(select, node, plan)
        if distinct:
            select = select.distinct(copy=False)
        elif dims and node.measures:
            select = select.group_by(*[value.copy() for _, value in dims], copy=False)
        return select

    def _aggregate(self, node: AggregationNode, column: AggregateColumn) -> exp.Expression:
        """The column's aggregate; over the rows of its own filter only when it shares a node (plan/fold.py)."""
        measure = column.measure.measure
        value = measure_value(measure, node.entity, self.dialect)
        if column.only_where is None:
            return aggregate(measure, value, self.target)
        condition = column.only_where.render(lambda ref: self.dimension(node, ref))  # type: ignore[arg-type]
        kept = exp.Case(ifs=[exp.If(this=condition, true=value if value is not None else exp.Literal.number(1))])
        result = aggregate(measure, kept, self.target)
        if column.empty_is_null:
            result = exp.Nullif(this=result, expression=exp.Literal.number(0))
        return result

    def _from_where(
        self, select: exp.Select, node: AggregationNode, plan: Plan, filters: Optional[Sequence[ResolvedFilter]] = None
    ) -> exp.Select:
        entity = self.graph.entities[node.entity]
        select.set("from_", exp.From(this=entity_source(entity, node.entity, self.dialect)))
        for join in node.joins:
            target = self.graph.entities[join.entity]
            step = join.step
            condition = exp.and_(
                *[
                    exp.EQ(
                        this=exp.column(left, table=join.parent_alias), expression=exp.column(right, table=join.alias)
                    )
                    for left, right in zip(step.left_columns, step.right_columns)
                ],
                copy=False,
            )
            source = entity_source(target, join.alias, self.dialect)
            # a declared-complete to-one join is the same as an inner one, and inner joins can be reordered
            side = None if step.inner and not step.fans_out else "LEFT"
            select.append("joins", exp.Join(this=source, on=condition, side=side))
        active = list(plan.filters if filters is None else filters)
        if node.metric_filter is not None:
            active.append(node.metric_filter)
        for resolved in active:
            select = select.where(resolved.render(lambda ref: self.dimension(node, ref)), copy=False)  # type: ignore[arg-type]
        return select

    def _deduplicated(self, node: AggregationNode, plan: Plan, measure_aliases: dict[str, str]) -> exp.Select:
        """Across a one-to-many join: one row per (primary key, dimensions), then aggregate."""
        entity = self.graph.entities[node.entity]
        inner = exp.Select()
        for index, key in enumerate(entity.key_columns):
            inner = inner.select(
                exp.alias_(exp.column(key, table=node.entity), f"__key_{index}", copy=False), copy=False
            )
        for d in plan.dimensions:
            inner = inner.select(exp.alias_(self.dimension(node, d.ref), d.alias, copy=False), copy=False)
        for column in node.measures:
            value = measure_value(column.measure.measure, node.entity, self.dialect)
            if value is not None:
                inner = inner.select(exp.alias_(value, f"__value_{column.alias}", copy=False), copy=False)
        inner = self._from_where(inner, node, plan).distinct(copy=False)
        outer = exp.Select()
        for d in plan.dimensions:
            outer = outer.select(exp.alias_(exp.column(d.alias, table=DEDUP), d.alias, copy=False), copy=False)
        for column in node.measures:
            has_value = measure_value(column.measure.measure, node.entity, self.dialect) is not None
            value = exp.column(f"__value_{column.alias}", table=DEDUP) if has_value else None
            agg = aggregate(column.measure.measure, value, self.target)
            outer = outer.select(
                exp.alias_(agg, measure_aliases.get(column.alias, column.alias), copy=False), copy=False
            )
        outer.set("from_", exp.From(this=_subquery(inner, DEDUP)))
        if plan.dimensions:
            outer = outer.group_by(*[exp.column(d.alias, table=DEDUP) for d in plan.dimensions], copy=False)
        return outer

    # ---- cumulative ----------------------------------------------------------------------------

    def _period_dimensions(self, node: AggregationNode, plan: Plan) -> list[OutputDimension]:
        return [d for d in plan.dimensions if self._is_node_time(node, d.ref)]

    def _is_node_time(self, node: AggregationNode, ref: DimensionRef) -> bool:
        return ref.is_metric_time or (
            ref.entity == node.entity and ref.dimension is not None and ref.dimension.name == node.time_dimension
        )

    def _cumulative(self, node: AggregationNode, plan: Plan, measure_aliases: dict[str, str]) -> exp.Select:
        """Value of each period = aggregate over facts up to the period's last day with data (within the window,
        or since the start of the grain-to-date period), so a period still in progress is measured to date."""
        assert node.cumulative is not None
        periods_dims = self._period_dimensions(node, plan)
        if len(periods_dims) > 1:
            raise QueryError("a cumulative metric can be grouped by one time grain at a time")
        period_dim = periods_dims[0]
        grain = period_dim.ref.grain or Grain.day
        time_dim = self._time_dimension(node)
        raw_time = dimension_column(time_dim, node.entity, self.dialect)
        period_value = truncate(raw_time.copy(), grain, time_dim.grain)
        periods = exp.Select(
            expressions=[
                exp.alias_(period_value, "period", copy=False),
                exp.alias_(exp.Max(this=truncate(raw_time.copy(), Grain.day, time_dim.grain)), "last_date", copy=False),
            ],
            from_=exp.From(this=entity_source(self.graph.entities[node.entity], node.entity, self.dialect)),
            group=exp.Group(expressions=[period_value.copy()]),
        )
        time_filters = [
            f for f in plan.filters if f.dimensions and all(self._is_node_time(node, r) for r in f.dimensions)
        ]
        fact_filters = [f for f in plan.filters if f not in time_filters]
        others = [d for d in plan.dimensions if d is not period_dim]
        facts = exp.Select()
        for d in others:
            facts = facts.select(exp.alias_(self.dimension(node, d.ref), d.alias, copy=False), copy=False)
        shifted = shift_time(raw_time.copy(), node.offset) if node.offset else raw_time.copy()
        facts = facts.select(
            exp.alias_(truncate(shifted, Grain.day, time_dim.grain), "event_date", copy=False), copy=False
        )
        for column in node.measures:
            value = measure_value(column.measure.measure, node.entity, self.dialect)
            facts = facts.select(
                exp.alias_(
                    value if value is not None else exp.Literal.number(1), f"__value_{column.alias}", copy=False
                ),
                copy=False,
            )
        facts = self._from_where(facts, node, plan, fact_filters)
        period = exp.column("period", table=PERIODS)
        last_date = exp.column("last_date", table=PERIODS)
        event = exp.column("event_date", table=FACTS)
        conditions: list[exp.Expression] = [exp.LTE(this=event.copy(), expression=last_date.copy())]
        window = node.cumulative.window
        if window is not None:
            start = exp.Sub(this=last_date.copy(), expression=interval(window[0], window[1]))
            conditions.append(exp.GT(this=event.copy(), expression=start))
        if node.cumulative.grain_to_date is not None:
            to_date = truncate(period.copy(), node.cumulative.grain_to_date, Grain.day)
            conditions.append(exp.GTE(this=event.copy(), expression=to_date))
        select = exp.Select().select(exp.alias_(period.copy(), period_dim.alias, copy=False), copy=False)
        for d in others:
            select = select.select(exp.alias_(exp.column(d.alias, table=FACTS), d.alias, copy=False), copy=False)
        for column in node.measures:
            value = exp.column(f"__value_{column.alias}", table=FACTS)
            measure = column.measure.measure
            agg = (
                aggregate(measure, value, self.target)
                if not (measure.agg == "count" and measure.expr is None)
                else exp.Count(this=value)
            )
            select = select.select(
                exp.alias_(agg, measure_aliases.get(column.alias, column.alias), copy=False), copy=False
            )
        select.set("from_", exp.From(this=_subquery(periods, PERIODS)))
        select.append("joins", exp.Join(this=_subquery(facts, FACTS), on=exp.and_(*conditions, copy=False)))
        for resolved in time_filters:
            select = select.where(
                resolved.render(
                    lambda ref: (
                        truncate(period.copy(), ref.grain or Grain.day, grain)  # type: ignore[union-attr]
                        if (ref.grain or Grain.day).rank > grain.rank
                        else period.copy()
                    )
                ),
                copy=False,
            )
        group = [period.copy()] + [exp.column(d.alias, table=FACTS) for d in others]
        return select.group_by(*group, copy=False)

    # ---- dimensions ----------------------------------------------------------------------------

    def _time_dimension(self, node: AggregationNode) -> Dimension:
        found = self.graph.dimensions.get(f"{node.entity}.{node.time_dimension}")
        if found is None:
            raise QueryError(f"entity {node.entity!r} has no time dimension for metric_time")
        return found[1]

    def dimension(self, node: AggregationNode, ref: DimensionRef) -> exp.Expression:
        """The SQL of a dimension as seen from a node (through its join aliases; shifted when offset)."""
        if ref.is_metric_time:
            entity_name, dimension = node.entity, self._time_dimension(node)
        else:
            entity_name, dimension = ref.entity, ref.dimension  # type: ignore[assignment]
        assert entity_name is not None and dimension is not None
        value = dimension_column(dimension, node.alias_of(entity_name), self.dialect)
        mask = self._masks.get(f"{entity_name}.{dimension.name}")
        if mask is not None:
            return mask_expression(value, mask)
        if dimension.type != "time":
            return value
        if node.offset and entity_name == node.entity and dimension.name == node.time_dimension:
            value = shift_time(value, node.offset)
        return truncate(value, ref.grain or dimension.grain or Grain.day, dimension.grain)


def _unfiltered_siblings(plan: Plan) -> dict[str, str]:
    """For each plain node counting rows under a metric filter, a plain node of the same entity without one."""
    found: dict[str, str] = {}
    for node in plan.nodes:
        counts = any(c.measure.measure.agg in ("count", "count_distinct") for c in node.measures)
        if node.metric_filter is None or not counts or node.fan_out or node.cumulative is not None:
            continue
        for other in plan.nodes:
            if (
                other is not node
                and other.entity == node.entity
                and other.metric_filter is None
                and other.offset == node.offset
                and other.cumulative is None
                and not other.fan_out
                and other.time_dimension == node.time_dimension
            ):
                found[node.name] = other.name
                break
    return found


def _filtered_counts_as_zero(expression: exp.Expression, plan: Plan, siblings: dict[str, str]) -> exp.Expression:
    """A filtered count reads 0, not NULL, for a group its entity has rows in but none pass the filter.

    Groups the entity has no rows in at all stay NULL, as every other metric from another fact does.
    """
    counts = {
        (node.name, c.alias)
        for node in plan.nodes
        if node.name in siblings
        for c in node.measures
        if c.measure.measure.agg in ("count", "count_distinct")
    }
    if not counts:
        return expression

    def fill(column: exp.Expression) -> exp.Expression:
        if isinstance(column, exp.Column) and (column.table, column.name) in counts:
            present = exp.Not(this=exp.Is(this=exp.column(ROWS, table=siblings[column.table]), expression=exp.Null()))
            return exp.Case(
                ifs=[exp.If(this=present, true=exp.Coalesce(this=column.copy(), expressions=[exp.Literal.number(0)]))],
                default=column.copy(),
            )
        return column

    return expression.transform(fill)


def _spine_nodes(plan: Plan) -> list[AggregationNode]:
    """The nodes whose rows define the result: those of the visible metrics, current period first.

    Nodes only needed for ordering or metric filters, or shifted to an earlier period, never add rows.
    """
    visible = {
        column.table
        for metric in plan.metrics
        if not metric.hidden
        for column in metric.expression.find_all(exp.Column)
    }
    shown = [n for n in plan.nodes if n.name in visible] or list(plan.nodes)
    return [n for n in shown if not n.offset] or shown


def _project(table: str, aliases: Sequence[str]) -> exp.Select:
    return exp.Select(expressions=[exp.column(a, table=table) for a in aliases], from_=exp.From(this=_table(table)))


def _table(name: str) -> exp.Table:
    return exp.Table(this=exp.to_identifier(name))


def _cte(name: str, query: exp.Expression) -> exp.CTE:
    return exp.CTE(this=query, alias=exp.TableAlias(this=exp.to_identifier(name)))


def _subquery(query: exp.Expression, alias: str) -> exp.Subquery:
    return exp.Subquery(this=query, alias=exp.TableAlias(this=exp.to_identifier(alias)))
