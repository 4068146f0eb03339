"""Golden SQL per dialect: tests/golden/<dialect>/<case>.sql, compared byte for byte with what semctx compiles.

The files are plain SQL, reviewed like code. They are (re)written only when the environment variable
``SEMCTX_UPDATE_GOLDEN=1`` is set::

    SEMCTX_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -p no:deepeval tests/golden

Without it a missing file fails with that instruction and a changed SQL fails with a diff; review the diff,
then regenerate if the change is intended. Each golden file must also parse back with sqlglot in its own dialect,
and the DuckDB files are executed on the soundness warehouse and must return the rows of ``SemanticLayer.query``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest
import sqlglot

from semantic.api import SemanticLayer

GOLDEN = Path(__file__).resolve().parent
UPDATE = os.environ.get("SEMCTX_UPDATE_GOLDEN") == "1"
DIALECTS = ("duckdb", "postgres", "snowflake", "bigquery", "trino", "spark", "databricks", "redshift")

CASES: dict[str, dict] = {
    "simple": {"metrics": ["gross_sales"]},
    "one_hop": {"metrics": ["gross_sales", "order_count"], "dimensions": ["customers.segment"]},
    "three_hop_via": {"metrics": ["units"], "dimensions": ["regions.region_name"], "via": ["stores"]},
    "ratio": {"metrics": ["average_order_value"], "dimensions": ["metric_time__year"]},
    "derived_offset": {"metrics": ["sales_growth"], "dimensions": ["metric_time__year"]},
    "cumulative_window": {"metrics": ["sales_30d", "sales_ytd"], "dimensions": ["metric_time__month"]},
    "multi_fact": {"metrics": ["gross_sales", "ticket_count"], "dimensions": ["customers.segment"]},
    "filtered": {"metrics": ["revenue"], "dimensions": ["metric_time__month"],
                 "filters": ["customers.segment = 'consumer'", "metric_time >= '2024-01-01'"]},
    "having": {"metrics": ["gross_sales"], "dimensions": ["customers.segment"], "filters": ["gross_sales > 50"],
               "order_by": ["-gross_sales"]},
    "fan_out": {"metrics": ["credit_limit", "avg_credit_limit"], "dimensions": ["orders.status", "order_items.category"]},
    "dimension_only": {"dimensions": ["orders.order_id", "orders.ordered_at"], "order_by": ["-orders.ordered_at"],
                       "limit": 3},
}

PARAMS = [pytest.param(dialect, case, id=f"{dialect}-{case}") for dialect in DIALECTS for case in CASES]


def golden_path(dialect: str, case: str) -> Path:
    return GOLDEN / dialect / f"{case}.sql"


@pytest.mark.parametrize("dialect, case", PARAMS)
def test_golden_sql(layer: SemanticLayer, dialect: str, case: str) -> None:
    sql = layer.compile(CASES[case], dialect=dialect).sql.rstrip("\n") + "\n"
    path = golden_path(dialect, case)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_text(encoding="utf-8") != sql:
            path.write_text(sql, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"golden file {path.relative_to(GOLDEN.parent.parent)} is missing; create it with "
                    "SEMCTX_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -p no:deepeval tests/golden "
                    "and review the new file")
    expected = path.read_text(encoding="utf-8")
    if expected != sql:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), sql.splitlines(True),
                                            f"golden/{dialect}/{case}.sql", "compiled"))
        pytest.fail(f"compiled SQL differs from the golden file (rerun with SEMCTX_UPDATE_GOLDEN=1 if the change "
                    f"is intended):\n{diff}")


@pytest.mark.parametrize("dialect, case", PARAMS)
def test_golden_sql_parses_in_its_dialect(dialect: str, case: str) -> None:
    path = golden_path(dialect, case)
    if not path.exists():
        pytest.skip("golden file missing (reported by test_golden_sql)")
    statements = sqlglot.parse(path.read_text(encoding="utf-8"), read=dialect)
    assert len(statements) == 1 and isinstance(statements[0], (sqlglot.exp.Select, sqlglot.exp.Union,
                                                                sqlglot.exp.Query))


@pytest.mark.parametrize("case", list(CASES))
def test_duckdb_golden_runs_and_matches_query(layer: SemanticLayer, case: str) -> None:
    """The committed DuckDB SQL returns the same rows as the facade's query on the soundness warehouse."""
    path = golden_path("duckdb", case)
    if not path.exists():
        pytest.skip("golden file missing (reported by test_golden_sql)")
    golden = layer.engine.execute_sql(path.read_text(encoding="utf-8"), row_limit=1000, timeout_seconds=30)
    live = layer.query(CASES[case])
    assert golden.rows == live.rows


def test_no_stray_golden_files() -> None:
    """Every file under tests/golden/<dialect>/ belongs to a current case (a renamed case leaves none behind)."""
    expected = {golden_path(d, c) for d in DIALECTS for c in CASES}
    found = {p for d in DIALECTS for p in (GOLDEN / d).glob("*.sql")}
    assert not (found - expected), sorted(str(p.relative_to(GOLDEN)) for p in found - expected)


# ---- functions the target warehouse actually has --------------------------------------------------

# An exact median / continuous percentile must stay exact: either SQL the warehouse can run, or a DialectError
# saying the dialect cannot do it. Approximate functions return different numbers (p75 of 10..60 is 47.5; an
# approximate percentile returns one of the values, e.g. 50), and some spellings do not exist at all.
APPROXIMATE = ("APPROX_PERCENTILE(", "PERCENTILE_APPROX(", "APPROX_QUANTILES(", "APPROXIMATE ")
MISSING_FUNCTIONS = {
    "bigquery": ("MEDIAN(", "WITHIN GROUP"),      # no MEDIAN; PERCENTILE_CONT is analytic only (needs OVER)
    "trino": ("MEDIAN(", "PERCENTILE_CONT("),      # Trino has only approx_percentile
    "postgres": ("MEDIAN(",),                      # percentile_cont(0.5) WITHIN GROUP instead
}


@pytest.mark.parametrize("dialect", DIALECTS)
def test_exact_percentiles_use_functions_the_dialect_has(layer: SemanticLayer, dialect: str) -> None:
    from semantic.errors import DialectError

    try:
        sql = layer.compile({"metrics": ["median_order", "p75_order"], "dimensions": ["metric_time__year"]},
                            dialect=dialect).sql
    except DialectError:
        return
    upper = sql.upper()
    found = [f for f in APPROXIMATE + MISSING_FUNCTIONS.get(dialect, ()) if f in upper]
    assert not found, f"{dialect} SQL uses {found}:\n{sql}"
