"""PostgreSQL through psycopg 3: read-only sessions, one connection per thread, a statement timeout per call.

The URL comes from ``warehouse.url`` with ``${VAR}``s filled from the environment, so no credential is ever
written in YAML (a password in the URL itself is refused).

>>> expand_url("postgresql://${PGUSER_X}@db:5432/shop", {"PGUSER_X": "ana"})
'postgresql://ana@db:5432/shop'
>>> expand_url("postgresql://ana:secret@db/shop", {})
Traceback (most recent call last):
...
semantic.errors.EngineError: warehouse.url holds a password; write ${PGPASSWORD} (or leave it to libpq's PGPASSWORD)
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from typing import Any, Optional

from semantic.engines.base import ResultSet, TextEngine
from semantic.errors import EngineError

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def expand_url(url: str, environ: Mapping[str, str]) -> str:
    """``url`` with ``${NAME}`` replaced from ``environ``; a literal password or a missing variable is an error."""
    if re.search(r"://[^/@]*:(?!\$\{)[^/@]+@", url):
        raise EngineError("warehouse.url holds a password; write ${PGPASSWORD} (or leave it to libpq's PGPASSWORD)")
    missing = [name for name in _VAR.findall(url) if name not in environ]
    if missing:
        raise EngineError(f"warehouse.url needs the environment variable {missing[0]}, which is not set")
    return _VAR.sub(lambda m: environ[m.group(1)], url)


class PostgresEngine(TextEngine):
    """Runs SELECTs on a PostgreSQL database, never writing (default_transaction_read_only)."""

    dialect = "postgres"

    def __init__(self, url: str) -> None:
        import psycopg

        self._psycopg = psycopg
        self.url = url
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self._connection()  # fail early with a clear message

    def _connection(self) -> Any:
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.closed:
            try:
                connection = self._psycopg.connect(
                    self.url, autocommit=True, options="-c default_transaction_read_only=on", connect_timeout=10
                )
            except self._psycopg.Error as exc:
                message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise EngineError(f"cannot connect to PostgreSQL: {message}") from None
            self._local.connection = connection
            with self._lock:
                self._all.append(connection)
        return connection

    def execute_sql(
        self, sql: str, *, row_limit: int, timeout_seconds: float, parameters: Optional[list[Any]] = None
    ) -> ResultSet:
        """Run already-checked SQL text (callers build it from expressions); ``%s`` placeholders."""
        errors = self._psycopg.errors
        started = time.perf_counter()
        try:
            with self._connection().cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {max(1, int(timeout_seconds * 1000))}")
                cursor.execute(sql.replace("%", "%%") if parameters is None else sql, parameters)
                columns = [d.name for d in cursor.description or []]
                rows = [tuple(r) for r in cursor.fetchmany(row_limit + 1)]
        except errors.QueryCanceled:
            raise EngineError(f"query took longer than {timeout_seconds:g} s and was stopped") from None
        except self._psycopg.Error as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise EngineError(f"the warehouse refused the query: {first}") from None
        truncated = len(rows) > row_limit
        return ResultSet(columns, rows[:row_limit], truncated, (time.perf_counter() - started) * 1000)

    def describe_table(self, table: str) -> dict[str, str] | None:
        parts = table.split(".")
        sql = "SELECT column_name, data_type FROM information_schema.columns WHERE lower(table_name) = lower(%s)"
        params: list[Any] = [parts[-1]]
        if len(parts) > 1:
            sql += " AND lower(table_schema) = lower(%s)"
            params.append(parts[-2])
        result = self.execute_sql(sql, row_limit=100_000, timeout_seconds=30, parameters=params)
        if not result.rows:
            return None
        return {str(column).lower(): str(kind).upper() for column, kind in result.rows}

    def close(self) -> None:
        with self._lock:
            for connection in self._all:
                connection.close()
            self._all.clear()
