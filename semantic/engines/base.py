"""What every engine adapter provides: run one read-only SELECT and return rows (bounded)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlglot import exp

from semantic.errors import EngineError


@dataclass(frozen=True)
class ResultSet:
    columns: list[str]
    rows: list[tuple[Any, ...]]
    truncated: bool = False
    elapsed_ms: float = 0.0
    notes: list[str] = field(default_factory=list)


class Engine(Protocol):
    dialect: str

    def execute(
        self, expression: exp.Expression, *, row_limit: int, timeout_seconds: float, sql: str | None = None
    ) -> ResultSet:
        """Run one SELECT expression (as ``sql`` when given, already printed for this engine's dialect);
        at most ``row_limit`` rows, ``truncated`` when more existed."""
        ...

    def describe_table(self, table: str) -> dict[str, str] | None:
        """Column name (lower case) → type, or None when the table does not exist."""
        ...

    def close(self) -> None: ...


def ensure_select(expression: exp.Expression) -> None:
    """Refuse anything but a single query (SELECT / UNION ...)."""
    if not isinstance(expression, exp.Query):
        raise EngineError(f"only SELECT queries may run, not {expression.key.upper()}")
