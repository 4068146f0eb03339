"""Context index and ``layer.context`` speed of semctx, printed as a plain text table. A script, not a test.

    .venv/bin/python benchmarks/context_bench.py [--quick] [--metrics 3570]

Rows (see benchmarks/README.md). First a generated model (``generate_model.write_generated_project``; 3,570
metrics give ~10,000 indexed elements: metrics, dimensions, entities, relationships, join paths, domains):
``elements`` is the real document count of the index; ``build_index full`` the first ``layer.build_index()``
(wall time of the call; ``sync`` is ``SyncReport.seconds``, the store part); ``documents only`` the part of
every build that derives the documents from the graph, without embedding; ``reload after 1 edit`` is
``SemanticLayer.load`` after one metric's ``description`` was changed in its YAML file; ``build_index 1 edit``
the incremental update that follows (must embed exactly 1 element) and ``no change`` a second one (must embed
0); ``context p50/p95`` is ``layer.context(question, budget=800)`` over ~50 distinct questions, each timed on
its first call (the embedder caches query vectors); ``repeated question`` the same questions asked again;
``pack tokens`` the median ``ContextPack.tokens``. Then the demo project (scale 0.05): its ``build_index`` and
the same context rows over 20 questions.
Exits 0 when everything ran (a missed target shows NO in the ``ok`` column); exits 1 loudly when a build or a
context call raises, or an update embeds the wrong number of elements.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))  # generate_model, when run as a script
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generate_model import entity_name, metric_name, write_generated_project  # noqa: E402
from measure import die, percentile  # noqa: E402
from table import Rows, format_table  # noqa: E402

FULL_METRICS = 3570  # -> 714 entities; 3,570 + 4,284 dimensions + 714 + 713 + 713 + 8 domains = 10,002 elements
QUICK_METRICS = 1000
BUDGET = 800
CONTEXT_TARGET_MS = 15.0
SLOTS = 5  # every generated entity has at least metrics // entities = 5 metrics (slots 0..4)
DIMS = ("category", "status", "created_at", "amount", "is_large")
TEMPLATES = (
    "total of {m} by {d} last month",
    "{m} per {d} in 2024",
    "how did {m} change by {d} this year",
    "show {m} for {d} red last quarter",
    "{m} broken down by {d} and month",
)
DEMO_QUESTIONS = [  # words only; names of the Acme Retail demo (semantic/demo/models/*.yml) in plain language
    *("revenue by month in 2024 for the west region", "ticket count by priority", "headcount per department"),
    *("refund rate by month", "marketing spend by campaign", "conversion rate of web sessions last quarter"),
    *("average order value by customer segment", "net revenue in 2024", "operating expenses by department"),
    *("budget variance per department this year", "payroll by store", "new hires last month"),
    *("cancelled orders by region", "revenue growth year over year", "return on ad spend by campaign channel"),
    *("customer acquisition cost in 2023", "customer satisfaction by ticket priority", "average salary per department"),
    *("cumulative revenue this year", "open tickets per customer segment"),
]


def guarded(label: str, func: Callable[[], Any]) -> Any:
    """``func()``, or stop with the label and the whole error message (no traceback)."""
    try:
        return func()
    except Exception as exc:  # noqa: BLE001 - a broken benchmark exits 1 with the reason
        die(f"{label} raised {type(exc).__name__}: {exc}")


def stopwatch(func: Callable[[], Any]) -> tuple[Any, float]:
    gc.collect()
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def generated_questions(entities: int, count: int = 50) -> list[str]:
    """Distinct questions over metrics spread through the model, each grouped by a dimension of its own entity
    or of the next entity on the chain (reachable many_to_one)."""
    out = []
    for k in range(count):
        entity = (k * entities) // count
        target = min(entity + k % 2, entities - 1)
        metric = metric_name(entity, k % SLOTS).replace("_", " ")
        dimension = f"{entity_name(target)} {DIMS[k % len(DIMS)]}".replace("_", " ")
        out.append(TEMPLATES[k % len(TEMPLATES)].format(m=metric, d=dimension))
    return list(dict.fromkeys(out))


def edit_one_description(root: Path, metric: str) -> Path:
    """Change ``metric``'s description in its YAML file (a plain text edit); returns the file."""
    pattern = re.compile(rf"(  - name: {re.escape(metric)}\n(?:    .*\n)*?    description: )(.*)\n")
    for path in sorted((root / "models").glob("metrics_*.yml")):
        text = path.read_text(encoding="utf-8")
        new, n = pattern.subn(r"\1\2 Edited by context_bench.\n", text, count=1)
        if n:
            path.write_text(new, encoding="utf-8")
            return path
    die(f"metric {metric} not found in {root / 'models'}")
    raise AssertionError  # unreachable


def time_context(layer: Any, questions: list[str], label: str) -> tuple[list[float], list[float], list[int]]:
    """(first-call seconds, repeated-call seconds, pack tokens) per question, after one warm-up question."""
    guarded(f"{label}: warm-up context", lambda: layer.context("warm up the context service", budget=BUDGET))
    first, repeated, tokens = [], [], []
    for question in questions:
        pack, seconds = stopwatch(lambda q=question: layer.context(q, budget=BUDGET))  # type: ignore[misc]
        first.append(seconds)
        tokens.append(pack.tokens)
        if pack.tokens > BUDGET:
            die(f"{label}: the pack for {question!r} has {pack.tokens} tokens, over the budget {BUDGET}")
    for question in questions:
        repeated.append(stopwatch(lambda q=question: layer.context(q, budget=BUDGET))[1])  # type: ignore[misc]
    return first, repeated, tokens


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:.1f} ms"


def verdict(value: float, limit: float) -> str:
    return "yes" if value <= limit else "NO"


def context_rows(layer: Any, questions: list[str], label: str, rows: Rows) -> None:
    first, repeated, tokens = time_context(layer, questions, label)
    p50 = statistics.median(first)
    target = f"<={CONTEXT_TARGET_MS:g} ms"
    rows.add(
        f"{label}: context p50 ({len(questions)} distinct questions)",
        ms(p50),
        target,
        verdict(p50 * 1e3, CONTEXT_TARGET_MS),
    )
    rows.add(f"{label}: context p95", ms(percentile(first, 0.95)))
    rows.add(f"{label}: context repeated question p50", ms(statistics.median(repeated)))
    rows.add(f"{label}: pack tokens median (budget {BUDGET})", f"{statistics.median(tokens):.0f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metrics", type=int, default=None, help=f"generated model size (default {FULL_METRICS})")
    parser.add_argument("--quick", action="store_true", help=f"a {QUICK_METRICS:,}-metric model, for a smoke run")
    args = parser.parse_args(argv)
    metrics = args.metrics or (QUICK_METRICS if args.quick else FULL_METRICS)

    from semantic.api import SemanticLayer

    began = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="semctx-context-bench-"))
    layers: list[Any] = []
    try:
        print("semctx context benchmark")
        print(
            f"python {platform.python_version()} ({platform.python_implementation()}), cpus {os.cpu_count()}, "
            f"{platform.system()} {platform.machine()}"
        )
        root = write_generated_project(workdir / "generated", metrics=metrics)
        layer = guarded("loading the generated model", lambda: SemanticLayer.load(root))
        layers.append(layer)
        entities = len(layer.model.entities)
        print(f"generated model: {len(layer.model.metrics):,} metrics, {entities:,} entities ({root})")
        sys.stdout.flush()
        rows = Rows()
        g = "generated"

        # 1-2. full build
        report, wall = stopwatch(lambda: guarded("full build_index", layer.build_index))
        print(f"full build: {report}")
        rows.add(f"{g}: elements in the index", f"{report.total:,}", "-" if args.metrics or args.quick else "~10,000")
        rows.add(f"{g}: build_index full ({report.embedded:,} embedded, sync {report.seconds:.1f} s)", f"{wall:.1f} s")
        docs, seconds = stopwatch(lambda: guarded("documents()", lambda: layer.context_service.documents()[0]))
        rows.add(f"{g}: documents only ({len(docs):,}, no embedding)", f"{seconds:.1f} s")

        # 3. incremental update after one edited metric, then no change at all
        edited = metric_name(entities // 2, 0)
        path = edit_one_description(root, edited)
        print(f"edited the description of {edited} in {path.name}")
        layer.close()
        layer, seconds = stopwatch(lambda: guarded("reload after the edit", lambda: SemanticLayer.load(root)))
        layers.append(layer)
        rows.add(f"{g}: reload after 1 edit (SemanticLayer.load)", f"{seconds:.1f} s")
        for label, expected in (("1 edit", 1), ("no change", 0)):
            update, wall = stopwatch(lambda lb=label: guarded(f"build_index ({lb})", layer.build_index))
            ok = update.embedded == expected
            name = f"{g}: build_index {label} (embedded {update.embedded}, sync {update.seconds:.2f} s)"
            rows.add(name, f"{wall:.1f} s", f"embedded={expected}", "yes" if ok else "NO")
            if not ok:
                print(format_table(rows))
                die(f"build_index after {label} embedded {update.embedded} elements, expected {expected}: {update}")

        # 4. context latency on the generated model
        questions = generated_questions(entities)
        print(f"e.g. {questions[0]!r}, {questions[1]!r}")
        context_rows(layer, questions, g, rows)

        # 5. the demo project
        from semantic.demo import build_demo_project

        demo, seconds = stopwatch(lambda: Path(build_demo_project(workdir / "demo", scale=0.05)))
        print(f"demo project: scale=0.05, built in {seconds:.1f} s")
        demo_layer = guarded("loading the demo project", lambda: SemanticLayer.load(demo))
        layers.append(demo_layer)
        report, wall = stopwatch(lambda: guarded("demo build_index", demo_layer.build_index))
        rows.add(f"demo: build_index full ({report.total:,} elements)", f"{wall:.1f} s")
        context_rows(demo_layer, DEMO_QUESTIONS, "demo", rows)

        print()
        print(format_table(rows))
        print()
        print(
            f"context: budget={BUDGET}, each question timed on its first call after 1 warm-up question; "
            "time.perf_counter, gc enabled"
        )
        print(f"total benchmark time {time.perf_counter() - began:.1f} s")
    finally:
        for opened in layers:
            opened.close()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
