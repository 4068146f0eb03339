"""TPC-H on DuckDB: the SQL semctx generates vs hand-written SQL, printed as a plain text table. A script, not a test.

    .venv/bin/python benchmarks/tpch_bench.py [--scale 1] [--data DIR] [--runs 7]

Data: ``tpchgen-cli parquet -s SCALE`` (pip install tpchgen-cli==4.0.0) writes the 8 TPC-H tables into
``DIR/parquet/`` (DIR default ``benchmarks/.tpch-sf<SCALE>/``, ignored by git through its own ``.gitignore``);
they are loaded once into ``DIR/tpch.duckdb``. Both are reused by later runs. The model is ``benchmarks/tpch/``,
copied to a temporary folder with ``warehouse.path`` set to that DuckDB file and validated against it.

Rows (see benchmarks/README.md): one per query of ``CASES``, a TPC-H-like question as a semctx structured query
plus the SQL an analyst would write for it. Before timing, each query's SQL from ``layer.compile(query).sql``
must return the same rows as the hand-written SQL (sorted, floats to a relative 1e-9). Then both run on one
read-only DuckDB connection, alternating, 1 warm-up + ``--runs`` each: medians, semctx/hand ratio (target
<= 1.05x), and the p50 of ``layer.compile(query)`` in-process. Exits 0 when everything ran (a missed target
shows NO in the ``ok`` column); exits 1 when a query does not compile, fails, or returns other rows.
"""

from __future__ import annotations

import argparse
import datetime
import decimal
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))  # table, when run as a script

from table import Rows, format_table  # noqa: E402

MODEL = HERE / "tpch"
TABLES = ("lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region")
RATIO_TARGET = 1.05
COMPILE_REPS, COMPILE_WARMUP = 50, 5
REL_TOL = 1e-9
# the engine semctx itself opens uses this config; DuckDB refuses a second connection to a file with another one
DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


@dataclass(frozen=True)
class Case:
    name: str
    query: dict[str, Any]
    sql: str  # the hand-written DuckDB SQL: same rows, columns in the query's order (dimensions, then metrics)


def year_1994(column: str) -> str:
    return f"{column} >= '1994-01-01' AND {column} < '1995-01-01'"


CASES: list[Case] = [
    Case(  # TPC-H Q1, pricing summary report
        "q1_pricing_summary",
        {
            "metrics": [
                "quantity_sold",
                "gross_revenue",
                "revenue",
                "charge",
                "avg_quantity",
                "avg_price",
                "avg_discount",
                "line_count",
            ],
            "dimensions": ["lineitem.return_flag", "lineitem.line_status"],
            "filters": ["lineitem.ship_date <= '1998-09-02'"],
        },
        """
        SELECT l_returnflag, l_linestatus,
               SUM(l_quantity), SUM(l_extendedprice),
               SUM(l_extendedprice * (1 - l_discount)),
               SUM(l_extendedprice * (1 - l_discount) * (1 + l_tax)),
               AVG(l_quantity), AVG(l_extendedprice), AVG(l_discount), COUNT(*)
        FROM lineitem
        WHERE l_shipdate <= DATE '1998-09-02'
        GROUP BY l_returnflag, l_linestatus
        ORDER BY l_returnflag, l_linestatus
        """,
    ),
    Case(  # TPC-H Q3, shipping priority: top unshipped orders of a segment
        "q3_shipping_priority",
        {
            "metrics": ["revenue"],
            "dimensions": ["orders.order_key", "orders.order_date", "orders.ship_priority"],
            "filters": [
                "customer.market_segment = 'BUILDING'",
                "orders.order_date < '1995-03-15'",
                "lineitem.ship_date > '1995-03-15'",
            ],
            "order_by": ["-revenue", "orders.order_date"],
            "limit": 10,
        },
        """
        SELECT o_orderkey, o_orderdate, o_shippriority, SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM customer
        JOIN orders ON o_custkey = c_custkey
        JOIN lineitem ON l_orderkey = o_orderkey
        WHERE c_mktsegment = 'BUILDING' AND o_orderdate < DATE '1995-03-15' AND l_shipdate > DATE '1995-03-15'
        GROUP BY o_orderkey, o_orderdate, o_shippriority
        ORDER BY revenue DESC, o_orderdate, o_orderkey
        LIMIT 10
        """,
    ),
    Case(  # revenue (line items) and order count (orders): two facts, one customer grain
        "top10_customers_1995",
        {
            "metrics": ["revenue", "order_count"],
            "dimensions": ["customer.customer_key", "customer.customer_name"],
            "filters": ["orders.order_date >= '1995-01-01' AND orders.order_date < '1996-01-01'"],
            "order_by": ["-revenue"],
            "limit": 10,
        },
        """
        SELECT c_custkey, c_name, SUM(l_extendedprice * (1 - l_discount)) AS revenue,
               COUNT(DISTINCT o_orderkey) AS order_count
        FROM customer
        JOIN orders ON o_custkey = c_custkey
        JOIN lineitem ON l_orderkey = o_orderkey
        WHERE o_orderdate >= DATE '1995-01-01' AND o_orderdate < DATE '1996-01-01'
        GROUP BY c_custkey, c_name
        ORDER BY revenue DESC, c_custkey
        LIMIT 10
        """,
    ),
    Case(  # every line item, 4 joins, grouped by customer region, nation and ship year
        "revenue_by_region_year",
        {
            "metrics": ["revenue"],
            "dimensions": ["customer_region.region", "customer_nation.nation", "metric_time__year"],
        },
        """
        SELECT r_name, n_name, CAST(date_trunc('year', l_shipdate) AS DATE) AS ship_year,
               SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM lineitem
        JOIN orders ON o_orderkey = l_orderkey
        JOIN customer ON c_custkey = o_custkey
        JOIN nation ON n_nationkey = c_nationkey
        JOIN region ON r_regionkey = n_regionkey
        GROUP BY r_name, n_name, ship_year
        ORDER BY r_name, n_name, ship_year
        """,
    ),
    Case(  # TPC-H Q5, local supplier volume: customer and supplier in the same nation
        "q5_local_supplier_volume",
        {
            "metrics": ["revenue"],
            "dimensions": ["customer_nation.nation"],
            "filters": [
                "customer_region.region = 'ASIA'",
                year_1994("orders.order_date"),
                "customer_nation.nation = supplier_nation.nation",
            ],
            "order_by": ["-revenue"],
        },
        """
        SELECT n_name, SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM customer, orders, lineitem, supplier, nation, region
        WHERE c_custkey = o_custkey AND l_orderkey = o_orderkey AND l_suppkey = s_suppkey
          AND c_nationkey = s_nationkey AND s_nationkey = n_nationkey AND n_regionkey = r_regionkey
          AND r_name = 'ASIA' AND o_orderdate >= DATE '1994-01-01' AND o_orderdate < DATE '1995-01-01'
        GROUP BY n_name
        ORDER BY revenue DESC
        """,
    ),
    Case(  # TPC-H Q6, forecasting revenue change
        "q6_forecast_revenue",
        {
            "metrics": ["discount_revenue"],
            "filters": [
                year_1994("lineitem.ship_date"),
                "lineitem.discount BETWEEN 0.05 AND 0.07",
                "lineitem.quantity < 24",
            ],
        },
        """
        SELECT SUM(l_extendedprice * l_discount) AS revenue
        FROM lineitem
        WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'
          AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24
        """,
    ),
    Case(  # TPC-H Q7, volume shipping between two nations, by year
        "q7_volume_shipping",
        {
            "metrics": ["revenue"],
            "dimensions": ["supplier_nation.nation", "customer_nation.nation", "metric_time__year"],
            "filters": [
                "(supplier_nation.nation = 'FRANCE' AND customer_nation.nation = 'GERMANY')"
                " OR (supplier_nation.nation = 'GERMANY' AND customer_nation.nation = 'FRANCE')",
                "lineitem.ship_date BETWEEN '1995-01-01' AND '1996-12-31'",
            ],
        },
        """
        SELECT n1.n_name AS supp_nation, n2.n_name AS cust_nation,
               CAST(date_trunc('year', l_shipdate) AS DATE) AS ship_year,
               SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM supplier
        JOIN lineitem ON l_suppkey = s_suppkey
        JOIN orders ON o_orderkey = l_orderkey
        JOIN customer ON c_custkey = o_custkey
        JOIN nation n1 ON n1.n_nationkey = s_nationkey
        JOIN nation n2 ON n2.n_nationkey = c_nationkey
        WHERE ((n1.n_name = 'FRANCE' AND n2.n_name = 'GERMANY') OR (n1.n_name = 'GERMANY' AND n2.n_name = 'FRANCE'))
          AND l_shipdate BETWEEN DATE '1995-01-01' AND DATE '1996-12-31'
        GROUP BY supp_nation, cust_nation, ship_year
        ORDER BY supp_nation, cust_nation, ship_year
        """,
    ),
    Case(  # TPC-H Q10, returned item reporting (a metric with its own filter)
        "q10_returned_items",
        {
            "metrics": ["returned_revenue"],
            "dimensions": [
                "customer.customer_key",
                "customer.customer_name",
                "customer.account_balance",
                "customer_nation.nation",
                "customer.address",
                "customer.phone",
                "customer.customer_comment",
            ],
            "filters": ["orders.order_date >= '1993-10-01' AND orders.order_date < '1994-01-01'"],
            "order_by": ["-returned_revenue"],
            "limit": 20,
        },
        """
        SELECT c_custkey, c_name, c_acctbal, n_name, c_address, c_phone, c_comment,
               SUM(l_extendedprice * (1 - l_discount)) AS revenue
        FROM customer
        JOIN orders ON o_custkey = c_custkey
        JOIN lineitem ON l_orderkey = o_orderkey
        JOIN nation ON n_nationkey = c_nationkey
        WHERE o_orderdate >= DATE '1993-10-01' AND o_orderdate < DATE '1994-01-01' AND l_returnflag = 'R'
        GROUP BY c_custkey, c_name, c_acctbal, n_name, c_address, c_phone, c_comment
        ORDER BY revenue DESC, c_custkey
        LIMIT 20
        """,
    ),
    Case(  # TPC-H Q12, shipping modes and order priority (two filtered counts)
        "q12_shipmode_priority",
        {
            "metrics": ["high_priority_lines", "low_priority_lines"],
            "dimensions": ["lineitem.ship_mode"],
            "filters": [
                "lineitem.ship_mode IN ('MAIL', 'SHIP')",
                "lineitem.commit_date < lineitem.receipt_date",
                "lineitem.ship_date < lineitem.commit_date",
                year_1994("lineitem.receipt_date"),
            ],
        },
        """
        SELECT l_shipmode,
               COUNT(*) FILTER (WHERE o_orderpriority IN ('1-URGENT', '2-HIGH')) AS high_line_count,
               COUNT(*) FILTER (WHERE o_orderpriority NOT IN ('1-URGENT', '2-HIGH')) AS low_line_count
        FROM orders
        JOIN lineitem ON l_orderkey = o_orderkey
        WHERE l_shipmode IN ('MAIL', 'SHIP') AND l_commitdate < l_receiptdate AND l_shipdate < l_commitdate
          AND l_receiptdate >= DATE '1994-01-01' AND l_receiptdate < DATE '1995-01-01'
        GROUP BY l_shipmode
        ORDER BY l_shipmode
        """,
    ),
    Case(  # TPC-H Q14, promotion effect (a ratio whose numerator has a filter)
        "q14_promo_share",
        {
            "metrics": ["promo_revenue_share"],
            "filters": ["lineitem.ship_date >= '1995-09-01' AND lineitem.ship_date < '1995-10-01'"],
        },
        """
        SELECT SUM(CASE WHEN p_type LIKE 'PROMO%' THEN l_extendedprice * (1 - l_discount) ELSE 0 END)
               / SUM(l_extendedprice * (1 - l_discount)) AS promo_share
        FROM lineitem
        JOIN part ON p_partkey = l_partkey
        WHERE l_shipdate >= DATE '1995-09-01' AND l_shipdate < DATE '1995-10-01'
        """,
    ),
    Case(  # orders alone: count and a ratio metric, by priority and order year
        "orders_by_priority_year",
        {
            "metrics": ["order_count", "average_order_value"],
            "dimensions": ["orders.order_priority", "metric_time__year"],
        },
        """
        SELECT o_orderpriority, CAST(date_trunc('year', o_orderdate) AS DATE) AS order_year,
               COUNT(*) AS order_count, AVG(o_totalprice) AS average_order_value
        FROM orders
        GROUP BY o_orderpriority, order_year
        ORDER BY o_orderpriority, order_year
        """,
    ),
    Case(  # TPC-H Q11-like: stock value by supplier nation (partsupp fact)
        "stock_value_by_nation",
        {"metrics": ["stock_value"], "dimensions": ["supplier_nation.nation"], "order_by": ["-stock_value"]},
        """
        SELECT n_name, SUM(ps_supplycost * ps_availqty) AS stock_value
        FROM partsupp
        JOIN supplier ON s_suppkey = ps_suppkey
        JOIN nation ON n_nationkey = s_nationkey
        GROUP BY n_name
        ORDER BY stock_value DESC
        """,
    ),
]


def die(message: str) -> None:
    print(f"\nFAILED: {message}", file=sys.stderr)
    sys.exit(1)


# ---- data -------------------------------------------------------------------------------------------------


def tpchgen() -> str:
    local = Path(sys.executable).with_name("tpchgen-cli")
    found = str(local) if local.is_file() else shutil.which("tpchgen-cli")
    if found is None:
        die("tpchgen-cli is not installed: .venv/bin/pip install tpchgen-cli==4.0.0")
    return found  # type: ignore[return-value]


def ensure_parquet(data: Path, scale: float) -> float | None:
    """The 8 tables as DATA/parquet/<table>.parquet, generated unless present; seconds spent (None: reused)."""
    target, marker = data / "parquet", data / "scale"
    if all((target / f"{t}.parquet").is_file() for t in TABLES):
        if marker.is_file() and marker.read_text().strip() != f"{scale:g}":
            die(f"{data} holds scale {marker.read_text().strip()}, not {scale:g}; pass another --data folder")
        return None
    data.mkdir(parents=True, exist_ok=True)
    (data / ".gitignore").write_text("*\n")
    partial = data / "parquet.partial"
    shutil.rmtree(partial, ignore_errors=True)
    command = [tpchgen(), "parquet", "-s", f"{scale:g}", "-o", str(partial), "--quiet"]
    print(f"generating: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        die(f"`{' '.join(command)}` exited {done.returncode}\n{done.stderr[-2000:]}")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    marker.write_text(f"{scale:g}\n")
    return time.perf_counter() - started


def ensure_duckdb(data: Path, generated: bool) -> float | None:
    """DATA/tpch.duckdb with the 8 tables, loaded from the parquet files unless present; seconds spent."""
    import duckdb

    database = data / "tpch.duckdb"
    if database.is_file() and not generated:
        with duckdb.connect(str(database), read_only=True, config=DUCKDB_CONFIG) as con:
            present = {row[0] for row in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if present >= set(TABLES):
            return None
    partial = data / "tpch.duckdb.partial"
    partial.unlink(missing_ok=True)
    print(f"loading {len(TABLES)} parquet tables into {database}", flush=True)
    started = time.perf_counter()
    with duckdb.connect(str(partial), config=DUCKDB_CONFIG) as con:
        con.execute("SET enable_progress_bar = false")
        for table in TABLES:
            source = (data / "parquet" / f"{table}.parquet").as_posix().replace("'", "''")
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM read_parquet('{source}')")
        con.execute("CHECKPOINT")
    partial.replace(database)
    return time.perf_counter() - started


def write_project(workdir: Path, database: Path) -> Path:
    """A copy of benchmarks/tpch whose semctx.yml points warehouse.path at ``database``."""
    project = workdir / "tpch"
    shutil.copytree(MODEL, project, ignore=shutil.ignore_patterns(".semctx", "*.duckdb*"))
    config = project / "semctx.yml"
    text, count = re.subn(
        r"^(\s+path:).*$", lambda m: f"{m.group(1)} {json.dumps(str(database))}", config.read_text(), flags=re.M
    )
    if count != 1:
        die(f"{config}: expected one `path:` line under warehouse, found {count}")
    config.write_text(text)
    return project


# ---- checks -----------------------------------------------------------------------------------------------


def normal(value: Any) -> Any:
    return float(value) if isinstance(value, decimal.Decimal) else value


def sort_key(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """Rows sort the same when their floats differ in the last digits only."""
    key = []
    for value in row:
        if value is None:
            key.append((0, ""))
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            key.append((1, float(f"{value:.6g}")))
        else:
            key.append((2, str(value)))
    return tuple(key)


def same_value(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=0.0)
    if isinstance(a, datetime.datetime) != isinstance(b, datetime.datetime):
        return False  # a DATE column against a TIMESTAMP one: the hand-written SQL should cast
    return a == b


def compare(generated: list[tuple[Any, ...]], hand: list[tuple[Any, ...]]) -> str | None:
    """None when both results hold the same rows (in any order), else what differs."""
    ours = sorted((tuple(normal(v) for v in r) for r in generated), key=sort_key)
    theirs = sorted((tuple(normal(v) for v in r) for r in hand), key=sort_key)
    if len(ours) != len(theirs):
        return f"{len(ours)} rows from semctx, {len(theirs)} from the hand-written SQL"
    for index, (a, b) in enumerate(zip(ours, theirs)):
        if len(a) != len(b) or not all(same_value(x, y) for x, y in zip(a, b)):
            return f"sorted row {index} differs:\n  semctx: {a}\n  hand:   {b}"
    return None


def check_cases(layer: Any, con: Any) -> dict[str, tuple[str, int]]:
    """The generated SQL and row count per case; stops with every failing case when one does not match."""
    out: dict[str, tuple[str, int]] = {}
    failures = []
    for case in CASES:
        try:
            sql = layer.compile(case.query).sql
            generated = con.execute(sql).fetchall()
            hand = con.execute(case.sql).fetchall()
            problem = compare(generated, hand)
            if problem:
                raise AssertionError(f"{problem}\n  generated SQL:\n{sql}")
            out[case.name] = (sql, len(generated))
        except Exception as exc:  # noqa: BLE001 - report every broken case, then fail
            failures.append(f"  {case.name}: {case.query}\n    -> {type(exc).__name__}: {exc}")
    if failures:
        die("these queries do not compile, run, or match the hand-written SQL:\n" + "\n".join(failures))
    return out


# ---- timing -----------------------------------------------------------------------------------------------


def run_ms(con: Any, sql: str) -> float:
    started = time.perf_counter()
    con.execute(sql).fetchall()
    return (time.perf_counter() - started) * 1e3


def time_pair(con: Any, hand: str, generated: str, runs: int) -> tuple[float, float]:
    """Median ms of the hand-written and the generated SQL: 1 warm-up each, then ``runs`` each, taking turns
    (who goes first alternates too, so neither always runs on the other's warm cache)."""
    run_ms(con, hand)
    run_ms(con, generated)
    hand_ms: list[float] = []
    ours_ms: list[float] = []
    for index in range(runs):
        if index % 2 == 0:
            hand_ms.append(run_ms(con, hand))
            ours_ms.append(run_ms(con, generated))
        else:
            ours_ms.append(run_ms(con, generated))
            hand_ms.append(run_ms(con, hand))
    return statistics.median(hand_ms), statistics.median(ours_ms)


def compile_p50_ms(layer: Any, query: dict[str, Any]) -> float:
    for _ in range(COMPILE_WARMUP):
        layer.compile(query)
    samples = []
    for _ in range(COMPILE_REPS):
        started = time.perf_counter()
        layer.compile(query)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e3


def format_columns(header: tuple[str, ...], rows: list[tuple[str, ...]], right: set[int]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join(text.rstrip() for text in [line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def verdict(ratio: float) -> str:
    return "yes" if ratio <= RATIO_TARGET else "NO"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="TPC-H scale factor (default 1)")
    parser.add_argument("--data", type=Path, help="data folder (default benchmarks/.tpch-sf<SCALE>)")
    parser.add_argument("--runs", type=int, default=7, help="measured runs of each SQL per query (default 7)")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.scale <= 0:
        parser.error("--runs and --scale must be positive")
    os.environ.setdefault("SEMCTX_AUDIT_FSYNC", "0")  # layer.compile writes an audit record; no fsync per call

    import duckdb
    import sqlglot

    from semantic.api import SemanticLayer

    began = time.perf_counter()
    data = (args.data or HERE / f".tpch-sf{args.scale:g}").resolve()
    print("semctx TPC-H benchmark: generated SQL vs hand-written SQL on DuckDB")
    print(
        f"python {platform.python_version()}, duckdb {duckdb.__version__}, sqlglot {sqlglot.__version__}, "
        f"cpus {os.cpu_count()}, {platform.system()} {platform.machine()}, scale {args.scale:g}"
    )
    generated_s = ensure_parquet(data, args.scale)
    loaded_s = ensure_duckdb(data, generated_s is not None)
    database = data / "tpch.duckdb"
    print(
        f"data: {data} (parquet {'reused' if generated_s is None else f'generated in {generated_s:.1f} s'}, "
        f"duckdb {'reused' if loaded_s is None else f'loaded in {loaded_s:.1f} s'})"
    )

    workdir = Path(tempfile.mkdtemp(prefix="semctx-tpch-"))
    try:
        project = write_project(workdir, database)
        try:
            layer = SemanticLayer.load(project)
            issues = layer.validate(check_warehouse=True)
        except Exception as exc:  # noqa: BLE001 - stop with the whole message, not a traceback
            die(f"the TPC-H model ({project}) does not load:\n{type(exc).__name__}: {exc}")
        layer.close()  # its read-only engine; the timing connection below is the only one
        errors = [i for i in issues if i.level == "error"]
        if errors:
            shown = "\n".join(f"  {i.code} {i.file}:{i.line} {i.message}" for i in errors[:10])
            die(f"the TPC-H model does not validate against the warehouse ({len(errors)} errors):\n{shown}")
        print(
            f"model: benchmarks/tpch ({len(layer.model.entities)} entities, {len(layer.model.metrics)} metrics), "
            f"validated with the warehouse, {len(issues)} warnings"
        )

        con = duckdb.connect(str(database), read_only=True, config=DUCKDB_CONFIG)
        con.execute("SET enable_progress_bar = false")
        checked = check_cases(layer, con)
        print(f"checks: all {len(CASES)} queries return the same rows as their hand-written SQL")
        print(f"timing: 1 warm-up + {args.runs} runs of each SQL, alternating, median; compile: p50 of {COMPILE_REPS}")
        print(flush=True)

        table: list[tuple[str, ...]] = []
        ratios: list[float] = []
        for case in CASES:
            sql, count = checked[case.name]
            try:
                hand_ms, ours_ms = time_pair(con, case.sql, sql, args.runs)
            except Exception as exc:  # noqa: BLE001 - a broken benchmark exits 1 with the reason
                die(f"{case.name} failed while timing: {type(exc).__name__}: {exc}")
            ratio = ours_ms / hand_ms
            ratios.append(ratio)
            compile_ms = compile_p50_ms(layer, case.query)
            table.append(
                (
                    case.name,
                    str(count),
                    f"{hand_ms:.1f}",
                    f"{ours_ms:.1f}",
                    f"{ratio:.3f}x",
                    f"{compile_ms:.2f}",
                    f"<={RATIO_TARGET:g}x",
                    verdict(ratio),
                )
            )
        con.close()
        header = ("query", "rows", "hand-written ms", "semctx ms", "ratio", "compile p50 ms", "target", "ok")
        print(format_columns(header, table, right={1, 2, 3, 4, 5}))
        print()
        geomean = math.exp(statistics.fmean(math.log(r) for r in ratios))
        rows = Rows()
        rows.add("geometric mean of the ratios", f"{geomean:.3f}x", f"<={RATIO_TARGET:g}x", verdict(geomean))
        rows.add("queries over the target", f"{sum(r > RATIO_TARGET for r in ratios)} of {len(ratios)}")
        rows.add("total run time", f"{time.perf_counter() - began:.1f} s")
        print(format_table(rows))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
