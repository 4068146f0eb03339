"""TPC-H on DuckDB: the SQL semctx generates vs hand-written SQL, printed as a plain text table. A script, not a test.

    .venv/bin/python benchmarks/tpch_bench.py [--scale 1] [--data DIR] [--runs 7]

Data: ``tpchgen-cli parquet -s SCALE`` (pip install tpchgen-cli==4.0.0) writes the 8 TPC-H tables into
``DIR/parquet/`` (DIR default ``benchmarks/.tpch-sf<SCALE>/``, ignored by git through its own ``.gitignore``);
they are loaded once into ``DIR/tpch.duckdb``. Both are reused by later runs. The model is ``benchmarks/tpch/``,
copied to a temporary folder with ``warehouse.path`` set to that DuckDB file and validated against it.

Rows (see benchmarks/README.md): one per query of ``CASES`` (benchmarks/tpch_queries.py), a TPC-H-like question as a
semctx structured query plus the SQL an analyst would write for it. Before timing, each query's SQL from
``layer.compile(query).sql`` must return the same rows as the hand-written SQL (sorted, floats to a relative 1e-9).
Then both run on one read-only DuckDB connection, alternating, 1 warm-up + ``--runs`` each: medians, semctx/hand
ratio (target <= 1.05x), and the p50 of ``layer.compile(query)`` in-process. Exits 0 when everything ran (a missed
target shows NO in the ``ok`` column); exits 1 when a query does not compile, fails, or returns other rows.
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
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))  # table, when run as a script

from measure import die  # noqa: E402
from table import Rows, format_table  # noqa: E402
from tpch_queries import CASES  # noqa: E402

MODEL = HERE / "tpch"
TABLES = ("lineitem", "orders", "customer", "part", "partsupp", "supplier", "nation", "region")
RATIO_TARGET = 1.05
COMPILE_REPS, COMPILE_WARMUP = 50, 5
REL_TOL = 1e-9
# the engine semctx itself opens uses this config; DuckDB refuses a second connection to a file with another one
DUCKDB_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


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
