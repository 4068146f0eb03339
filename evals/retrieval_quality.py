"""Retrieval quality on the demo gold questions: recall@k of the elements each gold query uses, and the share of
questions whose every needed element fits in the packed context at several budgets.

    .venv/bin/python -m evals.retrieval_quality [--split dev|test|all] [--show-misses]

Needed elements of a gold query: its metrics, the dimensions it groups by (time grains of ``metric_time``
excepted) and the dimensions and metrics its filters name. recall@k ranks the metrics and dimensions of the
context candidates (search hits and what graph expansion adds), best first. A pack "has everything" when each
needed element is named in it (in full or in a compact dimension list).
"""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from evals.gold import demo_gold_files, load_gold
from semantic.api import SemanticLayer
from semantic.demo import build_demo_project

KS = (5, 10, 20)
BUDGETS = (200, 400, 800, 1600)
_QUALIFIED = re.compile(r"\b([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b")
_STRING = re.compile(r"'(?:[^']|'')*'")


def needed_elements(query: dict[str, Any], metrics: set[str]) -> set[str]:
    """Metric and dimension names a gold query uses.

    >>> sorted(needed_elements({"metrics": ["revenue"], "dimensions": ["customers.region", "metric_time__month"],
    ...                         "filters": ["orders.status = 'a.b'", "order_count > 5"]}, {"revenue", "order_count"}))
    ['customers.region', 'order_count', 'orders.status', 'revenue']
    """
    needed = set(query.get("metrics", []))
    for name in query.get("dimensions", []):
        base = name.split("__")[0]
        if base != "metric_time":
            needed.add(base)
    for text in query.get("filters", []):
        bare = _STRING.sub("''", text)
        needed.update(f"{a}.{b}" for a, b in _QUALIFIED.findall(bare))
        needed.update(w for w in re.findall(r"[a-z_][a-z0-9_]*", bare) if w in metrics)
    return needed


@dataclass
class QuestionResult:
    id: str
    question: str
    needed: set[str]
    ranked: list[str]
    fits: dict[int, bool] = field(default_factory=dict)
    tokens: dict[int, int] = field(default_factory=dict)
    latency_ms: float = 0.0

    def recall(self, k: int) -> float:
        return len(self.needed & set(self.ranked[:k])) / len(self.needed) if self.needed else 1.0


def evaluate(layer: SemanticLayer, items: list[dict[str, Any]]) -> list[QuestionResult]:
    service = layer.context_service
    metrics = set(layer.graph.metrics)
    results = []
    for item in items:
        if "query" not in item:
            continue
        result = QuestionResult(item["id"], item["question"], needed_elements(item["query"], metrics), [])
        for budget in sorted(BUDGETS, key=lambda b: b != 800):  # 800 first: its latency is a first call
            started = time.perf_counter()
            pack = layer.context(item["question"], budget=budget)
            if budget == 800:
                result.latency_ms = (time.perf_counter() - started) * 1000
            present = pack.element_names()
            result.fits[budget] = result.needed <= present
            result.tokens[budget] = pack.tokens
        result.ranked = service.ranked_elements(item["question"])
        results.append(result)
    return results


def report(results: list[QuestionResult], split: str) -> str:
    n = len(results)
    lines = [f"retrieval on the demo gold set ({split}): {n} questions with a gold query", ""]
    lines.append("  " + "  ".join(f"recall@{k} {statistics.mean(r.recall(k) for r in results):.3f}" for k in KS))
    lines.append("")
    lines.append(f"  {'budget':>7} {'all needed present':>19} {'median tokens':>14} {'max tokens':>11}")
    for budget in BUDGETS:
        share = sum(r.fits[budget] for r in results) / n
        tokens = [r.tokens[budget] for r in results]
        lines.append(f"  {budget:>7} {share:>19.1%} {statistics.median(tokens):>14.0f} {max(tokens):>11}")
    latencies = sorted(r.latency_ms for r in results)
    lines.append(
        f"\n  context latency (budget 800, first call per question, warm service): "
        f"p50 {latencies[n // 2]:.1f} ms, p95 {latencies[int(n * 0.95)]:.1f} ms"
    )
    return "\n".join(lines)


def run(split: str = "all", scale: float = 0.1, gold: Optional[list[Path]] = None) -> list[QuestionResult]:
    files = gold if gold is not None else demo_gold_files(split)
    items = [item for path in files for item in load_gold(path, None if split == "all" else split)]
    with tempfile.TemporaryDirectory() as tmp:
        root = build_demo_project(Path(tmp) / "demo", scale=scale)
        layer = SemanticLayer.load(root)
        try:
            layer.build_index()
            layer.context("warm up")
            return evaluate(layer, items)
        finally:
            layer.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="all")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--gold", type=Path, action="append", help="gold file(s); default: the demo's")
    args = parser.parse_args()
    results = run(args.split, gold=args.gold)
    print(report(results, args.split))
    if args.show_misses:
        for r in results:
            if not r.fits[800]:
                missing = sorted(r.needed - set(r.ranked[:20]))
                print(f"{r.id} {r.question}\n    needed {sorted(r.needed)}; not in top 20: {missing}")
    recall_10 = statistics.mean(r.recall(10) for r in results)
    fits = sum(r.fits[800] for r in results) / len(results)
    return 0 if recall_10 >= 0.95 and fits >= 0.95 else 1


if __name__ == "__main__":
    raise SystemExit(main())
