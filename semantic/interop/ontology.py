"""OWL/RDFS ontology + R2RML mapping → semctx YAML.

Classes mapped to tables become entities, datatype properties become dimensions (type from the XSD range, dates
→ time dimensions), object properties with join conditions become relationships, rdfs:label/skos:altLabel become
labels and synonyms, rdfs:comment descriptions. Numeric dimensions get sum/avg/min/max measures and every entity
a count, with simple metrics over them (``<entity>_count``, ``total_<p>``, ``average_<p>``). A file written by
``semctx export rdf`` also carries semctx's own terms (measures, metrics, domains, names), which are used instead,
so an export imports back to an equivalent model.

Real files are imperfect. Each problem becomes an :class:`ImportProblem` with its ``file:line`` and what was done
about it; the importer keeps going while a usable model is possible.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Optional

from semantic.interop.output import ImportProblem, InteropError, snake
from semantic.interop.r2rml import TriplesMap, read_mapping, template_sql
from semantic.interop.rdf_read import LineFinder, local_name, read_graph, text_of, texts_of
from semantic.interop.semctx_terms import read_domains, read_measures, read_metrics
from semantic.interop.vocabulary import dimension_type, namespaces


class _Importer:
    def __init__(self, ontology: Path, mapping: Optional[Path], columns: Optional[dict[str, dict[str, str]]]) -> None:
        self.ns = namespaces()
        self.onto = read_graph(ontology)
        self.map_graph = read_graph(mapping) if mapping else self.onto
        self.graph = self.onto + self.map_graph if mapping else self.onto
        self.where_onto = LineFinder(ontology, self.onto)
        self.where_map = LineFinder(mapping, self.map_graph) if mapping else self.where_onto
        self.columns = {k.lower(): v for k, v in (columns or {}).items()}
        self.problems: list[ImportProblem] = []
        self.source = ontology.name + (f" + {mapping.name}" if mapping else "")
        self.name = snake(text_of(self.graph, self._ontology_node(), self.ns["rdfs"].label) or ontology.stem)
        # a semctx export says everything itself: no key dimensions or default measures are added to it
        self.exported = (None, self.ns["rdf"].type, self.ns["sx"].Measure) in self.graph
        self.map_alias: dict[Any, Any] = {}  # a merged mapping → the one it was merged into

    def problem(self, level: str, where: str, message: str, action: str) -> None:
        self.problems.append(ImportProblem(level, where, message, action))

    def _ontology_node(self) -> Any:
        return next(iter(self.onto.subjects(self.ns["rdf"].type, self.ns["owl"].Ontology)), None)

    # ---- entities -----------------------------------------------------------------------------------------

    def run(self) -> dict[str, dict[str, Any]]:
        rdf, owl, rdfs = self.ns["rdf"], self.ns["owl"], self.ns["rdfs"]
        declared = {c for kind in (owl.Class, rdfs.Class) for c in self.onto.subjects(rdf.type, kind)}
        declared = {c for c in declared if not _blank(c) and not str(c).startswith(str(owl))}
        maps, problems = read_mapping(self.map_graph, self.where_map)
        self.problems.extend(problems)
        if not maps:
            raise InteropError(f"{self.source}: no R2RML TriplesMap (rr:logicalTable) found; nothing maps to a table")
        self._check_subclass_cycles()
        maps = self._merge_split_mappings(maps)
        self.entity_of: dict[Any, dict[str, Any]] = {}
        self.map_by_node = {m.node: m for m in maps}
        used_names: Counter[str] = Counter()
        for mapping in maps:
            entity = self._entity(mapping, declared, used_names)
            self.entity_of[mapping.node] = entity
        mapped_classes = {c for m in maps for c in m.classes}
        for cls in sorted(declared - mapped_classes, key=str):
            self.problem(
                "warning",
                self.where_onto(cls),
                f"class {local_name(cls)} is declared but no R2RML mapping gives it a table",
                "left out of the model (nothing to query)",
            )
        relationships = self._relationships(maps)
        self._check_cycles(relationships)
        entities = list(self.entity_of.values())
        by_class = {c: self.entity_of[m.node]["name"] for m in maps for c in m.classes}
        measures = read_measures(self.graph, self.ns, by_class)
        metrics = read_metrics(self.graph, self.ns) if measures is not None else None
        if measures is None:
            measures, metrics = _default_measures(entities)
        for entity in entities:
            entity["measures"] = measures.get(entity["name"], [])
        domains = read_domains(self.graph, self.ns) or [{"name": self.name, "description": self._description()}]
        return _files(domains, entities, relationships, metrics or [], self.name)

    def _merge_split_mappings(self, maps: list[TriplesMap]) -> list[TriplesMap]:
        """Several mappings of one class over the same table and subject template (say, contact details kept in
        a separate map) describe one entity: their properties are merged into the first."""
        kept: dict[tuple, TriplesMap] = {}
        out = []
        for mapping in maps:
            key = (tuple(mapping.classes), mapping.table, mapping.sql, mapping.template, mapping.subject_column)
            first = kept.get(key) if mapping.classes else None
            if first is None:
                kept[key] = mapping
                out.append(mapping)
                continue
            first.objects.extend(mapping.objects)
            self.map_alias[mapping.node] = first.node
            self.problem(
                "warning",
                self.where_map(mapping.node),
                f"{local_name(mapping.node)} maps "
                f"{local_name(mapping.classes[0])} again over the same table and template",
                f"merged into {local_name(first.node)} (one entity)",
            )
        return out

    def _description(self) -> str:
        node = self._ontology_node()
        return text_of(self.graph, node, self.ns["rdfs"].comment, self.ns["dcterms"].description) or ""

    def _entity(self, mapping: TriplesMap, declared: set[Any], used: Counter[str]) -> dict[str, Any]:
        sx = self.ns["sx"]
        cls = mapping.classes[0] if mapping.classes else None
        if cls is None:
            base = snake(mapping.table or "query")
            self.problem(
                "warning",
                self.where_map(mapping.node),
                "the subject map has no rr:class",
                f"entity named {base!r} after its table",
            )
        else:
            base = str(self.graph.value(cls, sx.name) or snake(local_name(cls)))
            if cls not in declared:
                self.problem(
                    "warning",
                    self.where_map(cls),
                    f"class {local_name(cls)} is mapped but not declared in the ontology",
                    "imported from the mapping; name and labels from its IRI",
                )
        used[base] += 1
        name = base if used[base] == 1 else f"{base}_{used[base]}"
        if name != base:
            self.problem(
                "warning",
                self.where_map(mapping.node),
                f"a second mapping for {base}",
                f"imported as a separate entity {name!r}",
            )
        entity: dict[str, Any] = {"name": name}
        entity.update(self._describe(cls, name) if cls is not None else {})
        if cls is not None and self.graph.value(cls, sx.domain) is not None:
            entity["domain"] = str(self.graph.value(self.graph.value(cls, sx.domain), sx.name))
        if mapping.table:
            entity["table"] = mapping.table
        else:
            entity["sql"] = mapping.sql
        keys = [self._column(mapping, c) for c in mapping.key_columns]
        if keys:
            entity["primary_key"] = keys[0] if len(keys) == 1 else keys
        else:
            self.problem(
                "warning",
                self.where_map(mapping.node),
                "the subject map has no template or column, so no key",
                "entity without a primary key (it can be listed but not joined to)",
            )
        entity["dimensions"] = self._dimensions(mapping, keys, name)
        times = [d["name"] for d in entity["dimensions"] if d.get("type") == "time"]
        chosen = self.graph.value(cls, sx.defaultTimeDimension) if cls is not None else None
        if chosen is not None or times:
            entity["default_time_dimension"] = str(chosen) if chosen is not None else times[0]
        return entity

    def _describe(self, term: Any, name: Optional[str] = None) -> dict[str, Any]:
        """Label (unless it only repeats the name), description, synonyms, owner, certified."""
        rdfs, skos, dcterms, sx = self.ns["rdfs"], self.ns["skos"], self.ns["dcterms"], self.ns["sx"]
        out: dict[str, Any] = {}
        label = text_of(self.graph, term, rdfs.label, skos.prefLabel)
        if label and label != name:
            out["label"] = label
        description = text_of(self.graph, term, rdfs.comment, skos.definition, dcterms.description)
        if description:
            out["description"] = description
        synonyms = [s for s in texts_of(self.graph, term, skos.altLabel, rdfs.label) if s != label]
        if synonyms:
            out["synonyms"] = synonyms
        owner = text_of(self.graph, term, dcterms.creator)
        if owner:
            out["owner"] = owner
        if str(self.graph.value(term, sx.certified) or "").lower() == "true":
            out["certified"] = True
        return out

    # ---- dimensions ---------------------------------------------------------------------------------------

    def _dimensions(self, mapping: TriplesMap, keys: list[str], entity: str) -> list[dict[str, Any]]:
        rdf, owl, rdfs, sx = self.ns["rdf"], self.ns["owl"], self.ns["rdfs"], self.ns["sx"]
        dimensions: list[dict[str, Any]] = []
        names: set[str] = set()
        for found in sorted(mapping.objects, key=lambda f: str(f.predicate)):
            if found.parent is not None or self._is_link(found):
                continue
            prop = found.predicate
            if found.column is None and found.template is None:
                self.problem(
                    "warning",
                    self.where_map(prop),
                    f"{local_name(prop)} maps a constant, not a column",
                    "no dimension made for it",
                )
                continue
            declared = any((prop, rdf.type, kind) in self.onto for kind in (owl.DatatypeProperty, rdf.Property))
            range_iri = self.graph.value(prop, rdfs.range) or found.datatype
            kind = dimension_type(range_iri)
            if range_iri is None and found.column is not None:
                kind = _warehouse_kind(self.columns.get((mapping.table or "").lower(), {}), found.column) or kind
            if not declared:
                self.problem(
                    "warning",
                    self.where_map(prop),
                    f"property {local_name(prop)} is used in the mapping but not declared in the ontology",
                    f"imported as a {kind} dimension"
                    + (" (type from the warehouse column)" if kind != dimension_type(range_iri) else ""),
                )
            name = str(self.graph.value(prop, sx.name) or snake(local_name(prop)))
            if name in names:
                self.problem("warning", self.where_map(prop), f"{entity}.{name} is mapped twice", "the first kept")
                continue
            names.add(name)
            expression = self.graph.value(prop, sx.expr)
            if expression is not None:
                expr = str(expression)
            elif found.column is not None:
                expr = self._column(mapping, found.column)
            else:
                expr = template_sql(found.template or "")
            dimension: dict[str, Any] = {"name": name, **self._describe(prop, name)}
            if kind != "categorical":
                dimension["type"] = kind
            if expr != name:
                dimension["expr"] = expr
            if kind == "time":
                dimension["grain"] = str(self.graph.value(prop, sx.grain) or "day")
            pii = self.graph.value(prop, sx.pii)
            if pii is not None:
                dimension["pii"] = str(pii)
            examples = sorted(str(v) for v in self.graph.objects(prop, self.ns["skos"].example))
            if examples:
                dimension["sample_values"] = examples
            dimensions.append(dimension)
        for key in [] if self.exported else keys:
            if snake(key) not in names and not any(d.get("expr") == key for d in dimensions):
                dimensions.insert(
                    0,
                    {
                        "name": snake(key),
                        **({"expr": key} if snake(key) != key else {}),
                        "description": f"Key column {key} (from the subject template).",
                    },
                )
                names.add(snake(key))
        return dimensions

    def _column(self, mapping: TriplesMap, column: str) -> str:
        """The warehouse's spelling of a column when the warehouse is known and the case differs."""
        known = self.columns.get((mapping.table or "").lower())
        if not known or column in known:
            return column
        matches = [c for c in known if c.lower() == column.lower()]
        if matches:
            self.problem(
                "warning",
                self.where_map(mapping.node),
                f"column {column!r} of {mapping.table} is spelled {matches[0]!r} in the warehouse",
                f"used {matches[0]!r}",
            )
            return matches[0]
        self.problem(
            "error",
            self.where_map(mapping.node),
            f"column {column!r} is not in table {mapping.table}",
            "kept as written; validate with --warehouse will flag it",
        )
        return column

    def _is_link(self, found: Any) -> bool:
        """An IRI built from a template for an object property: a link written without rr:refObjectMap."""
        rdf, owl = self.ns["rdf"], self.ns["owl"]
        return found.template is not None and (found.predicate, rdf.type, owl.ObjectProperty) in self.graph

    # ---- relationships ------------------------------------------------------------------------------------

    def _relationships(self, maps: list[TriplesMap]) -> list[dict[str, Any]]:
        from semantic.interop.links import resolve_links

        return resolve_links(self, maps)

    def _check_cycles(self, relationships: list[dict[str, Any]]) -> None:
        import networkx as nx

        graph = nx.DiGraph((r["from"], r["to"]) for r in relationships)
        for cycle in list(nx.simple_cycles(graph))[:5]:
            self.problem(
                "warning",
                self.source,
                "relationships form a cycle: " + " → ".join(cycle + cycle[:1]),
                "kept; where paths are ambiguous semctx asks for a via hint",
            )

    def _check_subclass_cycles(self) -> None:
        import networkx as nx

        edges = [(s, o) for s, o in self.onto.subject_objects(self.ns["rdfs"].subClassOf) if not _blank(o)]
        for cycle in list(nx.simple_cycles(nx.DiGraph(edges)))[:5]:
            names = [local_name(c) for c in cycle]
            self.problem(
                "warning",
                self.where_onto(cycle[0]),
                "rdfs:subClassOf cycle: " + " ⊂ ".join(names),
                "ignored (semctx does not use class inheritance)",
            )


def import_ontology(
    ontology: Path, mapping: Optional[Path] = None, *, columns: Optional[dict[str, dict[str, str]]] = None
) -> tuple[dict[str, dict[str, Any]], list[ImportProblem], str]:
    """(YAML files by name, problems, project name) for an ontology and its R2RML mapping (one file may hold
    both). ``columns`` (table → column → SQL type, from the warehouse) fixes the case of mapped columns and types
    properties the ontology leaves untyped."""
    importer = _Importer(Path(ontology), Path(mapping) if mapping else None, columns)
    files = importer.run()
    return files, importer.problems, importer.name


def _default_measures(entities: list[dict[str, Any]]) -> tuple[dict[str, list], list[dict[str, Any]]]:
    measures: dict[str, list] = {}
    metrics: list[dict[str, Any]] = []
    taken: set[str] = set()

    def metric(name: str, **fields: Any) -> None:
        if name not in taken:
            taken.add(name)
            metrics.append({"name": name, **fields})

    for entity in entities:
        own = [{"name": f"{entity['name']}_count", "agg": "count", "description": f"Number of {entity['name']} rows."}]
        metric(
            f"{entity['name']}_count",
            measure=f"{entity['name']}.{entity['name']}_count",
            description=f"Number of {entity.get('label', entity['name'])}.",
        )
        for dimension in entity["dimensions"]:
            if dimension.get("type") != "number" or dimension["name"] in (entity.get("primary_key"),):
                continue
            column = dimension.get("expr", dimension["name"])
            for agg in ("sum", "avg", "min", "max"):
                own.append({"name": f"{dimension['name']}_{agg}", "agg": agg, "expr": column})
            label = dimension.get("label", dimension["name"].replace("_", " "))
            metric(
                f"total_{dimension['name']}",
                measure=f"{entity['name']}.{dimension['name']}_sum",
                description=f"Sum of {label}.",
            )
            metric(
                f"average_{dimension['name']}",
                measure=f"{entity['name']}.{dimension['name']}_avg",
                description=f"Average of {label}.",
            )
        measures[entity["name"]] = own
    return measures, metrics


def _files(
    domains: list[dict[str, Any]],
    entities: list[dict[str, Any]],
    relationships: list[dict[str, Any]],
    metrics: list[dict[str, Any]],
    default: str,
) -> dict[str, dict[str, Any]]:
    names = [d["name"] for d in domains]
    files: dict[str, dict[str, Any]] = {}
    for domain in domains:
        files[f"{domain['name']}.yml"] = {"domains": [domain], "entities": [], "relationships": [], "metrics": []}
    entity_domain = {}
    for entity in entities:
        entity.setdefault("domain", names[0])
        if entity["domain"] not in names:
            entity["domain"] = names[0]
        entity_domain[entity["name"]] = entity["domain"]
        files[f"{entity['domain']}.yml"]["entities"].append(entity)
    for relationship in relationships:
        files[f"{entity_domain.get(relationship['from'], names[0])}.yml"]["relationships"].append(relationship)
    for metric in metrics:
        domain = metric.get("domain") or entity_domain.get(str(metric.get("measure", "")).split(".")[0], names[0])
        files[f"{domain if domain in names else names[0]}.yml"]["metrics"].append(metric)
    return {name: {k: v for k, v in data.items() if v} for name, data in files.items()}


def _warehouse_kind(columns: Any, column: str) -> Optional[str]:
    """The dimension type a warehouse column's SQL type suggests (None when unknown)."""
    found = next((t for c, t in dict(columns).items() if c.lower() == column.lower() and t), None) if columns else None
    if found is None:
        return None
    sql_type = str(found).upper()
    if any(word in sql_type for word in ("INT", "DECIMAL", "NUMERIC", "DOUBLE", "FLOAT", "REAL")):
        return "number"
    if "DATE" in sql_type or "TIMESTAMP" in sql_type:
        return "time"
    return "boolean" if "BOOL" in sql_type else "categorical"


def _blank(term: Any) -> bool:
    return type(term).__name__ == "BNode"
