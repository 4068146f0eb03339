"""Question → SQL latency: ``layer.ask(question, run=False)`` (interpret + compile), in-process.

    .venv/bin/python benchmarks/ask_bench.py [--metrics 10000] [--reps 200]

Targets (issue 3): p50 <= 10 ms on the demo model, <= 30 ms on a generated model of 10,000 metrics.
The interpreter (lexicon with dimension members) is built once per layer; its build time is reported apart.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_model import metric_name, write_generated_project  # noqa: E402

from semantic.api import SemanticLayer  # noqa: E402
from semantic.demo import build_demo_project  # noqa: E402

DEMO_QUESTIONS = [
    "What was total revenue in 2024?",
    "revenue by month in 2024 for the west region",
    "top 5 products by revenue last quarter",
    "list all stores with their region",
    "how many customers do we have",
    "monthly revnue for premium custmers",
    "average order value by channel",
    "revenue in 2024 compared to last year",
    "customers with more than 5 orders",
    "weekly ticket count since march",
    "headcount by department",
    "What is our NPS?",
]


def generated_questions() -> list[str]:
    return [
        f"{metric_name(7, 0).replace('_', ' ')} by category",
        f"monthly {metric_name(1234, 1).replace('_', ' ')} in 2024",
        f"top 5 status by {metric_name(42, 0).replace('_', ' ')}",
        f"{metric_name(1999, 2).replace('_', ' ')} last quarter",
        f"{metric_name(500, 3).replace('_', ' ')} by quarter since march",
        "what is our nps",
    ]


def measure(layer: SemanticLayer, questions: list[str], reps: int) -> list[float]:
    for question in questions:
        layer.ask(question, run=False)
    samples = []
    for _ in range(reps):
        for question in questions:
            started = time.perf_counter()
            layer.ask(question, run=False)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def row(case: str, samples: list[float], target: float | None) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    ok = "-" if target is None else ("yes" if p50 <= target else "NO")
    goal = "-" if target is None else f"p50<={target:g}ms"
    return f"{case:<44} {len(samples):>5} {p50:>8.2f} {p95:>8.2f}  {goal:<11} {ok}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=100)
    args = parser.parse_args()
    print("semctx ask benchmark")
    print(f"python {platform.python_version()}, {platform.machine()}")
    with tempfile.TemporaryDirectory() as tmp:
        demo = SemanticLayer.load(build_demo_project(Path(tmp) / "demo", scale=0.1))
        started = time.perf_counter()
        demo.interpreter
        demo_build = (time.perf_counter() - started) * 1000
        demo_samples = measure(demo, DEMO_QUESTIONS, args.reps)
        root = write_generated_project(Path(tmp) / "big", metrics=args.metrics)
        started = time.perf_counter()
        big = SemanticLayer.load(root)
        load = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        big.interpreter
        big_build = (time.perf_counter() - started) * 1000
        big_samples = measure(big, generated_questions(), max(10, args.reps // 5))
    print(f"\n{'case':<44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}  {'target':<11} ok")
    print("-" * 86)
    print(row(f"ask demo ({len(DEMO_QUESTIONS)} questions)", demo_samples, 10))
    print(row(f"ask generated {args.metrics:,} metrics ({len(generated_questions())} q)", big_samples, 30))
    print(
        f"\ninterpreter build: demo {demo_build:.0f} ms (includes reading dimension members from DuckDB); "
        f"generated model {big_build:.0f} ms (no warehouse); generated load+validate {load:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
