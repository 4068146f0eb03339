"""A generated model of 10,000 metrics over 2,000 entities: load+validate time, compile p50, memory.

    .venv/bin/python benchmarks/large_model_bench.py [--metrics 10000] [--entities 2000] [--reps 200]

The model comes from generate_model.write_generated_project (every metric kind, chains of relationships).
``load+validate`` is ``SemanticLayer.load`` (YAML, model rules, graph), median of 3 fresh loads; memory is the
process RSS growth over that load (the first one) and the Python heap it keeps (tracemalloc, after a collection);
compile p50/p95 are ``layer.compile`` over ``--reps`` runs for a 3-hop query and for one of each metric kind.
No warehouse: compile only.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from compile_bench import timed  # noqa: E402
from generate_model import KINDS, entity_name, metric_name, write_generated_project  # noqa: E402
from measure import percentile, rss_mb  # noqa: E402
from table import Rows, format_table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=10_000)
    parser.add_argument("--entities", type=int, default=2_000)
    parser.add_argument("--reps", type=int, default=200)
    args = parser.parse_args(argv)
    from semantic.api import SemanticLayer

    print("semctx large-model benchmark")
    print(
        f"python {platform.python_version()}, sqlglot {version('sqlglot')}, pydantic {version('pydantic')}, "
        f"cpus {os.cpu_count()}"
    )
    rows = Rows()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        root = write_generated_project(Path(tmp) / "large", metrics=args.metrics, entities=args.entities)
        rows.add("generate the YAML (not semctx)", f"{time.perf_counter() - started:.1f} s")
        gc.collect()
        before = rss_mb()
        tracemalloc.start()
        started = time.perf_counter()
        layer = SemanticLayer.load(root)
        first = time.perf_counter() - started
        gc.collect()
        heap, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        grown = rss_mb() - before
        loads = [first]
        for _ in range(2):
            started = time.perf_counter()
            SemanticLayer.load(root).close()
            loads.append(time.perf_counter() - started)
        model = layer.model
        rows.add(
            f"load+validate {len(model.metrics):,} metrics / {len(model.entities):,} entities (median of 3)",
            f"{statistics.median(loads):.2f} s",
        )
        rows.add("memory: RSS growth / Python heap kept by the loaded layer", f"{grown:.0f} / {heap / 2**20:.0f} MB")
        queries = {
            "3-hop (2 metrics, month)": {
                "metrics": [metric_name(0, 0), metric_name(0, 2)],
                "dimensions": [f"{entity_name(3)}.category", "metric_time__month"],
            }
        }
        for slot, kind in enumerate(KINDS[: max(1, args.metrics // args.entities)]):  # the kinds each entity has
            queries[f"{kind} metric by month"] = {
                "metrics": [metric_name(7, slot)],
                "dimensions": ["metric_time__month"],
            }
        for label, query in queries.items():
            samples = timed(lambda q=query: layer.compile(q), args.reps, 20)
            rows.add(
                f"compile {label}: p50 (p95)",
                f"{statistics.median(samples) * 1e3:.2f} ({percentile(samples, 0.95) * 1e3:.2f}) ms",
            )
        layer.close()
    print()
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
