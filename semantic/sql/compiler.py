"""Compile a semantic query to SQL text for a dialect: plan, render, print once.

>>> supported_dialects()[:3]
['bigquery', 'databricks', 'duckdb']
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from semantic.errors import DialectError
from semantic.graph.graph import SemanticGraph
from semantic.names import did_you_mean
from semantic.plan.build import PASSES, Pass, build_plan
from semantic.plan.nodes import Plan
from semantic.query.semantic_query import SemanticQuery
from semantic.sql.render import Renderer

TESTED_DIALECTS = ("bigquery", "databricks", "duckdb", "postgres", "redshift", "snowflake", "spark", "trino")


def supported_dialects() -> list[str]:
    """Dialects with golden SQL tests; any other sqlglot dialect also compiles."""
    return list(TESTED_DIALECTS)


def check_dialect(name: str) -> str:
    try:
        Dialect.get_or_raise(name)
    except ValueError:
        from sqlglot.dialects import DIALECTS

        known = sorted(d.lower() for d in DIALECTS)
        raise DialectError(
            f"unknown SQL dialect {name!r}; did you mean "
            + (" or ".join(repr(s) for s in did_you_mean(name, known)) or "one of " + ", ".join(TESTED_DIALECTS))
            + "?",
            details={"dialect": name, "supported": list(TESTED_DIALECTS)},
        ) from None
    return name.lower()


@dataclass(frozen=True)
class CompiledQuery:
    """SQL for one dialect, the expression it came from, and the plan in words."""

    query: SemanticQuery
    sql: str
    dialect: str
    columns: list[str]
    explanation: str
    expression: exp.Expression
    notes: tuple[str, ...] = ()  # what a reader of the rows must know, e.g. that groups overlap

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query.to_dict(),
            "sql": self.sql,
            "dialect": self.dialect,
            "columns": self.columns,
            "explanation": self.explanation,
        }


def compile_query(
    graph: SemanticGraph,
    query: SemanticQuery,
    *,
    dialect: str,
    model_dialect: str,
    passes: Sequence[Pass] = PASSES,
    pretty: bool = True,
) -> CompiledQuery:
    """Plan and render ``query``; the SQL is printed once for ``dialect``."""
    dialect = check_dialect(dialect)
    plan: Plan = build_plan(graph, query, model_dialect, passes)
    expression = Renderer(graph, model_dialect, dialect).render(plan)
    sql = expression.sql(dialect=dialect, pretty=pretty, comments=False, copy=False)
    return CompiledQuery(query, sql, dialect, plan.columns, plan.describe(), expression, overlap_notes(plan))


def overlap_notes(plan: Plan) -> tuple[str, ...]:
    """Groups reached through a one-to-many join overlap: each fact row counts once in every group it reaches
    (never twice in one), so the groups need not add up to the total."""
    notes = []
    for node in plan.nodes:
        if node.fan_out:
            through = "; ".join(chain for chain in node.join_chains() if " -< " in chain)
            notes.append(
                f"groups overlap: each {node.entity} row counts once in every group it reaches through {through}, "
                "so the rows need not add up to the total"
            )
    return tuple(dict.fromkeys(notes))
