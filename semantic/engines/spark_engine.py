"""Spark SQL through pyspark: a local (or configured) master, tables from a folder of parquet files.

Each ``NAME.parquet`` file or ``NAME/`` folder of parquet parts under ``warehouse.path`` becomes a temporary view
``NAME``. One SparkSession serves every engine in the process (starting Spark takes seconds); a query running
longer than its timeout has its job group cancelled.
"""

from __future__ import annotations

import threading
import time
import uuid
from pathlib import Path
from typing import Any, Optional

from semantic.engines.base import ResultSet, TextEngine, ensure_select
from semantic.engines.watchdog import deadline
from semantic.errors import EngineError

_SESSION_LOCK = threading.Lock()
_SESSION: Any = None


def spark_session(master: str = "local[2]") -> Any:
    """The process's SparkSession (created once: UTC, no UI, few shuffle partitions for small data)."""
    global _SESSION
    with _SESSION_LOCK:
        if _SESSION is None:
            import os

            from pyspark.sql import SparkSession

            if master.startswith("local"):
                os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # loopback only, and no hostname warning

            _SESSION = (
                SparkSession.builder.master(master)
                .appName("semctx")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.ansi.enabled", "false")
                .getOrCreate()
            )
            _SESSION.sparkContext.setLogLevel("ERROR")
        return _SESSION


class SparkEngine(TextEngine):
    dialect = "spark"

    def __init__(self, tables: Path, master: str = "local[2]") -> None:
        tables = Path(tables)
        if not tables.is_dir():
            raise EngineError(f"spark tables folder {tables} does not exist; set warehouse.path to a folder of parquet")
        try:
            self.session = spark_session(master)
        except Exception as exc:  # noqa: BLE001 - Java missing, port busy, ...: one clear message
            raise EngineError(f"cannot start Spark: {str(exc).splitlines()[0][:200]}") from None
        self.tables: list[str] = []
        for item in sorted(tables.iterdir()):
            name = item.name[: -len(".parquet")] if item.name.endswith(".parquet") else item.name
            if item.suffix == ".parquet" or (item.is_dir() and any(item.glob("*.parquet"))):
                self.session.read.parquet(str(item)).createOrReplaceTempView(name)
                self.tables.append(name)

    def execute_sql(
        self, sql: str, *, row_limit: int, timeout_seconds: float, parameters: Optional[list[Any]] = None
    ) -> ResultSet:
        if parameters:
            raise EngineError("the Spark engine takes no query parameters")
        import sqlglot

        try:  # Spark has no read-only session: every text is checked here too, not only expressions in execute()
            ensure_select(sqlglot.parse_one(sql, read=self.dialect))
        except sqlglot.errors.ParseError as exc:
            raise EngineError(f"not a query semctx can check: {str(exc).splitlines()[0][:200]}") from None
        context = self.session.sparkContext
        group = f"semctx-{uuid.uuid4().hex}"
        started = time.perf_counter()
        context.setJobGroup(group, "semctx query", interruptOnCancel=True)
        try:
            with deadline(timeout_seconds, lambda: context.cancelJobGroup(group)):
                frame = self.session.sql(sql)
                columns = list(frame.columns)
                rows = [tuple(r) for r in frame.limit(row_limit + 1).collect()]
        except Exception as exc:  # noqa: BLE001 - analysis errors, cancellations: one clear message
            if time.perf_counter() - started >= timeout_seconds:
                raise EngineError(f"query took longer than {timeout_seconds:g} s and was stopped") from None
            first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
            raise EngineError(f"the warehouse refused the query: {first}") from None
        truncated = len(rows) > row_limit
        return ResultSet(columns, rows[:row_limit], truncated, (time.perf_counter() - started) * 1000)

    def describe_table(self, table: str) -> dict[str, str] | None:
        name = table.split(".")[-1]
        if name not in self.tables:
            return None
        return {f.name.lower(): f.dataType.simpleString().upper() for f in self.session.table(name).schema.fields}

    def close(self) -> None:
        """The shared session stays up for other engines of the process (it ends with the process)."""
