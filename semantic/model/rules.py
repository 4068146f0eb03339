"""Cross-element validation rules. Each rule yields issues; a rule that crashes becomes an issue too.

>>> from semantic.model.loader import load_texts
>>> model, _ = load_texts({"m.yml": "metrics:\\n  - name: revenue\\n    measure: amount\\n"})
>>> [i.code for i in validate_model(model)]
['unknown_measure']
"""

from __future__ import annotations

from collections import Counter
from typing import Callable, Iterable, Iterator, Optional

import sqlglot
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from semantic.errors import SemctxError
from semantic.graph.graph import SemanticGraph
from semantic.model.issues import Issue
from semantic.model.semantic_model import SemanticModel
from semantic.model.types import Metric
from semantic.names import did_you_mean

Rule = Callable[[SemanticModel, SemanticGraph], Iterable[Issue]]


def _issue(
    model: SemanticModel, key: str, code: str, message: str, suggestions: Iterable[str] = (), level: str = "error"
) -> Issue:
    where = model.where(key)
    return Issue(level, code, message, where.file, where.line, tuple(suggestions))  # type: ignore[arg-type]


def _parse(text: str, dialect: str) -> Optional[exp.Expression]:
    try:
        return sqlglot.parse_one(text, read=dialect)
    except (ParseError, TokenError, ValueError):
        return None


def duplicate_names(model: SemanticModel, graph: SemanticGraph) -> Iterator[Issue]:
    for kind, names in (
        ("domain", [d.name for d in model.domains]),
        ("entity", [e.name for e in model.entities]),
        ("metric", [m.name for m in model.metrics]),
        ("relationship", [r.name for r in model.relationships if r.name]),
    ):
        for name, count in Counter(names).items():
            if count > 1:
                yield _issue(model, f"{kind}:{name}", "duplicate_name", f"{kind} {name!r} is defined {count} times")
    for entity in model.entities:
        for kind, names in (
            ("dimension", [d.name for d in entity.dimensions]),
            ("measure", [m.name for m in entity.measures]),
        ):
            for name, count in Counter(names).items():
                if count > 1:
                    yield _issue(
                        model,
                        f"{kind}:{entity.name}.{name}",
                        "duplicate_name",
                        f"{kind} {name!r} is defined {count} times on entity {entity.name!r}",
                    )


def entities(model: SemanticModel, graph: SemanticGraph) -> Iterator[Issue]:
    dialect = model.config.dialect
    for entity in model.entities:
        key = f"entity:{entity.name}"
        if bool(entity.table) == bool(entity.sql):
            yield _issue(model, key, "entity_source", f"entity {entity.name!r} needs exactly one of table or sql")
        if entity.sql:
            parsed = _parse(entity.sql, dialect)
            if not isinstance(parsed, exp.Query):
                yield _issue(model, key, "invalid_sql", f"entity {entity.name!r}: sql is not a valid SELECT")
        if entity.domain and entity.domain not in graph.domains:
            yield _issue(
                model,
                key,
                "unknown_domain",
                f"entity {entity.name!r}: unknown domain {entity.domain!r}",
                did_you_mean(entity.domain, graph.domains),
            )
        if not entity.key_columns and entity.measures:
            yield _issue(
                model,
                key,
                "missing_primary_key",
                f"entity {entity.name!r} has measures but no "
                "primary_key; it cannot be grouped across one-to-many joins",
                level="warning",
            )
        times = {d.name: d for d in entity.dimensions}
        names = [entity.default_time_dimension] + [m.agg_time_dimension for m in entity.measures]
        for name in filter(None, names):
            if name not in times:
                yield _issue(
                    model,
                    key,
                    "unknown_dimension",
                    f"entity {entity.name!r}: time dimension {name!r} is not one of its dimensions",
                    did_you_mean(name, times),
                )
            elif times[name].type != "time":
                yield _issue(
                    model,
                    key,
                    "type_mismatch",
                    f"entity {entity.name!r}: {name!r} is used as a time dimension but has type {times[name].type}",
                )
        yield from _dimensions_and_measures(model, entity, dialect)


def _dimensions_and_measures(model: SemanticModel, entity, dialect: str) -> Iterator[Issue]:  # type: ignore[no-untyped-def]
    dims = {d.name: d for d in entity.dimensions}
    for dim in entity.dimensions:
        key = f"dimension:{entity.name}.{dim.name}"
        if dim.type == "time" and dim.grain is None:
            yield _issue(
                model,
                key,
                "time_dimension_without_grain",
                f"time dimension {entity.name}.{dim.name} needs a grain (day, week, month, quarter, year)",
            )
        if dim.type != "time" and dim.grain is not None:
            yield _issue(
                model,
                key,
                "type_mismatch",
                f"dimension {entity.name}.{dim.name} has a grain but type {dim.type}; only time dimensions have grains",
            )
        if dim.expr and _parse(dim.expr, dialect) is None:
            yield _issue(model, key, "invalid_sql", f"dimension {entity.name}.{dim.name}: expr is not valid SQL")
    for measure in entity.measures:
        key = f"measure:{entity.name}.{measure.name}"
        if measure.agg == "percentile" and not (measure.percentile is not None and 0 < measure.percentile < 1):
            yield _issue(
                model,
                key,
                "invalid_percentile",
                f"measure {entity.name}.{measure.name}: agg percentile needs percentile between 0 and 1",
            )
        if measure.agg != "percentile" and measure.percentile is not None:
            yield _issue(
                model,
                key,
                "type_mismatch",
                f"measure {entity.name}.{measure.name}: percentile is only for agg: percentile",
            )
        if measure.expr and _parse(measure.expr, dialect) is None:
            yield _issue(model, key, "invalid_sql", f"measure {entity.name}.{measure.name}: expr is not valid SQL")
        source = dims.get(measure.expr or measure.name)
        if source is not None and measure.agg in ("sum", "avg", "median", "percentile") and source.type != "number":
            yield _issue(
                model,
                key,
                "type_mismatch",
                f"measure {entity.name}.{measure.name}: {measure.agg} over "
                f"{source.type} dimension {source.name!r}; it needs a number",
            )


def relationships(model: SemanticModel, graph: SemanticGraph) -> Iterator[Issue]:
    for rel in model.relationships:
        key = f"relationship:{rel.label}"
        for side in (rel.from_entity, rel.to_entity):
            if side not in graph.entities:
                yield _issue(
                    model,
                    key,
                    "dangling_relationship",
                    f"relationship {rel.label!r} refers to unknown entity {side!r}",
                    did_you_mean(side, graph.entities),
                )
        if rel.from_entity not in graph.entities or rel.to_entity not in graph.entities:
            continue
        target = graph.entities[rel.to_entity]
        to_columns = rel.to_columns or target.primary_key
        if not to_columns:
            yield _issue(
                model,
                key,
                "missing_key",
                f"relationship {rel.label!r}: set to_key, or a primary_key on {rel.to_entity!r}",
            )
            continue
        count_from = 1 if isinstance(rel.from_columns, str) else len(rel.from_columns)
        count_to = 1 if isinstance(to_columns, str) else len(to_columns)
        if count_from != count_to:
            yield _issue(
                model, key, "type_mismatch", f"relationship {rel.label!r} joins {count_from} column(s) to {count_to}"
            )


def metrics(model: SemanticModel, graph: SemanticGraph) -> Iterator[Issue]:
    from semantic.plan.build import resolve_filter_name
    from semantic.query.filters import MetricName, parse_filter

    dialect = model.config.dialect
    for metric in model.metrics:
        key = f"metric:{metric.name}"
        if metric.domain and metric.domain not in graph.domains:
            yield _issue(
                model,
                key,
                "unknown_domain",
                f"metric {metric.name!r}: unknown domain {metric.domain!r}",
                did_you_mean(metric.domain, graph.domains),
            )
        if metric.measure:
            try:
                ref = graph.measure(metric.measure)
            except SemctxError as exc:
                yield _issue(model, key, "unknown_measure", f"metric {metric.name!r}: {exc.message}")
                continue
            if metric.type == "cumulative" and graph.agg_time_dimension(ref) is None:
                yield _issue(
                    model,
                    key,
                    "missing_time_dimension",
                    f"cumulative metric {metric.name!r}: measure "
                    f"{ref.qualified} has no time dimension (set default_time_dimension)",
                )
        for name in (metric.numerator, metric.denominator, *(i.metric for i in metric.inputs)):
            if name and name not in graph.metrics:
                yield _issue(
                    model,
                    key,
                    "unknown_metric",
                    f"metric {metric.name!r} uses unknown metric {name!r}",
                    did_you_mean(name, graph.metrics),
                )
        if metric.type == "derived":
            yield from _derived(model, graph, metric, dialect)
        if metric.filter:

            def dims_only(name: str):  # type: ignore[no-untyped-def]
                ref = resolve_filter_name(graph, name)
                if isinstance(ref, MetricName):
                    raise SemctxError(f"{name!r} is a metric; metric filters name dimensions only")
                return ref

            try:
                parse_filter(metric.filter, dialect, dims_only)
            except SemctxError as exc:
                yield _issue(model, key, "invalid_filter", f"metric {metric.name!r}: {exc.message}")
    yield from _cycles(model, graph)


def _derived(model: SemanticModel, graph: SemanticGraph, metric: Metric, dialect: str) -> Iterator[Issue]:
    key = f"metric:{metric.name}"
    parsed = _parse(metric.expr or "", dialect)
    if parsed is None:
        yield _issue(model, key, "invalid_sql", f"derived metric {metric.name!r}: expr is not valid SQL")
        return
    known = {i.ref for i in metric.inputs}
    for column in parsed.find_all(exp.Column):
        if column.table or (column.name not in known and column.name not in graph.metrics):
            yield _issue(
                model,
                key,
                "unknown_metric",
                f"derived metric {metric.name!r}: expr names {column.sql()!r}, which is neither an input nor a metric",
                did_you_mean(column.name, list(known) + list(graph.metrics)),
            )
    for given in metric.inputs:
        if given.offset and given.metric in graph.metrics:
            for ref in _safe_base_measures(graph, graph.metrics[given.metric]):
                if graph.agg_time_dimension(ref) is None:
                    yield _issue(
                        model,
                        key,
                        "missing_time_dimension",
                        f"derived metric {metric.name!r}: "
                        f"offset input {given.metric!r} is built on {ref.qualified}, which has no time "
                        "dimension",
                    )


def _safe_base_measures(graph: SemanticGraph, metric: Metric) -> list:  # type: ignore[type-arg]
    try:
        return graph.base_measures(metric)
    except SemctxError:
        return []


def _cycles(model: SemanticModel, graph: SemanticGraph) -> Iterator[Issue]:
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def upstream(metric: Metric) -> list[str]:
        names = [n for n in (metric.numerator, metric.denominator) if n] + [i.metric for i in metric.inputs]
        if metric.type == "derived" and metric.expr:
            parsed = _parse(metric.expr, model.config.dialect)
            inputs = {i.ref for i in metric.inputs}
            if parsed is not None:
                names += [c.name for c in parsed.find_all(exp.Column) if c.name not in inputs]
        return [n for n in names if n in graph.metrics]

    def visit(name: str, path: list[str]) -> Iterator[Issue]:
        state[name] = 1
        for child in upstream(graph.metrics[name]):
            if state.get(child) == 1:
                cycle = path[path.index(child) :] + [child] if child in path else [name, child]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield _issue(
                        model,
                        f"metric:{child}",
                        "metric_cycle",
                        "metrics depend on each other in a cycle: " + " -> ".join(cycle),
                    )
            elif state.get(child) is None:
                yield from visit(child, path + [child])
        state[name] = 2

    for name in graph.metrics:
        if state.get(name) is None:
            yield from visit(name, [name])


def references(model: SemanticModel, graph: SemanticGraph) -> Iterator[Issue]:
    for term in model.glossary:
        if term.domain and term.domain not in graph.domains:
            yield _issue(
                model,
                f"term:{term.name}",
                "unknown_domain",
                f"glossary term {term.name!r}: unknown domain {term.domain!r}",
                did_you_mean(term.domain, graph.domains),
            )


RULES: tuple[Rule, ...] = (duplicate_names, entities, relationships, metrics, references)


def validate_model(
    model: SemanticModel, graph: Optional[SemanticGraph] = None, rules: Iterable[Rule] = RULES
) -> list[Issue]:
    """Run every rule; a rule that raises is reported as an ``internal_rule_error`` issue."""
    graph = graph or SemanticGraph(model)
    issues: list[Issue] = []
    for rule in rules:
        try:
            issues.extend(rule(model, graph))
        except Exception as exc:  # noqa: BLE001 - a broken rule must not hide the other issues
            issues.append(Issue("error", "internal_rule_error", f"rule {rule.__name__} failed: {exc!r}"))
    return issues
