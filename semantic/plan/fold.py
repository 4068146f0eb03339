"""Filtered metrics of one fact share one scan: a plan pass after the joins are planned.

Without it, every metric filter gets its own aggregation node (CTE), and the fact table is read once per filter:
``high_line_count`` and ``low_line_count`` over lineitem scan 6 million rows twice, and a promo-revenue share
(filtered / unfiltered) scans them twice too. Here nodes of the same entity and time dimension, without offset,
cumulative window or fan-out, all shown in the result, become one node: each measure aggregates only the rows of
its own filter (``SUM(CASE WHEN f THEN x END)``) and the node reads the rows that pass any of them (no WHERE when
one measure has no filter).

The answer is unchanged. The rows of the result were the union of the nodes' groups and still are; a measure over
no passing rows reads NULL as before; a filtered count reads 0 where an unfiltered node of the entity has the group
(as ``_filtered_counts_as_zero`` did) and NULL otherwise (``empty_is_null``). Nodes only used for ordering or HAVING
are never folded, so they still add no rows.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from sqlglot import exp

from semantic.plan.joins import assign_joins
from semantic.plan.nodes import AggregateColumn, AggregationNode, Plan
from semantic.query.filters import ResolvedFilter

if TYPE_CHECKING:
    from semantic.plan.build import PlanContext


def fold_filtered_nodes(plan: Plan, ctx: "PlanContext") -> Plan:
    if len(plan.nodes) < 2:
        return plan
    shown = {c.table for m in plan.metrics if not m.hidden for c in m.expression.find_all(exp.Column)}
    groups: dict[tuple[str, Optional[str]], list[AggregationNode]] = {}
    for node in plan.nodes:
        groups.setdefault((node.entity, node.time_dimension), []).append(node)
    renamed: dict[tuple[str, str], tuple[str, str]] = {}
    merged: dict[str, Optional[AggregationNode]] = {}  # first node's name -> merged node; others -> None
    for nodes in groups.values():
        if (
            len(nodes) < 2
            or not any(n.metric_filter for n in nodes)
            or any(n.offset or n.cumulative is not None or n.fan_out or n.name not in shown for n in nodes)
        ):
            continue
        folded = _fold(nodes, plan, ctx, renamed)
        merged[nodes[0].name] = folded
        merged.update({n.name: None for n in nodes[1:]})
    if not merged:
        return plan
    nodes_out = [merged.get(n.name, n) if n.name in merged else n for n in plan.nodes]

    def rename(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Column) and (node.table, node.name) in renamed:
            table, alias = renamed[(node.table, node.name)]
            return exp.column(alias, table=table)
        return node

    metrics = tuple(replace(m, expression=m.expression.transform(rename)) for m in plan.metrics)
    return replace(plan, nodes=tuple(n for n in nodes_out if n is not None), metrics=metrics)


def _fold(
    nodes: list[AggregationNode], plan: Plan, ctx: "PlanContext", renamed: dict[tuple[str, str], tuple[str, str]]
) -> AggregationNode:
    first = nodes[0]
    all_filtered = all(n.metric_filter is not None for n in nodes)
    columns: list[AggregateColumn] = []
    taken: set[str] = set()
    for node in nodes:
        for column in node.measures:
            alias, count = column.alias, 1
            while alias in taken:
                count += 1
                alias = f"{column.alias}_{count}"
            taken.add(alias)
            renamed[(node.name, column.alias)] = (first.name, alias)
            counts = column.measure.measure.agg in ("count", "count_distinct")
            columns.append(
                AggregateColumn(
                    alias, column.measure, node.metric_filter, all_filtered and counts and bool(node.metric_filter)
                )
            )
    where = _any_of([n.metric_filter for n in nodes]) if all_filtered else None
    bare = replace(first, measures=tuple(columns), metric_filter=where, joins=(), join_aliases=(), fan_out=False)
    wanted = [d.ref for d in plan.dimensions] + [r for f in plan.filters for r in f.dimensions]
    refs = wanted + [r for n in nodes if n.metric_filter for r in n.metric_filter.dimensions]
    return assign_joins(ctx.graph, bare, refs, plan.via)


def _any_of(filters: list[Optional[ResolvedFilter]]) -> ResolvedFilter:
    present = [f for f in filters if f is not None]
    refs = {key: ref for f in present for key, ref in f.refs.items()}
    expression = exp.or_(*[exp.paren(f.expression.copy(), copy=False) for f in present], copy=False)
    return ResolvedFilter(" OR ".join(f"({f.text})" for f in present), expression, refs)
