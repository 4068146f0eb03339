"""Object properties in an R2RML mapping → semctx relationships.

Two shapes are read: a ``rr:refObjectMap`` to a parent mapping with ``rr:joinCondition``s (the standard one), and
an IRI built with ``rr:template`` for an object property (common in hand-written mappings), matched to the parent
mapping of the property's ``rdfs:range`` class or to the subject template it resembles. Mismatched templates,
missing join conditions and joins to non-key columns are reported with what was done about them.
"""

from __future__ import annotations

import re
from typing import Any, Optional

from semantic.interop.output import snake
from semantic.interop.r2rml import TriplesMap, template_columns
from semantic.interop.rdf_read import local_name


def resolve_links(importer: Any, maps: list[TriplesMap]) -> list[dict[str, Any]]:
    sx = importer.ns["sx"]
    relationships: list[dict[str, Any]] = []
    names: set[str] = set()
    for mapping in maps:
        child = importer.entity_of[mapping.node]["name"]
        for found in mapping.objects:
            if found.parent is None and not importer._is_link(found):
                continue
            where = importer.where_map(found.predicate)
            joined = _joins(importer, maps, mapping, found, where)
            if joined is None:
                continue
            parent_map, joins = joined
            parent = importer.entity_of[parent_map.node]["name"]
            from_key = [importer._column(mapping, c) for c, _ in joins]
            to_key = [importer._column(parent_map, p) for _, p in joins]
            name = str(importer.graph.value(found.predicate, sx.name) or snake(local_name(found.predicate)))
            if name in names:
                name = f"{child}_{name}"
            names.add(name)
            cardinality = importer.graph.value(found.predicate, sx.cardinality)
            parent_keys = {k.lower() for k in parent_map.key_columns}
            if cardinality is None:
                cardinality = "many_to_one"
                if {k.lower() for k in to_key} != parent_keys:
                    importer.problem(
                        "warning",
                        where,
                        f"{local_name(found.predicate)} joins {parent} on {', '.join(to_key)}, not on its key",
                        "declared many_to_one; check it",
                    )
            relationship: dict[str, Any] = {
                "name": name,
                "from": child,
                "to": parent,
                "from_key": from_key[0] if len(from_key) == 1 else from_key,
                "to_key": to_key[0] if len(to_key) == 1 else to_key,
                "cardinality": str(cardinality),
            }
            description = importer._describe(found.predicate).get("description")
            if description:
                relationship["description"] = description
            relationships.append(relationship)
    return relationships


def _joins(
    importer: Any, maps: list[TriplesMap], mapping: TriplesMap, found: Any, where: str
) -> Optional[tuple[TriplesMap, list[tuple[str, str]]]]:
    name = local_name(found.predicate)
    if found.parent is not None:
        parent = importer.map_by_node.get(importer.map_alias.get(found.parent, found.parent))
        if parent is None:
            importer.problem(
                "error", where, f"{name}: rr:parentTriplesMap is not a mapping in the file", "relationship skipped"
            )
            return None
        if found.joins:
            return parent, found.joins
        same_source = (parent.table, parent.sql) == (mapping.table, mapping.sql)
        if same_source and parent.key_columns:
            return parent, [(k, k) for k in parent.key_columns]
        importer.problem(
            "warning",
            where,
            f"{name}: rr:refObjectMap to another table without rr:joinCondition",
            "relationship skipped (no way to join)",
        )
        return None
    parent = _parent_by_template(importer, maps, found)
    if parent is None:
        importer.problem(
            "warning",
            where,
            f"{name}: the object template {found.template!r} matches no subject "
            "template and the property has no mapped rdfs:range",
            "relationship skipped",
        )
        return None
    child_columns, parent_columns = template_columns(found.template), parent.key_columns
    if len(child_columns) != len(parent_columns):
        importer.problem(
            "warning",
            where,
            f"{name}: the object template has {len(child_columns)} column(s), the "
            f"subject template of {local_name(parent.node)} {len(parent_columns)}",
            "relationship skipped",
        )
        return None
    if _shape(found.template) != _shape(parent.template or ""):
        importer.problem(
            "warning",
            where,
            f"{name}: the object template {found.template!r} does not match the subject template {parent.template!r}",
            "joined their columns by position",
        )
    return parent, list(zip(child_columns, parent_columns))


def _parent_by_template(importer: Any, maps: list[TriplesMap], found: Any) -> Optional[TriplesMap]:
    target = importer.graph.value(found.predicate, importer.ns["rdfs"].range)
    by_class = [m for m in maps if target is not None and target in m.classes]
    if len(by_class) == 1:
        return by_class[0]
    by_shape = [m for m in maps if m.template and _shape(m.template) == _shape(found.template)]
    return by_shape[0] if len(by_shape) == 1 else None


def _shape(template: str) -> str:
    """A template with its column names blanked: '…/customer/{id}' and '…/customer/{customer_id}' match."""
    return re.sub(r"(?<!\\)\{[^}]+\}", "{}", template).lower()
