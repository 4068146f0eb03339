"""Helpers for the soundness suite: run a query on the DuckDB warehouse built from data.sql, compare rows.

The truth every test asserts is derived by hand from tests/fixtures/projects/soundness/data.sql. For reference:

customers  1 Ann premium  region 10 credit 100 | 2 Bob consumer region 20 credit 200
           3 Cid consumer region 10 credit 400 | 4 Dee NULL     region 20 credit 800 (no orders)
regions    10 West | 20 East
stores     100 East Mall (region 20 East, company 1 Acme) | 200 West Side (region 10 West, company 2 Bolt)
orders     id cust store date        amount status     units (sum of its items' quantity)
           1  1    100   2023-01-15  10     completed  4  (toys 1, books 2, books 1)
           2  1    200   2023-02-10  20     returned   5  (toys 5)
           3  2    100   2023-02-20  30     completed  2  (books 1, garden 1)
           4  3    200   2024-01-05  40     completed  3  (toys 3)
           5  3    200   2024-02-07  50     completed  4  (garden 2, garden 2)
           6  2    100   2024-02-09  60     NULL       4  (books 4)
tickets    1 c1 2023-01-20 high | 2 c1 2023-03-01 low | 3 c1 2024-01-02 low | 4 c2 2024-02-15 high
           5 c4 2024-02-20 high
"""

from __future__ import annotations

import decimal
from pathlib import Path
from typing import Any, Callable

import pytest
from engine_support import on_engine, postgres_database

from semantic.api import SemanticLayer
from semantic.engines.transfer import duckdb_to_parquet, duckdb_to_postgres

Row = tuple[Any, ...]
ENGINES = ["duckdb", "postgres", "spark"]


def normalize(rows: list[Row]) -> list[Row]:
    """Decimals and floats rounded to 6 places, so 100/3 compares equal to 33.333333."""
    out = []
    for row in rows:
        values = []
        for value in row:
            if isinstance(value, decimal.Decimal):
                value = float(value)
            if isinstance(value, float):
                value = round(value, 6)
                if value == int(value):
                    value = int(value)
            values.append(value)
        out.append(tuple(values))
    return out


@pytest.fixture(scope="session", params=ENGINES)
def engine_layer(request: pytest.FixtureRequest, soundness_root: Path, tmp_path_factory: pytest.TempPathFactory):
    """The soundness project on DuckDB, then on PostgreSQL, then on Spark (same data, copied from DuckDB)."""
    engine = request.param
    if engine == "duckdb":
        layer = SemanticLayer.load(soundness_root)
    elif engine == "postgres":
        url = postgres_database(request.getfixturevalue("postgres_server"), "semctx_soundness")
        duckdb_to_postgres(soundness_root / "warehouse.duckdb", url)
        layer = on_engine(soundness_root, tmp_path_factory.mktemp("pg") / "soundness", {"type": "postgres", "url": url})
    else:
        request.getfixturevalue("spark_ready")
        target = tmp_path_factory.mktemp("spark") / "soundness"
        duckdb_to_parquet(soundness_root / "warehouse.duckdb", target.parent / "tables")
        layer = on_engine(soundness_root, target, {"type": "spark", "path": "../tables"})
    yield layer
    layer.close()


@pytest.fixture(scope="session")
def ask(engine_layer) -> Callable[..., list[Row]]:
    """``ask(query, columns=[...])``: run on the engine, check the column names when given, return normalized rows.
    Every test using it runs on DuckDB, PostgreSQL and Spark against the same hand-derived truth."""

    def run(query: dict[str, Any], columns: list[str] | None = None) -> list[Row]:
        result = engine_layer.query(query)
        if columns is not None:
            assert result.columns == columns, result.sql
        return normalize(result.rows)

    return run
