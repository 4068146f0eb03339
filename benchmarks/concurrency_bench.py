"""One SemanticLayer shared by 8 threads compiling and running queries: throughput, and no shared-state errors.

    .venv/bin/python benchmarks/concurrency_bench.py [--threads 8] [--rounds 40] [--scale 0.1]

The demo project (scale 0.1) and the query cases of compile_bench.py (simple to multi-fact, cumulative, filtered,
dimension-only). A single thread first runs every case once: those rows are the truth. Then ``--threads`` threads
each run all cases ``--rounds`` times in their own shuffled order, through the one layer, and every result is
compared with the truth (rows as multisets, numbers to 6 significant digits). The same is timed with compile only.
Rows: queries/s for 1 thread and for N threads (compile+run, compile only), errors (exceptions), wrong results
(rows that differ), and the process RSS before and after. Exits 1 on any error or wrong result.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from compile_bench import DEMO_QUERIES  # noqa: E402
from measure import rss_mb  # noqa: E402
from table import Rows, format_table  # noqa: E402


def in_threads(threads: int, rounds: int, work: Callable[[str, dict], Any], check: Callable[[str, Any], bool]):
    """(seconds, calls, errors, wrong) for ``threads`` threads each running every case ``rounds`` times."""
    errors: list[str] = []
    wrong: list[str] = []
    calls = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(threads + 1)

    def worker(seed: int) -> None:
        cases = DEMO_QUERIES * rounds
        random.Random(seed).shuffle(cases)
        barrier.wait()
        for name, query in cases:
            try:
                result = work(name, query)
                ok = check(name, result)
            except Exception as exc:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{name}: {type(exc).__name__}: {exc}")
                continue
            with lock:
                calls[0] += 1
                if not ok:
                    wrong.append(name)

    pool = [threading.Thread(target=worker, args=(seed,)) for seed in range(threads)]
    for thread in pool:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in pool:
        thread.join()
    return time.perf_counter() - started, calls[0], errors, wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--scale", type=float, default=0.1)
    args = parser.parse_args(argv)
    os.environ.setdefault("SEMCTX_AUDIT_FSYNC", "0")

    from evals.gold import normalized_rows
    from semantic.api import SemanticLayer
    from semantic.demo import build_demo_project

    print("semctx concurrency benchmark")
    print(
        f"python {platform.python_version()}, duckdb {version('duckdb')}, sqlglot {version('sqlglot')}, "
        f"cpus {os.cpu_count()}, demo scale {args.scale}, {len(DEMO_QUERIES)} query cases"
    )
    with tempfile.TemporaryDirectory() as tmp:
        layer = SemanticLayer.load(build_demo_project(Path(tmp) / "demo", scale=args.scale))
        try:
            truth = {name: normalized_rows(layer.query(query).rows) for name, query in DEMO_QUERIES}
            sql = {name: layer.compile(query).sql for name, query in DEMO_QUERIES}
            before = rss_mb()

            def run(name: str, query: dict) -> Any:
                return normalized_rows(layer.query(query).rows)

            def compile_only(name: str, query: dict) -> Any:
                return layer.compile(query).sql

            rows = Rows()
            failures: list[str] = []
            single = in_threads(1, args.rounds, run, lambda n, r: r == truth[n])
            many = in_threads(args.threads, args.rounds, run, lambda n, r: r == truth[n])
            single_compile = in_threads(1, args.rounds, compile_only, lambda n, r: r == sql[n])
            many_compile = in_threads(args.threads, args.rounds, compile_only, lambda n, r: r == sql[n])
            after = rss_mb()
        finally:
            layer.close()
    for label, (seconds, calls, errors, wrong) in (
        ("compile+run, 1 thread", single),
        (f"compile+run, {args.threads} threads", many),
        ("compile only, 1 thread", single_compile),
        (f"compile only, {args.threads} threads", many_compile),
    ):
        rows.add(f"{label}: queries/s ({calls:,} calls, {seconds:.1f} s)", f"{calls / seconds:,.0f}")
        rows.add(
            f"{label}: errors / wrong results",
            f"{len(errors)} / {len(wrong)}",
            "0 / 0",
            "yes" if not errors and not wrong else "NO",
        )
        failures += errors[:3] + [f"wrong rows: {name}" for name in wrong[:3]]
    rows.add("process RSS MB before / after the threaded runs", f"{before:.0f} / {after:.0f}")
    print()
    print(format_table(rows))
    if failures:
        print("\nFAILED:\n" + "\n".join(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
