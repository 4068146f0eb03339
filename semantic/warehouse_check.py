"""Check the model against the warehouse: tables and columns exist, and types fit their use."""

from __future__ import annotations

from sqlglot import exp

from semantic.engines.base import Engine
from semantic.errors import SemctxError
from semantic.graph.graph import SemanticGraph
from semantic.model.issues import Issue
from semantic.model.semantic_model import SemanticModel
from semantic.names import did_you_mean
from semantic.sql.expressions import entity_source, parse_model_sql

TIME_TYPES = ("DATE", "TIMESTAMP", "DATETIME", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ")
NUMBER_PREFIXES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "DECIMAL",
    "NUMERIC",
    "DOUBLE",
    "FLOAT",
    "REAL",
    "INT",
)


def check_against_warehouse(model: SemanticModel, graph: SemanticGraph, engine: Engine) -> list[Issue]:
    issues: list[Issue] = []
    dialect = model.config.dialect
    tables: dict[str, dict[str, str] | None] = {}
    for entity in model.entities:
        if entity.table:
            try:
                tables[entity.name] = engine.describe_table(entity.table)
            except SemctxError:
                tables[entity.name] = None
    issues += _relationship_keys(model, graph, tables)
    if not any(i.code == "missing_column" for i in issues):
        issues += _inner_joins_hold(model, graph, engine)
    for entity in model.entities:
        if not entity.table:
            continue
        where = model.where(f"entity:{entity.name}")
        try:
            columns = engine.describe_table(entity.table)
        except SemctxError as exc:
            issues.append(Issue("error", "warehouse_error", exc.message, where.file, where.line))
            continue
        if columns is None:
            issues.append(
                Issue(
                    "error",
                    "missing_table",
                    f"entity {entity.name!r}: table {entity.table!r} is not in the warehouse",
                    where.file,
                    where.line,
                )
            )
            continue

        def check(
            text: str, key: str, what: str, columns: dict[str, str] = columns, table: str = entity.table
        ) -> list[str]:
            parsed = parse_model_sql(text, dialect)
            names = [c.name.lower() for c in parsed.find_all(exp.Column)]
            for name in sorted({n for n in names if n not in columns}):
                loc = model.where(key)
                issues.append(
                    Issue(
                        "error",
                        "missing_column",
                        f"{what}: column {name!r} is not in table {table!r}",
                        loc.file,
                        loc.line,
                        tuple(did_you_mean(name, columns)),
                    )
                )
            return [columns[n] for n in names if n in columns]

        for key_column in entity.key_columns:
            check(key_column, f"entity:{entity.name}", f"entity {entity.name!r} primary_key")
        for dim in entity.dimensions:
            key = f"dimension:{entity.name}.{dim.name}"
            types = check(dim.expr or dim.name, key, f"dimension {entity.name}.{dim.name}")
            if dim.type == "time" and types and not any(t.startswith(TIME_TYPES) for t in types):
                loc = model.where(key)
                issues.append(
                    Issue(
                        "error",
                        "type_mismatch",
                        f"time dimension {entity.name}.{dim.name} reads "
                        f"column(s) of type {', '.join(types)}, not a date or timestamp",
                        loc.file,
                        loc.line,
                    )
                )
        for measure in entity.measures:
            key = f"measure:{entity.name}.{measure.name}"
            if measure.expr is None and measure.agg == "count":
                continue
            types = check(measure.expr or measure.name, key, f"measure {entity.name}.{measure.name}")
            if (
                measure.agg in ("sum", "avg", "median", "percentile")
                and types
                and len(types) == 1
                and not types[0].startswith(NUMBER_PREFIXES)
            ):
                loc = model.where(key)
                issues.append(
                    Issue(
                        "error",
                        "type_mismatch",
                        f"measure {entity.name}.{measure.name}: {measure.agg} over a {types[0]} column",
                        loc.file,
                        loc.line,
                    )
                )
    return issues


def _relationship_keys(
    model: SemanticModel, graph: SemanticGraph, tables: dict[str, dict[str, str] | None]
) -> list[Issue]:
    """Join keys of every relationship exist on both sides."""
    issues = []
    for rel in model.relationships:
        if rel.from_entity not in graph.entities or rel.to_entity not in graph.entities:
            continue
        to_columns = rel.to_columns or graph.entities[rel.to_entity].primary_key or ()
        for entity_name, columns in ((rel.from_entity, rel.from_columns), (rel.to_entity, to_columns)):
            known = tables.get(entity_name)
            if not known:
                continue
            for column in (columns,) if isinstance(columns, str) else tuple(columns):
                if column.lower() not in known:
                    where = model.where(f"relationship:{rel.label}")
                    issues.append(
                        Issue(
                            "error",
                            "missing_column",
                            f"relationship {rel.label!r}: column {column!r} "
                            f"is not in table {graph.entities[entity_name].table!r}",
                            where.file,
                            where.line,
                            tuple(did_you_mean(column.lower(), known)),
                        )
                    )
    return issues


def _inner_joins_hold(model: SemanticModel, graph: SemanticGraph, engine: Engine) -> list[Issue]:
    """A relationship declared ``join: inner`` must have no orphan on its many side: each such row would vanish
    from every query that joins it, silently."""
    issues = []
    for rel in model.relationships:
        if rel.join != "inner" or rel.from_entity not in graph.entities or rel.to_entity not in graph.entities:
            continue
        to_columns = rel.to_columns or graph.entities[rel.to_entity].primary_key or ()
        keys = [(rel.from_entity, _columns(rel.from_columns)), (rel.to_entity, _columns(to_columns))]
        (child, child_keys), (parent, parent_keys) = keys[::-1] if rel.cardinality == "one_to_many" else keys
        on = exp.and_(
            *[
                exp.EQ(this=exp.column(c, table="c"), expression=exp.column(p, table="p"))
                for c, p in zip(child_keys, parent_keys)
            ]
        )
        query = (
            exp.select(exp.Count(this=exp.Star()))
            .from_(entity_source(graph.entities[child], "c", model.config.dialect))
            .join(entity_source(graph.entities[parent], "p", model.config.dialect), on=on, join_type="LEFT")
            .where(exp.Is(this=exp.column(parent_keys[0], table="p"), expression=exp.Null()))
        )
        where = model.where(f"relationship:{rel.label}")
        try:
            orphans = engine.execute(query, row_limit=1, timeout_seconds=60).rows[0][0]
        except SemctxError as exc:
            issues.append(Issue("error", "warehouse_error", exc.message, where.file, where.line))
            continue
        if orphans:
            issues.append(
                Issue(
                    "error",
                    "inner_join_orphans",
                    f"relationship {rel.label!r} declares join: inner, but {orphans} row(s) of {child!r} have no "
                    f"matching {parent!r} (or a NULL key); they would drop out of every query joining them. Fix the "
                    "data or remove join: inner",
                    where.file,
                    where.line,
                )
            )
    return issues


def _columns(value: object) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)  # type: ignore[arg-type]
