"""Listing and describing elements: what an analyst or agent needs to use one correctly."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, Field
from sqlglot import exp

from semantic.errors import SemctxError, UnknownNameError
from semantic.graph.graph import SemanticGraph
from semantic.model.types import Metric
from semantic.sql.expressions import parse_model_sql


class ElementSummary(BaseModel):
    """One line about an element."""

    kind: str
    name: str
    domain: Optional[str] = None
    type: Optional[str] = None
    description: str = ""
    synonyms: list[str] = Field(default_factory=list)
    owner: Optional[str] = None
    certified: bool = False


class ElementDetail(ElementSummary):
    """Everything about one element."""

    label: Optional[str] = None
    formula: Optional[str] = None
    definition: dict[str, Any] = Field(default_factory=dict)
    tables: list[str] = Field(default_factory=list)
    columns: list[str] = Field(default_factory=list)
    measures: list[str] = Field(default_factory=list)
    metrics: list[str] = Field(default_factory=list)
    dimensions: list[str] = Field(default_factory=list)
    pii: Optional[str] = None
    sample_values: list[Any] = Field(default_factory=list)
    defined_at: Optional[str] = None
    caveats: list[str] = Field(default_factory=list, description="E.g. a broken data contract on a source table.")

    def to_text(self) -> str:
        lines = [f"{self.kind} {self.name}" + (f" ({self.type})" if self.type else "")]
        for label, value in (
            ("domain", self.domain),
            ("description", self.description),
            ("formula", self.formula),
            ("owner", self.owner),
            ("certified", "yes" if self.certified else "no"),
            ("synonyms", ", ".join(self.synonyms)),
            ("pii", self.pii),
            ("measures", ", ".join(self.measures)),
            ("metrics", ", ".join(self.metrics)),
            ("tables", ", ".join(self.tables)),
            ("columns", ", ".join(self.columns)),
            ("dimensions", ", ".join(self.dimensions)),
            ("sample values", ", ".join(map(str, self.sample_values))),
            ("defined at", self.defined_at),
            ("caveats", "; ".join(self.caveats)),
        ):
            if value:
                lines.append(f"  {label}: {value}")
        return "\n".join(lines)


def list_elements(graph: SemanticGraph, kind: str, domain: Optional[str]) -> list[ElementSummary]:
    if kind == "domains":
        return [
            ElementSummary(
                kind="domain",
                name=d.name,
                domain=d.name,
                description=d.description,
                synonyms=list(d.synonyms),
                owner=d.owner,
                certified=d.certified,
            )
            for d in sorted(graph.domains.values(), key=lambda d: d.name)
        ]
    if kind == "metrics":
        items = []
        for metric in graph.metrics.values():
            metric_domain = graph.metric_domain(metric)
            if domain is None or metric_domain == domain:
                items.append(
                    ElementSummary(
                        kind="metric",
                        name=metric.name,
                        domain=metric_domain,
                        type=metric.type,
                        description=metric.description,
                        synonyms=list(metric.synonyms),
                        owner=metric.owner,
                        certified=metric.certified,
                    )
                )
        return sorted(items, key=lambda i: i.name)
    entities = sorted(graph.entities_in_domain(domain), key=lambda e: e.name)
    if kind == "entities":
        return [
            ElementSummary(
                kind="entity",
                name=e.name,
                domain=e.domain,
                description=e.description,
                synonyms=list(e.synonyms),
                owner=e.owner,
                certified=e.certified,
            )
            for e in entities
        ]
    if kind in ("dimensions", "measures"):
        out = []
        for entity in entities:
            children = entity.dimensions if kind == "dimensions" else entity.measures
            for child in children:
                out.append(
                    ElementSummary(
                        kind=kind[:-1],
                        name=f"{entity.name}.{child.name}",
                        domain=entity.domain,
                        type=getattr(child, "type", None) or getattr(child, "agg", None),
                        description=child.description,
                        synonyms=list(child.synonyms),
                        owner=child.owner or entity.owner,
                        certified=child.certified,
                    )
                )
        return out
    raise UnknownNameError("kind", kind, ["metrics", "dimensions", "entities", "domains", "measures"])


def describe_element(graph: SemanticGraph, name: str) -> ElementDetail:
    """Find ``name`` among metrics, entities, domains, dimensions and measures, and describe it."""
    if name in graph.metrics:
        return _describe_metric(graph, graph.metrics[name])
    if name in graph.entities:
        entity = graph.entities[name]
        return ElementDetail(
            kind="entity",
            name=name,
            domain=entity.domain,
            description=entity.description,
            synonyms=list(entity.synonyms),
            owner=entity.owner,
            certified=entity.certified,
            label=entity.label,
            tables=[entity.table or "(sql)"],
            columns=list(entity.key_columns),
            dimensions=[f"{name}.{d.name}" for d in entity.dimensions],
            measures=[f"{name}.{m.name}" for m in entity.measures],
            definition=entity.model_dump(exclude_defaults=True, exclude={"dimensions", "measures"}),
            defined_at=str(graph.model.where(f"entity:{name}")),
        )
    if name in graph.domains:
        domain = graph.domains[name]
        return ElementDetail(
            kind="domain",
            name=name,
            domain=name,
            description=domain.description,
            owner=domain.owner,
            synonyms=list(domain.synonyms),
            metrics=sorted(m.name for m in graph.metrics.values() if graph.metric_domain(m) == name),
            tables=sorted(e.name for e in graph.entities_in_domain(name)),
            defined_at=str(graph.model.where(f"domain:{name}")),
        )
    if name in graph.measures or (name in graph.measures_by_name and len(graph.measures_by_name[name]) == 1):
        ref = graph.measure(name)
        entity = graph.entities[ref.entity]
        measure = ref.measure
        return ElementDetail(
            kind="measure",
            name=ref.qualified,
            domain=entity.domain,
            type=measure.agg,
            description=measure.description,
            synonyms=list(measure.synonyms),
            owner=measure.owner or entity.owner,
            certified=measure.certified,
            formula=f"{measure.agg}({measure.expr or ('*' if measure.agg == 'count' else measure.name)})",
            tables=[entity.table or "(sql)"],
            columns=_columns(graph, ref.entity, measure.expr or measure.name),
            definition=measure.model_dump(exclude_defaults=True),
            defined_at=str(graph.model.where(f"measure:{ref.qualified}")),
        )
    try:
        ref = graph.dimension(name)
    except SemctxError:
        candidates = [*graph.metrics, *graph.entities, *graph.domains, *graph.dimensions, *graph.measures]
        raise UnknownNameError("element", name, candidates) from None
    if ref.dimension is None or ref.entity is None:
        return ElementDetail(
            kind="dimension",
            name="metric_time",
            type="time",
            description="Each metric's own time dimension (agg_time_dimension).",
        )
    entity = graph.entities[ref.entity]
    dim = ref.dimension
    return ElementDetail(
        kind="dimension",
        name=f"{entity.name}.{dim.name}",
        domain=entity.domain,
        type=dim.type,
        description=dim.description,
        synonyms=list(dim.synonyms),
        owner=dim.owner or entity.owner,
        certified=dim.certified,
        label=dim.label,
        formula=dim.expr or dim.name,
        tables=[entity.table or "(sql)"],
        columns=_columns(graph, entity.name, dim.expr or dim.name),
        pii=dim.pii.value if dim.pii.value != "none" else None,
        sample_values=list(dim.sample_values),
        definition=dim.model_dump(exclude_defaults=True),
        defined_at=str(graph.model.where(f"dimension:{entity.name}.{dim.name}")),
    )


def _columns(graph: SemanticGraph, entity_name: str, text: str) -> list[str]:
    entity = graph.entities[entity_name]
    table = entity.table or entity.name
    try:
        parsed = parse_model_sql(text, graph.model.config.dialect)
    except Exception:  # noqa: BLE001 - lineage is best effort for unparsable author SQL
        return []
    return sorted(
        {f"{table}.{c.name}" for c in parsed.find_all(exp.Column)}
        | ({f"{table}.{parsed.name}"} if isinstance(parsed, exp.Column) else set())
    )


def formula(graph: SemanticGraph, metric: Metric) -> str:
    """The metric in words and symbols, e.g. ``sum(orders.amount) where orders.status = 'completed'``."""
    if metric.type in ("simple", "cumulative"):
        ref = graph.measure(metric.measure or "")
        text = f"{ref.measure.agg}({ref.entity}.{ref.measure.expr or ('*' if ref.measure.agg == 'count' else ref.measure.name)})"
        if metric.type == "cumulative":
            window = f"over the trailing {metric.window}" if metric.window else "running total"
            to_date = f", restarting each {metric.grain_to_date.value}" if metric.grain_to_date else ""
            text = f"{text} {window}{to_date}"
        return text + (f" where {metric.filter}" if metric.filter else "")
    if metric.type == "ratio":
        return f"{metric.numerator} / {metric.denominator}"
    offsets = [f"{i.ref} = {i.metric} {i.offset} earlier" for i in metric.inputs if i.offset]
    return (metric.expr or "") + (f" (where {'; '.join(offsets)})" if offsets else "")


def _describe_metric(graph: SemanticGraph, metric: Metric) -> ElementDetail:
    measures = graph.base_measures(metric)
    tables = sorted({graph.entities[m.entity].table or f"({m.entity} sql)" for m in measures})
    columns = sorted(
        {
            c
            for m in measures
            if m.measure.expr or m.measure.agg != "count"
            for c in _columns(graph, m.entity, m.measure.expr or m.measure.name)
        }
    )
    upstream = [n for n in (metric.numerator, metric.denominator) if n] + [i.metric for i in metric.inputs]
    reachable = _groupable_dimensions(graph, measures)
    return ElementDetail(
        kind="metric",
        name=metric.name,
        domain=graph.metric_domain(metric),
        type=metric.type,
        description=metric.description,
        synonyms=list(metric.synonyms),
        owner=metric.owner,
        certified=metric.certified,
        label=metric.label,
        formula=formula(graph, metric),
        definition=metric.model_dump(exclude_defaults=True),
        tables=tables,
        columns=columns,
        measures=[m.qualified for m in measures],
        metrics=upstream,
        dimensions=reachable,
        defined_at=str(graph.model.where(f"metric:{metric.name}")),
    )


def _groupable_dimensions(graph: SemanticGraph, measures: list[Any]) -> list[str]:
    """Dimensions every measure reaches without fanning out (what the metric can be grouped by)."""
    names: Optional[set[str]] = None
    for ref in measures:
        reach = {ref.entity} | {
            n for n in graph.paths.reachable_to_one(ref.entity) if n != ref.entity and _safe_path(graph, ref.entity, n)
        }
        dims = {f"{e}.{d.name}" for e in reach for d in graph.entities[e].dimensions}
        names = dims if names is None else names & dims
    return sorted(names or ())


def _safe_path(graph: SemanticGraph, start: str, end: str) -> bool:
    try:
        return all(not step.fans_out for step in graph.paths.path(start, end))
    except SemctxError:
        return False
