"""Copying a DuckDB warehouse into another engine's storage: PostgreSQL tables, or parquet files for Spark.

Used to load the demo (and test warehouses) into every engine, so the same semantic queries can be compared across
engines. This writes, so it is a setup tool and never part of the read-only query path.

>>> postgres_type("DECIMAL(12,2)"), postgres_type("VARCHAR"), postgres_type("TIMESTAMP WITH TIME ZONE")
('NUMERIC(12,2)', 'TEXT', 'TIMESTAMPTZ')
"""

from __future__ import annotations

import re
from pathlib import Path

_TYPES = {
    "VARCHAR": "TEXT",
    "TEXT": "TEXT",
    "INTEGER": "INTEGER",
    "BIGINT": "BIGINT",
    "SMALLINT": "SMALLINT",
    "TINYINT": "SMALLINT",
    "HUGEINT": "NUMERIC(38,0)",
    "UBIGINT": "NUMERIC(20,0)",
    "UINTEGER": "BIGINT",
    "DOUBLE": "DOUBLE PRECISION",
    "FLOAT": "REAL",
    "REAL": "REAL",
    "BOOLEAN": "BOOLEAN",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP",
    "TIMESTAMP WITH TIME ZONE": "TIMESTAMPTZ",
    "TIME": "TIME",
    "UUID": "UUID",
}


_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}  # as DuckDBEngine opens it


def postgres_type(duckdb_type: str) -> str:
    kind = duckdb_type.upper().strip()
    match = re.fullmatch(r"DECIMAL\((\d+),\s*(\d+)\)", kind)
    if match:
        return f"NUMERIC({match.group(1)},{match.group(2)})"
    return _TYPES.get(kind, "TEXT")


def _tables(connection: object) -> list[tuple[str, list[tuple[str, str]]]]:
    rows = connection.execute(  # type: ignore[attr-defined]
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in rows:
        tables.setdefault(table, []).append((column, kind))
    return list(tables.items())


def duckdb_to_postgres(source: Path, url: str) -> list[str]:
    """Every table of the DuckDB file ``source``, (re)created in the database at ``url``; the table names."""
    import duckdb
    import psycopg
    from psycopg import sql

    with duckdb.connect(str(source), read_only=True, config=_CONFIG) as ddb, psycopg.connect(url) as pg:
        names = []
        for table, columns in _tables(ddb):
            names.append(table)
            with pg.cursor() as cursor:
                cursor.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(table)))
                definition = sql.SQL(", ").join(
                    sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(postgres_type(k))) for c, k in columns
                )
                cursor.execute(sql.SQL("CREATE TABLE {} ({})").format(sql.Identifier(table), definition))
                target = sql.SQL("COPY {} ({}) FROM STDIN").format(
                    sql.Identifier(table), sql.SQL(", ").join(sql.Identifier(c) for c, _ in columns)
                )
                select = "SELECT " + ", ".join(f'"{c}"' for c, _ in columns) + f' FROM "{table}"'
                with cursor.copy(target) as copy:
                    for row in ddb.execute(select).fetchall():
                        copy.write_row(row)
        pg.commit()
    return names


def duckdb_to_parquet(source: Path, folder: Path) -> list[str]:
    """Every table of ``source`` as ``folder/<table>.parquet`` (what the Spark engine reads); the table names."""
    import duckdb

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(source), read_only=True, config=_CONFIG) as ddb:
        names = [table for table, _ in _tables(ddb)]
        for table in names:
            target = str(folder / f"{table}.parquet").replace("'", "''")
            ddb.execute(f"COPY (SELECT * FROM \"{table}\") TO '{target}' (FORMAT parquet)")
    return names
