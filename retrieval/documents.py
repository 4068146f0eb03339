"""Documents from the semantic graph: one per element, with the text that is searched and the line that is packed.

Kinds: domain, metric, dimension (with sample values), entity, relationship, join_path (the to-one joins
from one entity), verified_question, glossary, knowledge (chunks of markdown documents). Each document
carries a content hash, so the index can tell what changed.

>>> from semantic.model.types import GlossaryTerm
>>> glossary_document(GlossaryTerm(name="opex", definition="Operating expenses.", domain="finance")).body
'- glossary **opex**: Operating expenses.'
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

from semantic.describe import formula
from semantic.errors import SemctxError
from semantic.graph.graph import SemanticGraph
from semantic.graph.paths import JoinStep, describe_path
from semantic.model.types import Dimension, Entity, GlossaryTerm, Metric, VerifiedQuestion

SAMPLES_IN_BODY = 5
SAMPLES_IN_TEXT = 25
SYNONYMS_IN_BODY = 3
JOIN_PATH_HOPS = 3  # join paths listed per entity; deeper ones are still queryable, just not packed


@dataclass(frozen=True)
class ElementDoc:
    """One indexed element. ``text`` is searched (vector and full text); ``body`` is what the packer shows."""

    id: str
    kind: str
    name: str
    domain: Optional[str]
    text: str
    body: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def content_hash(self) -> str:
        payload = json.dumps([self.kind, self.name, self.domain, self.text, self.body, self.meta], sort_keys=True)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _words(name: str) -> str:
    return name.replace("_", " ").replace(".", " ")


def _join(*parts: Optional[str]) -> str:
    return " ".join(p for p in parts if p)


def graph_documents(graph: SemanticGraph, samples: dict[str, list[Any]]) -> list[ElementDoc]:
    """Every element of the graph as a document; ``samples`` maps qualified dimension names to members."""
    docs: list[ElementDoc] = []
    for domain in graph.domains.values():
        docs.append(
            ElementDoc(
                f"domain:{domain.name}",
                "domain",
                domain.name,
                domain.name,
                _join(_words(domain.name), domain.label, " ".join(domain.synonyms), domain.description),
                f"- domain **{domain.name}**: {domain.description}".rstrip(": "),
            )
        )
    for metric in graph.metrics.values():
        docs.append(metric_document(graph, metric))
    for entity in graph.entities.values():
        docs.append(entity_document(entity))
        for dimension in entity.dimensions:
            qualified = f"{entity.name}.{dimension.name}"
            docs.append(dimension_document(entity, dimension, samples.get(qualified, [])))
        docs.extend(join_path_documents(graph, entity))
    seen_relationships: set[str] = set()
    for step in graph.entity_graph.steps():
        if step.relationship not in seen_relationships and not step.fans_out:
            seen_relationships.add(step.relationship)
            docs.append(relationship_document(graph, step))
    for number, verified in enumerate(graph.model.verified_questions):
        docs.append(verified_document(number, verified))
    for term in graph.model.glossary:
        docs.append(glossary_document(term))
    return docs


def metric_document(graph: SemanticGraph, metric: Metric) -> ElementDoc:
    domain = graph.metric_domain(metric)
    try:
        formula_text: Optional[str] = formula(graph, metric)
    except SemctxError:
        formula_text = None
    facts = [metric.type]
    if metric.format:
        facts.append(metric.format)
    facts.append("certified" if metric.certified else "not certified")
    if metric.owner:
        facts.append(f"owner {metric.owner}")
    body = f"- metric **{metric.name}** ({', '.join(facts)}): {metric.description}".rstrip(": ")
    if formula_text:
        body += f" Formula: `{formula_text}`."
    if metric.synonyms:
        body += f" Also called: {', '.join(metric.synonyms[:SYNONYMS_IN_BODY])}."
    try:
        entities = sorted({ref.entity for ref in graph.base_measures(metric)})
    except SemctxError:
        entities = []
    return ElementDoc(
        f"metric:{metric.name}",
        "metric",
        metric.name,
        domain,
        _join(_words(metric.name), metric.label, " ".join(metric.synonyms), metric.description),
        body,
        {"entities": entities},
    )


def entity_document(entity: Entity) -> ElementDoc:
    source = f"table {entity.table}" if entity.table else "a SQL query"
    key = entity.primary_key if isinstance(entity.primary_key, str) else ", ".join(entity.primary_key or ())
    body = f"- entity **{entity.name}** ({source}" + (f", key {key}" if key else "") + f"): {entity.description}"
    return ElementDoc(
        f"entity:{entity.name}",
        "entity",
        entity.name,
        entity.domain,
        _join(_words(entity.name), entity.label, " ".join(entity.synonyms), entity.description),
        body.rstrip(": "),
    )


def dimension_document(entity: Entity, dimension: Dimension, members: Iterable[Any]) -> ElementDoc:
    qualified = f"{entity.name}.{dimension.name}"
    values = [str(v) for v in dict.fromkeys([*dimension.sample_values, *members]) if v is not None]
    kind = dimension.type + (f", grain {dimension.grain.value}" if dimension.grain else "")
    if dimension.pii.value != "none":
        kind += f", PII {dimension.pii.value}"
    body = f"- {qualified} ({kind}): {dimension.description}".rstrip(": ")
    if values and dimension.pii.value == "none":
        more = ", …" if len(values) > SAMPLES_IN_BODY else ""
        body += f" Values: {', '.join(values[:SAMPLES_IN_BODY])}{more}."
    searchable_values = " ".join(values[:SAMPLES_IN_TEXT]) if dimension.pii.value == "none" else ""
    return ElementDoc(
        f"dimension:{qualified}",
        "dimension",
        qualified,
        entity.domain,
        _join(
            _words(dimension.name),
            _words(entity.name),
            dimension.label,
            " ".join(dimension.synonyms),
            dimension.description,
            searchable_values,
        ),
        body,
        {"entity": entity.name},
    )


def relationship_document(graph: SemanticGraph, step: JoinStep) -> ElementDoc:
    condition = " AND ".join(
        f"{step.left}.{a} = {step.right}.{b}" for a, b in zip(step.left_columns, step.right_columns)
    )
    domain = graph.entities[step.left].domain
    return ElementDoc(
        f"relationship:{step.relationship}",
        "relationship",
        step.relationship,
        domain,
        _join(_words(step.left), _words(step.right), _words(step.relationship)),
        f"- join {step.left} -> {step.right} (many-to-one) on {condition}",
        {"left": step.left, "right": step.right},
    )


def to_one_distances(graph: SemanticGraph, start: str, max_hops: int) -> dict[str, int]:
    """Entities reachable from ``start`` without fanning out, within ``max_hops`` joins, with their distance."""
    distance = {start: 0}
    frontier = [start]
    for hops in range(1, max_hops + 1):
        following = []
        for here in frontier:
            for step in graph.entity_graph.edges.get(here, ()):
                if not step.fans_out and step.right not in distance:
                    distance[step.right] = hops
                    following.append(step.right)
        frontier = following
    return distance


def join_path_documents(graph: SemanticGraph, entity: Entity) -> list[ElementDoc]:
    """The to-one paths from ``entity`` (what its measures can be grouped by) within JOIN_PATH_HOPS joins."""
    distances = to_one_distances(graph, entity.name, JOIN_PATH_HOPS)
    reachable = sorted(name for name in distances if name != entity.name)
    if not reachable:
        return []
    paths = []
    for target in reachable:
        try:
            paths.append(describe_path(entity.name, graph.paths.path(entity.name, target)))
        except SemctxError:
            paths.append(f"{entity.name} -> {target} (several paths: name one with `via`)")
    farther = len(graph.paths.reachable_to_one(entity.name)) - 1 - len(reachable)
    if farther > 0:
        paths.append(f"{farther} more entities further than {JOIN_PATH_HOPS} joins")
    return [
        ElementDoc(
            f"join_path:{entity.name}",
            "join_path",
            entity.name,
            entity.domain,
            _join(_words(entity.name), "joins to", " ".join(_words(t) for t in reachable)),
            f"- joins from {entity.name}: " + "; ".join(paths),
            {"reachable": reachable},
        )
    ]


def verified_document(number: int, verified: VerifiedQuestion) -> ElementDoc:
    query = json.dumps(verified.query, separators=(",", ":"), sort_keys=True)
    return ElementDoc(
        f"verified_question:{number}",
        "verified_question",
        verified.question,
        verified.domain,
        verified.question,
        f'- verified: "{verified.question}" → `{query}`',
        {"query": verified.query},
    )


def glossary_document(term: GlossaryTerm) -> ElementDoc:
    definition = term.definition or term.description
    return ElementDoc(
        f"glossary:{term.name}",
        "glossary",
        term.name,
        term.domain,
        _join(_words(term.name), " ".join(term.synonyms), definition),
        f"- glossary **{term.name}**: {definition}".rstrip(": "),
    )
