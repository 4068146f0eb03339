"""The semantic model as RDF (Turtle): an OWL ontology with its R2RML mapping, plus semctx's own terms.

Entities are ``owl:Class``es mapped to their tables (``rr:TriplesMap``), dimensions ``owl:DatatypeProperty``s
with XSD ranges mapped to their columns, relationships ``owl:ObjectProperty``s with ``rr:joinCondition``s;
labels, synonyms, descriptions and owners use rdfs, skos and dcterms; measures and metrics are ``sx:Measure`` and
``sx:Metric`` with ``prov:wasDerivedFrom`` lineage to what they are computed from. ``semctx import ontology`` reads
the file back to an equivalent model (verified questions and glossary terms are not exported).
"""

from __future__ import annotations

from typing import Any

from semantic.interop.vocabulary import RANGE_OF_TYPE, namespaces
from semantic.model.semantic_model import SemanticModel


def export_rdf(model: SemanticModel, base: str = "https://semctx.dev/model/") -> str:
    """Turtle text for ``model``; IRIs under ``base`` + the project name."""
    from rdflib import BNode, Graph, Literal, Namespace, URIRef

    ns = namespaces()
    rdf, rdfs, owl, skos, dcterms, prov, xsd, rr, sx = (
        ns[k] for k in ("rdf", "rdfs", "owl", "skos", "dcterms", "prov", "xsd", "rr", "sx")
    )
    me = Namespace(f"{base.rstrip('/')}/{model.config.name}#")
    graph = Graph()
    for prefix, namespace in ns.items():
        graph.bind(prefix, namespace)
    graph.bind("m", me)

    def describe(node: Any, element: Any) -> None:
        graph.add((node, sx.name, Literal(element.name)))
        graph.add((node, rdfs.label, Literal(getattr(element, "label", None) or element.name)))
        if getattr(element, "description", ""):
            graph.add((node, dcterms.description, Literal(element.description)))
        for synonym in getattr(element, "synonyms", ()):
            graph.add((node, skos.altLabel, Literal(synonym)))
        if getattr(element, "owner", None):
            graph.add((node, dcterms.creator, Literal(element.owner)))
        if getattr(element, "certified", False):
            graph.add((node, sx.certified, Literal(True)))

    ontology = URIRef(str(me)[:-1])
    graph.add((ontology, rdf.type, owl.Ontology))
    graph.add((ontology, rdfs.label, Literal(model.config.name)))
    if model.config.description:
        graph.add((ontology, dcterms.description, Literal(model.config.description)))
    for domain in model.domains:
        node = me[f"domain.{domain.name}"]
        graph.add((node, rdf.type, sx.Domain))
        describe(node, domain)
    maps = {e.name: me[f"{e.name}.map"] for e in model.entities}
    for entity in model.entities:
        cls, mapping = me[entity.name], maps[entity.name]
        graph.add((cls, rdf.type, owl.Class))
        describe(cls, entity)
        if entity.domain:
            graph.add((cls, sx.domain, me[f"domain.{entity.domain}"]))
        if entity.default_time_dimension:
            graph.add((cls, sx.defaultTimeDimension, Literal(entity.default_time_dimension)))
        graph.add((mapping, rdf.type, rr.TriplesMap))
        logical = BNode()
        graph.add((mapping, rr.logicalTable, logical))
        if entity.table:
            graph.add((logical, rr.tableName, Literal(entity.table)))
            graph.add((cls, prov.wasDerivedFrom, me[f"table.{entity.table}"]))
        else:
            graph.add((logical, rr.sqlQuery, Literal(entity.sql)))
        subject = BNode()
        graph.add((mapping, rr.subjectMap, subject))
        keys = _keys(entity.primary_key)
        graph.add(
            (subject, rr.template, Literal(str(me)[:-1] + f"/{entity.name}/" + "/".join(f"{{{k}}}" for k in keys)))
        )
        graph.add((subject, rr["class"], cls))
        for dimension in entity.dimensions:
            prop = me[f"{entity.name}.{dimension.name}"]
            graph.add((prop, rdf.type, owl.DatatypeProperty))
            describe(prop, dimension)
            graph.add((prop, rdfs.domain, cls))
            xsd_name = (
                "dateTime" if dimension.type == "time" and dimension.grain is None else RANGE_OF_TYPE[dimension.type]
            )
            graph.add((prop, rdfs.range, xsd[xsd_name]))
            if dimension.expr and dimension.expr != dimension.name:
                graph.add((prop, sx.expr, Literal(dimension.expr)))
            if dimension.grain is not None:
                graph.add((prop, sx.grain, Literal(dimension.grain.value)))
            if dimension.pii.value != "none":
                graph.add((prop, sx.pii, Literal(dimension.pii.value)))
            for value in dimension.sample_values:
                graph.add((prop, skos.example, Literal(str(value))))
            pom, object_map = BNode(), BNode()
            graph.add((mapping, rr.predicateObjectMap, pom))
            graph.add((pom, rr.predicate, prop))
            graph.add((pom, rr.objectMap, object_map))
            graph.add((object_map, rr.column, Literal(dimension.expr or dimension.name)))
        for measure in entity.measures:
            node = me[f"{entity.name}.measure.{measure.name}"]
            graph.add((node, rdf.type, sx.Measure))
            describe(node, measure)
            graph.add((node, sx.entity, cls))
            graph.add((node, sx.entityName, Literal(entity.name)))
            graph.add((node, sx.agg, Literal(measure.agg)))
            graph.add((node, prov.wasDerivedFrom, cls))
            if measure.expr:
                graph.add((node, sx.expr, Literal(measure.expr)))
            if measure.percentile is not None:
                graph.add((node, sx.percentile, Literal(measure.percentile)))
            if measure.agg_time_dimension:
                graph.add((node, sx.aggTimeDimension, Literal(measure.agg_time_dimension)))
    by_entity = {e.name: e for e in model.entities}
    for index, relationship in enumerate(model.relationships):
        name = relationship.name or f"{relationship.from_entity}_to_{relationship.to_entity}_{index}"
        prop = me[f"{relationship.from_entity}.link.{name}"]
        graph.add((prop, rdf.type, owl.ObjectProperty))
        graph.add((prop, sx.name, Literal(name)))
        graph.add((prop, rdfs.label, Literal(name.replace("_", " "))))
        if relationship.description:
            graph.add((prop, dcterms.description, Literal(relationship.description)))
        graph.add((prop, rdfs.domain, me[relationship.from_entity]))
        graph.add((prop, rdfs.range, me[relationship.to_entity]))
        graph.add((prop, sx.cardinality, Literal(relationship.cardinality)))
        pom, object_map = BNode(), BNode()
        graph.add((maps[relationship.from_entity], rr.predicateObjectMap, pom))
        graph.add((pom, rr.predicate, prop))
        graph.add((pom, rr.objectMap, object_map))
        graph.add((object_map, rr.parentTriplesMap, maps[relationship.to_entity]))
        to_columns = relationship.to_columns or by_entity[relationship.to_entity].primary_key
        for child, parent in zip(_keys(relationship.from_columns), _keys(to_columns)):
            join = BNode()
            graph.add((object_map, rr.joinCondition, join))
            graph.add((join, rr.child, Literal(child)))
            graph.add((join, rr.parent, Literal(parent)))
    measure_node = {(e.name, m.name): me[f"{e.name}.measure.{m.name}"] for e in model.entities for m in e.measures}
    by_measure_name = {m.name: e.name for e in model.entities for m in e.measures}
    for metric in model.metrics:
        node = me[f"metric.{metric.name}"]
        graph.add((node, rdf.type, sx.Metric))
        describe(node, metric)
        graph.add((node, sx.type, Literal(metric.type)))
        for key in ("filter", "expr", "window", "format"):
            if getattr(metric, key):
                graph.add((node, sx[key], Literal(getattr(metric, key))))
        if metric.grain_to_date is not None:
            graph.add((node, sx.grainToDate, Literal(metric.grain_to_date.value)))
        if metric.domain:
            graph.add((node, sx.domain, me[f"domain.{metric.domain}"]))
        if metric.measure:
            entity, _, name = metric.measure.rpartition(".")
            target = measure_node.get((entity or by_measure_name.get(name, ""), name))
            if target is not None:
                graph.add((node, sx.measure, target))
                graph.add((node, prov.wasDerivedFrom, target))
        for key in ("numerator", "denominator"):
            if getattr(metric, key):
                graph.add((node, sx[key], me[f"metric.{getattr(metric, key)}"]))
                graph.add((node, prov.wasDerivedFrom, me[f"metric.{getattr(metric, key)}"]))
        for item in metric.inputs:
            entry = BNode()
            graph.add((node, sx.input, entry))
            graph.add((entry, sx.metric, me[f"metric.{item.metric}"]))
            graph.add((node, prov.wasDerivedFrom, me[f"metric.{item.metric}"]))
            if item.alias:
                graph.add((entry, sx.alias, Literal(item.alias)))
            if item.offset:
                graph.add((entry, sx.offset, Literal(item.offset)))
    return graph.serialize(format="turtle")


def _keys(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
