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


class TextEngine:
    """Shared by the adapters: ``execute`` checks the expression and hands its SQL text to ``execute_sql``."""

    dialect: str

    def execute(
        self, expression: exp.Expression, *, row_limit: int, timeout_seconds: float, sql: str | None = None
    ) -> ResultSet:
        ensure_select(expression)
        text = sql if sql is not None else expression.sql(dialect=self.dialect, comments=False)
        return self.execute_sql(text, row_limit=row_limit, timeout_seconds=timeout_seconds)

    def execute_sql(
        self, sql: str, *, row_limit: int, timeout_seconds: float, parameters: list[Any] | None = None
    ) -> ResultSet:
        raise NotImplementedError


# Functions that read files or the network, run SQL given as text, leak settings or secrets, or stall the engine.
DENIED_FUNCTIONS = frozenset(
    """read_csv read_csv_auto read_parquet parquet_scan read_json read_json_auto read_json_objects read_ndjson
    read_ndjson_auto read_ndjson_objects read_text read_blob read_xlsx glob sniff_csv sqlite_scan sqlite_attach
    postgres_scan postgres_attach postgres_query mysql_scan mysql_query iceberg_scan delta_scan st_read
    query query_table getenv current_setting set_config load_extension install_extension pg_read_file
    pg_read_binary_file pg_ls_dir pg_stat_file lo_import lo_export dblink pg_sleep sleep system shell
    read_file write_file http_get http_post""".split()
)
DENIED_PREFIXES = ("duckdb_", "pragma_", "pg_catalog.", "information_schema.")
DENIED_NODES: tuple[type[exp.Expression], ...] = (
    exp.Command,
    exp.Insert,
    exp.Delete,
    exp.Update,
    exp.Merge,
    exp.Create,
    exp.Drop,
    exp.Alter,
    exp.Copy,
    exp.Pragma,
    exp.Set,
    exp.Use,
    exp.Into,
    exp.ReadCSV,
    exp.ReadParquet,
)


def ensure_select(expression: exp.Expression) -> None:
    """Refuse anything but one read-only query: no DDL/DML, no file, network, extension or SQL-from-text
    functions, no file paths as table names. Runs on the expression that is about to be sent."""
    if not isinstance(expression, exp.Query):
        raise EngineError(f"only SELECT queries may run, not {expression.key.upper()}")
    for node in expression.walk():
        if isinstance(node, DENIED_NODES):
            raise EngineError(f"only read-only SELECTs may run; {node.key.upper()} is refused")
        if isinstance(node, exp.Func):
            name = (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()
            if name in DENIED_FUNCTIONS or name.startswith(DENIED_PREFIXES):
                raise EngineError(f"the function {name}() may not run here (files, network, settings or SQL text)")
        if isinstance(node, exp.Table):
            target = node.this
            if isinstance(target, exp.Identifier) and target.quoted and any(c in target.name for c in "./:*\\"):
                raise EngineError(f"reading {target.name!r} as a table is refused (files are not tables here)")
