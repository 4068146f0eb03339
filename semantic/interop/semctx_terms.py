"""Reading semctx's own RDF terms (``sx:Domain``, ``sx:Measure``, ``sx:Metric``), as written by ``semctx export
rdf``, back into YAML dicts. Files without them get default measures and metrics instead (see ontology.py)."""

from __future__ import annotations

from typing import Any, Optional

from semantic.interop.rdf_read import text_of, texts_of

_METRIC_TEXT = ("type", "filter", "expr", "window", "format")


def _describe(graph: Any, ns: dict[str, Any], node: Any) -> dict[str, Any]:
    rdfs, skos, dcterms, sx = ns["rdfs"], ns["skos"], ns["dcterms"], ns["sx"]
    out: dict[str, Any] = {}
    label = text_of(graph, node, rdfs.label)
    if label and label != _name(graph, ns, node):
        out["label"] = label
    description = text_of(graph, node, dcterms.description, rdfs.comment)
    if description:
        out["description"] = description
    synonyms = texts_of(graph, node, skos.altLabel)
    if synonyms:
        out["synonyms"] = synonyms
    owner = text_of(graph, node, dcterms.creator)
    if owner:
        out["owner"] = owner
    if str(graph.value(node, sx.certified) or "").lower() == "true":
        out["certified"] = True
    return out


def _name(graph: Any, ns: dict[str, Any], node: Any) -> Optional[str]:
    value = graph.value(node, ns["sx"].name) if node is not None else None
    return str(value) if value is not None else None


def read_domains(graph: Any, ns: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = graph.subjects(ns["rdf"].type, ns["sx"].Domain)
    return sorted(({"name": _name(graph, ns, n), **_describe(graph, ns, n)} for n in nodes), key=lambda d: d["name"])


def read_measures(graph: Any, ns: dict[str, Any], entity_of_class: dict[Any, str]) -> Optional[dict[str, list]]:
    """Measures by entity name, or None when the file has no sx:Measure (then defaults are made)."""
    sx = ns["sx"]
    nodes = sorted(graph.subjects(ns["rdf"].type, sx.Measure), key=str)
    if not nodes:
        return None
    out: dict[str, list] = {}
    for node in nodes:
        entity = entity_of_class.get(graph.value(node, sx.entity))
        if entity is None:
            continue
        measure: dict[str, Any] = {"name": _name(graph, ns, node), "agg": str(graph.value(node, sx.agg))}
        for key, term in (
            ("expr", sx.expr),
            ("percentile", sx.percentile),
            ("agg_time_dimension", sx.aggTimeDimension),
        ):
            value = graph.value(node, term)
            if value is not None:
                measure[key] = value.toPython() if key == "percentile" else str(value)
        measure.update(_describe(graph, ns, node))
        out.setdefault(entity, []).append(measure)
    return out


def read_metrics(graph: Any, ns: dict[str, Any]) -> list[dict[str, Any]]:
    sx = ns["sx"]
    metrics = []
    for node in sorted(graph.subjects(ns["rdf"].type, sx.Metric), key=str):
        metric: dict[str, Any] = {"name": _name(graph, ns, node)}
        for key in _METRIC_TEXT:
            value = graph.value(node, sx[key])
            if value is not None:
                metric[key] = str(value)
        measure = graph.value(node, sx.measure)
        if measure is not None:
            metric["measure"] = f"{graph.value(measure, sx.entityName)}.{_name(graph, ns, measure)}"
        for key in ("numerator", "denominator"):
            value = graph.value(node, sx[key])
            if value is not None:
                metric[key] = _name(graph, ns, value)
        grain = graph.value(node, sx.grainToDate)
        if grain is not None:
            metric["grain_to_date"] = str(grain)
        domain = graph.value(node, sx.domain)
        if domain is not None:
            metric["domain"] = _name(graph, ns, domain)
        inputs = []
        for item in graph.objects(node, sx.input):
            entry: dict[str, Any] = {"metric": _name(graph, ns, graph.value(item, sx.metric))}
            for key in ("alias", "offset"):
                value = graph.value(item, sx[key])
                if value is not None:
                    entry[key] = str(value)
            inputs.append(entry)
        if inputs:
            metric["inputs"] = sorted(inputs, key=lambda i: (i.get("alias") or i["metric"], i.get("offset") or ""))
        metric.update(_describe(graph, ns, node))
        metrics.append(metric)
    return sorted(metrics, key=lambda m: m["name"])
