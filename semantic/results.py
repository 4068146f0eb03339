"""Query results as returned by the facade: SQL, columns, rows, and flags governance can set."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from dataclasses import dataclass, field
from typing import Any

from semantic.engines.base import ResultSet
from semantic.sql.compiler import CompiledQuery


@dataclass(frozen=True)
class QueryResult:
    """Rows of a query; ``truncated`` when the row limit cut them; ``redactions`` counts masked values."""

    sql: str
    columns: list[str]
    rows: list[tuple[Any, ...]]
    query: dict[str, Any]
    explanation: str = ""
    truncated: bool = False
    redactions: int = 0
    elapsed_ms: float = 0.0
    notes: list[str] = field(default_factory=list)

    @classmethod
    def from_result(cls, compiled: CompiledQuery, result: ResultSet) -> QueryResult:
        return cls(
            compiled.sql,
            compiled.columns or result.columns,
            result.rows,
            compiled.query.to_dict(),
            compiled.explanation,
            result.truncated,
            0,
            result.elapsed_ms,
            [*compiled.notes, *result.notes],
        )

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: dates as ISO text, decimals as floats, NaN as null."""
        return {
            "query": self.query,
            "sql": self.sql,
            "columns": self.columns,
            "rows": [[jsonable(value) for value in row] for row in self.rows],
            "row_count": self.row_count,
            "truncated": self.truncated,
            "redactions": self.redactions,
            "explanation": self.explanation,
            "elapsed_ms": round(self.elapsed_ms, 3),
            "notes": self.notes,
        }


def jsonable(value: Any) -> Any:
    """A JSON-friendly form of one database value.

    >>> jsonable(decimal.Decimal("1.50")), jsonable(dt.date(2024, 1, 2))
    (1.5, '2024-01-02')
    """
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() and value.as_tuple().exponent >= 0 else float(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
