"""Compile / load / CLI speed of semctx, printed as a plain text table. A script, not a test.

    .venv/bin/python benchmarks/compile_bench.py [--large] [--reps 300] [--warmup 20]

Rows (see benchmarks/README.md): in-process ``layer.compile(query)`` per query case, model load+validate,
``semctx compile`` as a separate process, and how much of one compile is sqlglot printing the SQL.
Exits 0 when everything ran (a missed target is reported in the ``ok`` column, not as a failure);
exits 1 loudly when a query does not compile or a model does not load cleanly.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))  # generate_model, when run as a script
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from generate_model import entity_name, metric_name, write_generated_project  # noqa: E402
from measure import die, percentile  # noqa: E402

# ---------------------------------------------------------------------------------------------------------
# The query cases, by growing complexity. Names come from semantic/demo/models/*.yml (Acme Retail demo);
# FIXTURE_QUERIES is the fallback on tests/fixtures/projects/soundness when the demo package is missing.
# ---------------------------------------------------------------------------------------------------------

DEMO_QUERIES: list[tuple[str, dict[str, Any]]] = [
    # case               query                                          (fact entity -> joined entities)
    ("simple", {"metrics": ["revenue"]}),  # orders
    ("1-hop", {"metrics": ["revenue"], "dimensions": ["customers.segment"]}),  # orders>customers
    ("3-hop", {"metrics": ["units_sold"], "dimensions": ["regions.region"]}),  # items>orders>stores>regions
    ("ratio", {"metrics": ["average_order_value"], "dimensions": ["metric_time__month"]}),
    ("derived+offset", {"metrics": ["revenue", "revenue_growth_yoy"], "dimensions": ["metric_time__month"]}),
    ("cumulative", {"metrics": ["revenue_7d", "revenue_mtd"], "dimensions": ["metric_time__day"]}),
    (
        "multi-fact",
        {
            "metrics": ["revenue", "units_sold", "ticket_count"],  # orders, items, tickets
            "dimensions": ["customers.segment", "metric_time__month"],
        },
    ),
    (
        "filtered",
        {
            "metrics": ["revenue"],
            "dimensions": ["regions.region"],
            "filters": ["customers.segment = 'premium'", "metric_time >= '2024-01-01'", "revenue > 1000"],
            "order_by": ["-revenue"],
            "limit": 10,
        },
    ),
    ("dimension-only", {"dimensions": ["stores.store_name", "regions.region"]}),
]
DEMO_CLI_METRIC = "revenue"

FIXTURE = REPO / "tests" / "fixtures" / "projects" / "soundness"
FIXTURE_QUERIES: list[tuple[str, dict[str, Any]]] = [
    # case               query                                          (soundness fixture names)
    ("simple", {"metrics": ["revenue"]}),
    ("1-hop", {"metrics": ["revenue"], "dimensions": ["customers.segment"]}),
    ("3-hop", {"metrics": ["units"], "dimensions": ["companies.company_name"]}),  # items>...>companies
    ("ratio", {"metrics": ["average_order_value"], "dimensions": ["metric_time__month"]}),
    ("derived+offset", {"metrics": ["sales_growth"], "dimensions": ["metric_time__month"]}),
    ("cumulative", {"metrics": ["sales_30d", "sales_ytd"], "dimensions": ["metric_time__month"]}),
    ("multi-fact", {"metrics": ["revenue", "ticket_count"], "dimensions": ["customers.segment"]}),
    (
        "filtered",
        {
            "metrics": ["revenue"],
            "dimensions": ["regions.region_name"],
            "filters": ["customers.segment = 'premium'", "revenue > 100"],
            "order_by": ["-revenue"],
            "limit": 10,
            "via": ["stores"],
        },
    ),  # 2 paths to regions
    ("dimension-only", {"dimensions": ["customers.segment", "regions.region_name"]}),
]
FIXTURE_CLI_METRIC = "revenue"

# A 3-hop query on the generated 1,000-metric model: compile time should not grow with model size.
GENERATED_QUERY = {
    "metrics": [metric_name(0, 0), metric_name(0, 2)],
    "dimensions": [f"{entity_name(3)}.category", "metric_time__month"],
}

COMPILE_TARGET_MS = 2.0
LOAD_TARGET_S = 0.5
CLI_TARGET_S = 0.6
HEAVIEST = 3


# ---------------------------------------------------------------------------------------------------------


@dataclass
class Row:
    case: str
    n: int
    p50_ms: float
    p95_ms: Optional[float]
    target: str = "-"
    ok: str = "-"


def timed(func: Callable[[], Any], reps: int, warmup: int) -> list[float]:
    """Seconds per call of ``func``, ``reps`` samples after ``warmup`` unmeasured calls."""
    for _ in range(warmup):
        func()
    gc.collect()
    samples = []
    clock = time.perf_counter
    for _ in range(reps):
        start = clock()
        func()
        samples.append(clock() - start)
    return samples


def verdict(value: float, limit: float) -> str:
    return "yes" if value <= limit else "NO"


def pick_project(workdir: Path, fixture: bool) -> tuple[Path, list[tuple[str, dict[str, Any]]], str, str]:
    """The demo project when semantic.demo is available (and not ``fixture``), else the soundness fixture."""
    try:
        if fixture:
            raise ImportError("--fixture given")
        from semantic.demo import build_demo_project  # type: ignore[attr-defined]
    except ImportError as exc:
        target = workdir / "soundness"
        shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("*.duckdb", "*.wal"))
        return target, FIXTURE_QUERIES, FIXTURE_CLI_METRIC, f"soundness fixture ({exc})"
    start = time.perf_counter()
    root = Path(build_demo_project(workdir / "demo", scale=0.05))
    return root, DEMO_QUERIES, DEMO_CLI_METRIC, f"demo, scale=0.05 (built in {time.perf_counter() - start:.1f} s)"


def check_queries(layer: Any, queries: list[tuple[str, dict[str, Any]]], label: str, execute: bool) -> None:
    """Every query must compile to a SELECT that outputs every requested metric (and, when ``execute``,
    run on the project's DuckDB warehouse); otherwise stop with the case, the query and the error."""
    failures = []
    for case, query in queries:
        try:
            compiled = layer.compile(query)
            selected = set(compiled.expression.named_selects)
            missing = [m for m in query.get("metrics", []) if m not in selected]
            if missing:
                raise AssertionError(f"the SQL selects {sorted(selected)} but not {missing}:\n{compiled.sql}")
            if execute:
                layer.query(query, row_limit=5)
        except Exception as exc:  # noqa: BLE001 - report every broken case, then fail
            failures.append(f"  {label}/{case}: {query}\n    -> {type(exc).__name__}: {exc}")
    if failures:
        die("these benchmark queries do not compile (or run):\n" + "\n".join(failures))


def load_layer(layer_type: Any, root: Path, label: str) -> Any:
    try:
        return layer_type.load(root)
    except Exception as exc:  # noqa: BLE001 - stop with the whole message, not a traceback
        die(f"{label} ({root}) does not load:\n{type(exc).__name__}: {exc}")


def load_and_validate(root: Path) -> tuple[Any, list[Any]]:
    from semantic.model.loader import load_project
    from semantic.model.rules import validate_model

    model, issues = load_project(root)
    issues = list(issues) + list(validate_model(model))
    return model, issues


def time_load(root: Path, label: str, runs: int = 5) -> tuple[list[float], Any]:
    model, issues = load_and_validate(root)  # also warms imports and the file cache
    errors = [i for i in issues if i.level == "error"]
    if errors:
        shown = "\n".join(f"  {i.level} {i.code} {i.file}:{i.line} {i.message}" for i in errors[:10])
        die(f"{label} does not load cleanly ({len(errors)} errors):\n{shown}")
    samples = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        load_and_validate(root)
        samples.append(time.perf_counter() - start)
    return samples, model


def cli_command(project: Path, metric: str) -> list[str]:
    script = Path(sys.executable).with_name("semctx")
    head = [str(script)] if script.is_file() and os.access(script, os.X_OK) else [sys.executable, "-m", "semantic.cli"]
    return head + ["compile", "-p", str(project), "-m", metric, "-d", "metric_time__month"]


def time_cli(project: Path, metric: str, runs: int = 5) -> tuple[list[float], list[str]]:
    command = cli_command(project, metric)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO)  # warm file cache
    if first.returncode != 0 or "SELECT" not in first.stdout.upper():
        die(
            f"`{' '.join(command)}` exited {first.returncode}\nstdout: {first.stdout[-2000:]}\n"
            f"stderr: {first.stderr[-2000:]}"
        )
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, check=True)
        samples.append(time.perf_counter() - start)
    return samples, command


def stage_breakdown(layer: Any, query: dict[str, Any], reps: int, warmup: int) -> dict[str, Any]:
    """p50 ms of one whole ``layer.compile`` and of its parts, measured interleaved in the same loop.

    ``print`` is ``compiled.expression.sql(dialect=..., pretty=True)``, the sqlglot share. The finer split of
    the semctx share (query validation + plan passes, AST render) calls semctx internals and is skipped,
    with the reason, if those have moved.
    """
    compiled = layer.compile(query)
    dialect = compiled.dialect
    parts: Optional[tuple[Callable[[], Any], Callable[[Any], Any]]] = None
    split_error = None
    try:
        from semantic.api import as_query
        from semantic.plan.build import PASSES, build_plan
        from semantic.sql.render import Renderer

        model_dialect = layer.model.config.dialect
        parts = (
            lambda: build_plan(layer.graph, as_query(query), model_dialect, PASSES),
            lambda plan: Renderer(layer.graph, model_dialect).render(plan),
        )
        parts[1](parts[0]())
    except Exception as exc:  # noqa: BLE001 - internals may change; the headline split still stands
        parts, split_error = None, f"{type(exc).__name__}: {exc}"
    samples: dict[str, list[float]] = {"compile": [], "print": [], "plan": [], "render": []}
    clock = time.perf_counter
    gc.collect()
    for i in range(warmup + reps):
        t0 = clock()
        result = layer.compile(query)
        t1 = clock()
        result.expression.sql(dialect=dialect, pretty=True)
        t2 = clock()
        if parts is not None:
            plan = parts[0]()
            t3 = clock()
            parts[1](plan)
            t4 = clock()
        if i >= warmup:
            samples["compile"].append(t1 - t0)
            samples["print"].append(t2 - t1)
            if parts is not None:
                samples["plan"].append(t3 - t2)
                samples["render"].append(t4 - t3)
    out: dict[str, Any] = {key: statistics.median(values) * 1e3 for key, values in samples.items() if values}
    out["print_p95"] = percentile(samples["print"], 0.95) * 1e3
    if split_error:
        out["split_error"] = split_error
    return out


def format_table(rows: list[Row]) -> str:
    header = ("case", "n", "p50 ms", "p95 ms", "target", "ok")
    body = [
        (
            r.case,
            str(r.n),
            f"{r.p50_ms:.3f}" if r.p50_ms < 100 else f"{r.p50_ms:.1f}",
            "-" if r.p95_ms is None else (f"{r.p95_ms:.3f}" if r.p95_ms < 100 else f"{r.p95_ms:.1f}"),
            r.target,
            r.ok,
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(b[i]) for b in body)) for i, h in enumerate(header)]
    right = {1, 2, 3}

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths)))

    return "\n".join([line(header), "  ".join("-" * w for w in widths)] + [line(b).rstrip() for b in body])


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also load a 10,000-metric / 2,000-entity model")
    parser.add_argument("--reps", type=int, default=300, help="measured compiles per case (default 300)")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured compiles before each case (default 20)")
    parser.add_argument(
        "--fixture", action="store_true", help="use tests/fixtures/projects/soundness instead of the demo project"
    )
    args = parser.parse_args(argv)

    import sqlglot

    from semantic.api import SemanticLayer

    began = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="semctx-bench-"))
    try:
        project, queries, cli_metric, project_label = pick_project(workdir, args.fixture)
        print("semctx compile benchmark")
        print(
            f"python {platform.python_version()} ({platform.python_implementation()}), "
            f"sqlglot {sqlglot.__version__}, "
            f"cpus {os.cpu_count()}, {platform.system()} {platform.machine()}"
        )
        print(f"project: {project_label}")
        sys.stdout.flush()

        layer = load_layer(SemanticLayer, project, "the benchmark project")
        warehouse = layer.model.config.warehouse.path
        has_warehouse = warehouse is not None and (project / warehouse).is_file()
        check_queries(layer, queries, "project", execute=has_warehouse)
        layer.close()
        print(
            f"checks: all {len(queries)} queries compile"
            + (" and run on the project's DuckDB warehouse" if has_warehouse else " (no warehouse: not run)")
        )
        print(f"compile: {args.reps} reps after {args.warmup} warm-up, time.perf_counter, gc enabled")
        print()
        generated = write_generated_project(workdir / "generated_1000", metrics=1000)
        gen_layer = load_layer(SemanticLayer, generated, "the generated 1,000-metric model")
        check_queries(gen_layer, [("3-hop", GENERATED_QUERY)], "generated_1000", execute=False)

        rows: list[Row] = []
        p50_by_case: dict[str, float] = {}
        # 1. in-process compile per query case
        for case, query in queries:
            samples = timed(lambda q=query: layer.compile(q), args.reps, args.warmup)
            p50, p95 = statistics.median(samples) * 1e3, percentile(samples, 0.95) * 1e3
            p50_by_case[case] = p50
            rows.append(
                Row(
                    f"compile {case}",
                    args.reps,
                    p50,
                    p95,
                    f"p50<={COMPILE_TARGET_MS:g}ms",
                    verdict(p50, COMPILE_TARGET_MS),
                )
            )
        samples = timed(lambda: gen_layer.compile(GENERATED_QUERY), args.reps, args.warmup)
        p50 = statistics.median(samples) * 1e3
        rows.append(
            Row(
                "compile 3-hop on 1k-metric model",
                args.reps,
                p50,
                percentile(samples, 0.95) * 1e3,
                f"p50<={COMPILE_TARGET_MS:g}ms",
                verdict(p50, COMPILE_TARGET_MS),
            )
        )

        # 2. model load + validate
        load_samples, model = time_load(project, "the benchmark project")
        rows.append(
            Row(
                f"load+validate project ({len(model.metrics)} metrics)",
                len(load_samples),
                statistics.median(load_samples) * 1e3,
                None,
            )
        )
        sizes = [(1000, None, LOAD_TARGET_S)] + ([(10_000, 2000, None)] if args.large else [])
        for metrics, entities, target in sizes:
            root = (
                generated
                if metrics == 1000 and entities is None
                else write_generated_project(workdir / f"generated_{metrics}", metrics=metrics, entities=entities)
            )
            load_samples, model = time_load(root, f"the generated {metrics}-metric model")
            median = statistics.median(load_samples)
            rows.append(
                Row(
                    f"load+validate {len(model.metrics):,} metrics/{len(model.entities):,} entities",
                    len(load_samples),
                    median * 1e3,
                    None,
                    f"<={target:g}s" if target else "-",
                    verdict(median, target) if target else "-",
                )
            )

        # 3. the CLI as a separate process
        cli_samples, command = time_cli(project, cli_metric)
        median = statistics.median(cli_samples)
        rows.append(
            Row(
                f"cli: {Path(command[0]).name} compile -m {cli_metric} (wall)",
                len(cli_samples),
                median * 1e3,
                None,
                f"<={CLI_TARGET_S:g}s",
                verdict(median, CLI_TARGET_S),
            )
        )

        # 4. sqlglot printing vs semctx planning, for the heaviest cases
        heaviest = sorted(p50_by_case, key=p50_by_case.get, reverse=True)[:HEAVIEST]  # type: ignore[arg-type]
        shares = []
        for case in heaviest:
            split = stage_breakdown(layer, dict(queries)[case], args.reps, args.warmup)
            rows.append(Row(f"sqlglot print of {case}", args.reps, split["print"], split["print_p95"]))
            shares.append((case, split))

        print(format_table(rows))
        print()
        print(f"share of one compile, {HEAVIEST} heaviest cases (p50 ms, stages timed interleaved in one loop):")
        print("  sqlglot = compiled.expression.sql(dialect, pretty=True); semctx = compile - sqlglot, of which")
        print("  plan = SemanticQuery validation + plan passes, render = plan -> sqlglot AST, other = the rest")
        for case, split in shares:
            whole, printing = split["compile"], split["print"]
            line = (
                f"  {case:<15} compile {whole:6.3f} = sqlglot {printing:6.3f} ({100 * printing / whole:4.1f}%)"
                f" + semctx {whole - printing:6.3f} ({100 * (whole - printing) / whole:4.1f}%)"
            )
            if "plan" in split:
                other = whole - printing - split["plan"] - split["render"]
                line += f"  [plan {split['plan']:.3f}, render {split['render']:.3f}, other {other:.3f}]"
            elif "split_error" in split:
                line += f"  [finer split unavailable: {split['split_error']}]"
            print(line)
        print()
        print(f"cli command: {' '.join(command)}")
        print(f"total benchmark time {time.perf_counter() - began:.1f} s")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
