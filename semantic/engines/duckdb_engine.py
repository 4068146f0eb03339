"""DuckDB, the embedded default: opened read-only, one cursor per call, interrupted on timeout (by the shared
watchdog thread)."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any, Optional

from semantic.engines.base import ResultSet, TextEngine
from semantic.engines.watchdog import deadline
from semantic.errors import EngineError


class DuckDBEngine(TextEngine):
    """Runs SELECTs against a DuckDB file (or in memory when ``path`` is None)."""

    dialect = "duckdb"

    def __init__(self, path: Optional[Path], *, read_only: bool = True) -> None:
        import duckdb

        self._duckdb = duckdb
        if path is not None and not Path(path).exists():
            raise EngineError(
                f"warehouse file {path} does not exist; run `semctx init --demo` or fix warehouse.path in semctx.yml"
            )
        try:
            self.connection = duckdb.connect(
                str(path) if path else ":memory:",
                read_only=read_only and path is not None,
                config={"autoinstall_known_extensions": False, "autoload_known_extensions": False},
            )
        except duckdb.Error as exc:
            raise EngineError(f"cannot open warehouse {path}: {exc}") from None
        self._lock = threading.Lock()
        # Nobody can write a DuckDB file while this process holds it open read-only (DuckDB's file lock), so the
        # same SQL returns the same rows for as long as the connection lives: results may be cached.
        self.data_frozen = path is not None and read_only

    def execute_sql(
        self, sql: str, *, row_limit: int, timeout_seconds: float, parameters: Optional[list[Any]] = None
    ) -> ResultSet:
        """Run already-checked SQL text (callers build it from expressions)."""
        with self._lock:
            cursor = self.connection.cursor()
        started = time.perf_counter()
        try:
            with deadline(timeout_seconds, cursor.interrupt):
                cursor.execute(sql, parameters or [])
                columns = [d[0] for d in cursor.description or []]
                rows = cursor.fetchmany(row_limit + 1)
        except self._duckdb.InterruptException:
            raise EngineError(f"query took longer than {timeout_seconds:g} s and was stopped") from None
        except self._duckdb.Error as exc:
            raise EngineError(f"the warehouse refused the query: {str(exc).splitlines()[0]}") from None
        finally:
            cursor.close()
        truncated = len(rows) > row_limit
        return ResultSet(columns, rows[:row_limit], truncated, (time.perf_counter() - started) * 1000)

    def describe_table(self, table: str) -> dict[str, str] | None:
        parts = table.split(".")
        name, schema = parts[-1], (parts[-2] if len(parts) > 1 else None)
        sql = "SELECT column_name, data_type FROM information_schema.columns WHERE lower(table_name) = lower(?)"
        params: list[Any] = [name]
        if schema:
            sql += " AND lower(table_schema) = lower(?)"
            params.append(schema)
        result = self.execute_sql(sql, row_limit=100_000, timeout_seconds=30, parameters=params)
        if not result.rows:
            return None
        return {str(column).lower(): str(kind).upper() for column, kind in result.rows}

    def close(self) -> None:
        self.connection.close()
