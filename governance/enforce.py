"""The governance plan pass: deny, filter rows, mask columns, by rewriting the plan (never the SQL text).

It runs right after names are bound. An element of a domain the principal cannot use is reported exactly as a
name that does not exist; an element it can see but is denied is "not permitted". Row filters get the
principal's attributes as literals in the expression tree; a missing attribute denies the query, and so does
a query the filter cannot be applied to. Filters on masked dimensions are refused (filtering reveals values).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Callable

import sqlglot
from sqlglot import exp

from governance.access import Access
from semantic.errors import NotPermittedError, UnknownNameError
from semantic.graph.graph import DimensionRef, SemanticGraph
from semantic.plan.nodes import Plan
from semantic.query.filters import ResolvedFilter, parse_filter

if TYPE_CHECKING:
    from semantic.access import Principal
    from semantic.plan.build import PlanContext


def literal(value: Any) -> exp.Expression:
    """A principal's attribute as a SQL literal node (never as text spliced into SQL)."""
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, (int, float)):
        return exp.Literal.number(value)
    return exp.Literal.string(str(value))


def bind_attributes(text: str, dialect: str, attributes: dict[str, Any], who: str) -> str:
    """The filter with each ``:name`` replaced by the principal's attribute, as a literal node."""
    tree = sqlglot.parse_one(text, read=dialect)

    def swap(node: exp.Expression) -> exp.Expression:
        if isinstance(node, exp.Placeholder):
            name = node.name
            if name not in attributes:
                raise NotPermittedError(
                    f"access for {who} is limited by a row filter that needs the attribute {name!r}, which {who} "
                    "does not have; the query is denied rather than run unfiltered"
                )
            return literal(attributes[name])
        return node

    return tree.transform(swap).sql(dialect=dialect)


def enforcement_pass(access: Access, principal: "Principal") -> Callable[[Plan, "PlanContext"], Plan]:
    def enforce(plan: Plan, ctx: "PlanContext") -> Plan:
        graph = ctx.graph
        metrics = list(ctx.query.metrics)
        for name in metrics:
            check_metric(graph, access, name, principal)
        used: list[DimensionRef] = [d.ref for d in plan.dimensions]
        for resolved in (*plan.filters, *plan.having):
            for ref in resolved.refs.values():
                if isinstance(ref, DimensionRef):
                    used.append(ref)
                    if _mask(graph, access, ref):
                        raise NotPermittedError(f"filtering on {ref.qualified} is not permitted for {principal.name}")
                else:
                    check_metric(graph, access, ref.name, principal)
        for ref in used:
            check_dimension(graph, access, ref, principal)
        domains = {graph.metric_domain(graph.metrics[m]) for m in metrics} | {
            graph.entities[r.entity].domain for r in used if r.entity
        }
        added = tuple(
            _row_filter(graph, ctx.dialect, rule.filter, principal, metrics, plan)
            for rule in access.row_filters
            if not rule.domains or domains & set(rule.domains)
        )
        masks = tuple(  # by name without grain: a time dimension is masked at every grain
            {(r.name, kind) for r in {d.ref for d in plan.dimensions} if (kind := _mask(graph, access, r))}
        )
        return replace(plan, filters=plan.filters + added, masks=tuple(sorted(masks)))

    return enforce


def check_metric(graph: SemanticGraph, access: Access, name: str, principal: "Principal") -> None:
    metric = graph.metrics[name]
    for each in [name, *graph.upstream_metrics(metric)]:
        domain = graph.metric_domain(graph.metrics[each])
        if not access.domain_allowed(domain):
            visible = [m for m in graph.metrics if access.domain_allowed(graph.metric_domain(graph.metrics[m]))]
            if each == name:
                raise UnknownNameError("metric", name, visible)
            raise NotPermittedError(f"metric {name!r} is not permitted for {principal.name}")
        if not access.metric_granted(each):
            raise NotPermittedError(f"metric {name!r} is not permitted for {principal.name}")


def check_dimension(graph: SemanticGraph, access: Access, ref: DimensionRef, principal: "Principal") -> None:
    if ref.entity is None:  # metric_time
        return
    if not access.domain_allowed(graph.entities[ref.entity].domain):
        visible = [d for d, (e, _) in graph.dimensions.items() if access.domain_allowed(e.domain)]
        raise UnknownNameError("dimension", ref.qualified, visible)
    if ref.name in access.deny_dimensions:
        raise NotPermittedError(f"dimension {ref.qualified!r} is not permitted for {principal.name}")


def _mask(graph: SemanticGraph, access: Access, ref: DimensionRef) -> Any:
    if ref.dimension is None:
        return None
    return access.mask_for(ref.name, ref.dimension.pii.value)


def _row_filter(
    graph: SemanticGraph, dialect: str, text: str, principal: "Principal", metrics: list[str], plan: Plan
) -> ResolvedFilter:
    bound = bind_attributes(text, dialect, dict(principal.attributes), principal.name)
    resolved = parse_filter(bound, dialect, lambda key: graph.dimension(key))
    targets = {r.entity for r in resolved.dimensions if r.entity}
    if metrics:  # every measure must reach the filtered entities without fanning out
        starts = {ref.entity for m in metrics for ref in graph.base_measures(graph.metrics[m])}
        blocked = sorted(s for s in starts if not targets <= graph.paths.reachable_to_one(s))
    else:  # a listing: some listed entity must reach them
        starts = {d.ref.entity for d in plan.dimensions if d.ref.entity}
        blocked = [] if any(targets <= graph.paths.reachable_to_one(s) for s in starts) else sorted(starts)
    if blocked:
        raise NotPermittedError(
            f"access for {principal.name} is limited by the row filter {text!r}, which cannot be applied to this "
            f"query ({', '.join(blocked)} cannot be filtered by {', '.join(sorted(targets))}); the query is denied"
        )
    return replace(resolved, text=f"policy: {bound}")
