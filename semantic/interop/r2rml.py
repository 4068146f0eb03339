"""W3C R2RML mappings read into plain records: which table (or SQL query) a class lives in, which column or
template each property comes from, and which join conditions link one mapping to another.

>>> template_columns("http://ex.com/order/{order_id}/{LINE no}")
['order_id', 'LINE no']
>>> template_sql("{first_name} {last_name}")
"first_name || ' ' || last_name"
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Optional

from semantic.interop.output import ImportProblem

RR = "http://www.w3.org/ns/r2rml#"
_PLACEHOLDER = re.compile(r"(?<!\\)\{([^}]+)\}")


@dataclass
class ObjectMapping:
    """One predicate-object map: a literal from a column or template, or a reference to another mapping."""

    predicate: Any
    column: Optional[str] = None
    template: Optional[str] = None
    constant: Any = None
    datatype: Any = None
    parent: Any = None  # the parent TriplesMap node of a rr:refObjectMap
    joins: list[tuple[str, str]] = field(default_factory=list)  # (child column, parent column)


@dataclass
class TriplesMap:
    node: Any
    table: Optional[str] = None
    sql: Optional[str] = None
    template: Optional[str] = None
    subject_column: Optional[str] = None
    classes: list[Any] = field(default_factory=list)
    objects: list[ObjectMapping] = field(default_factory=list)

    @property
    def key_columns(self) -> list[str]:
        if self.template:
            return template_columns(self.template)
        return [self.subject_column] if self.subject_column else []


def template_columns(template: str) -> list[str]:
    return _PLACEHOLDER.findall(template)


def template_sql(template: str) -> str:
    """A string template as a SQL concatenation of its literal parts and columns."""
    parts: list[str] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            parts.append("'" + template[position : match.start()].replace("\\{", "{").replace("'", "''") + "'")
        parts.append(_column_sql(match.group(1)))
        position = match.end()
    if position < len(template):
        parts.append("'" + template[position:].replace("'", "''") + "'")
    return " || ".join(parts) if parts else "''"


def _column_sql(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) else '"' + name.replace('"', '""') + '"'


def unquote(name: str) -> str:
    """A table or column name without SQL quotes ('"ORDERS"' → 'ORDERS')."""
    name = name.strip()
    return name[1:-1].replace('""', '"') if len(name) > 1 and name[0] == name[-1] == '"' else name


def read_mapping(graph: Any, where: Callable[[Any], str]) -> tuple[list[TriplesMap], list[ImportProblem]]:
    """Every TriplesMap of the graph (anything with a rr:logicalTable), in file order where rdflib keeps it."""
    from rdflib import Namespace

    rr = Namespace(RR)
    problems: list[ImportProblem] = []
    maps = []
    for node in sorted(set(graph.subjects(rr.logicalTable, None)), key=str):
        mapping = TriplesMap(node)
        logical = graph.value(node, rr.logicalTable)
        table, query = graph.value(logical, rr.tableName), graph.value(logical, rr.sqlQuery)
        mapping.table = unquote(str(table)) if table is not None else None
        mapping.sql = str(query).strip().rstrip(";") if query is not None else None
        if mapping.table is None and mapping.sql is None:
            problems.append(
                ImportProblem(
                    "error", where(node), "rr:logicalTable has neither rr:tableName nor rr:sqlQuery", "mapping skipped"
                )
            )
            continue
        subject = graph.value(node, rr.subjectMap)
        if subject is None:
            problems.append(ImportProblem("error", where(node), "no rr:subjectMap", "mapping skipped"))
            continue
        template, column = graph.value(subject, rr.template), graph.value(subject, rr.column)
        mapping.template = str(template) if template is not None else None
        mapping.subject_column = unquote(str(column)) if column is not None else None
        mapping.classes = sorted(graph.objects(subject, rr["class"]), key=str)
        for pom in graph.objects(node, rr.predicateObjectMap):
            mapping.objects.extend(_object_mappings(graph, rr, pom, where, problems))
        maps.append(mapping)
    return maps, problems


def _object_mappings(
    graph: Any, rr: Any, pom: Any, where: Callable[[Any], str], problems: list[ImportProblem]
) -> list[ObjectMapping]:
    predicates = list(graph.objects(pom, rr.predicate)) + [
        graph.value(m, rr.constant) for m in graph.objects(pom, rr.predicateMap)
    ]
    out = []
    for predicate in [p for p in predicates if p is not None]:
        for constant in graph.objects(pom, rr.object):
            out.append(ObjectMapping(predicate, constant=constant))
        for object_map in graph.objects(pom, rr.objectMap):
            found = ObjectMapping(predicate, datatype=graph.value(object_map, rr.datatype))
            column, template = graph.value(object_map, rr.column), graph.value(object_map, rr.template)
            found.column = unquote(str(column)) if column is not None else None
            found.template = str(template) if template is not None else None
            found.constant = graph.value(object_map, rr.constant)
            found.parent = graph.value(object_map, rr.parentTriplesMap)
            for join in graph.objects(object_map, rr.joinCondition):
                child, parent = graph.value(join, rr.child), graph.value(join, rr.parent)
                if child is None or parent is None:
                    problems.append(
                        ImportProblem(
                            "warning",
                            where(predicate),
                            "a rr:joinCondition lacks rr:child or rr:parent",
                            "that condition ignored",
                        )
                    )
                    continue
                found.joins.append((unquote(str(child)), unquote(str(parent))))
            out.append(found)
    return out
