"""Task completion against context size: does a small, scoped context let the compiler answer as well as the
whole model does?

    .venv/bin/python -m evals.completion [--split dev|test|all] [--budgets 200 400 800 1600 3200]

For every gold question and budget, the question's context is packed (``layer.context``) and the deterministic
compiler reads the question knowing only what the pack contains: its metrics and dimensions (with their
entities) and its verified questions (``Interpreter.restricted``). A query that names anything else does not
count. A question is completed when the rows match the gold rows (order and column names ignored, numbers to 6
significant digits), or when a clarification was expected and given. The "full model" row gives the compiler
everything and counts the tokens of every element's text (what an unscoped context would cost).
"""

from __future__ import annotations

import argparse
import re
import statistics
from dataclasses import dataclass, field
from typing import Any, Optional

import duckdb

from evals.gold import demo_gold_files, demo_with_truth, expects_clarification, load_gold, normalized_rows
from evals.retrieval_quality import needed_elements
from retrieval.tokens import TokenCounter
from semantic.api import SemanticLayer
from semantic.errors import SemctxError
from semantic.nl.ask import MIN_CONFIDENCE

BUDGETS = (200, 400, 800, 1600, 3200)
FULL = "full model"


@dataclass
class Row:
    label: str
    completed: list[bool] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return sum(self.completed) / len(self.completed) if self.completed else 0.0


def answer_rows(layer: SemanticLayer, reader: Any, question: str, allowed: Optional[set[str]]) -> Optional[list]:
    """Rows of the compiler's answer using only ``allowed`` elements; None when it asks back or goes outside."""
    reading = reader.read(question)
    if reading.query is None or reading.confidence < MIN_CONFIDENCE:  # the same rule as ask: unsure → ask back
        return None
    if allowed is not None and not needed_elements(reading.query, set(layer.graph.metrics)) <= allowed:
        return None
    try:
        return layer.query(reading.query).rows
    except SemctxError:
        return None


def completed(item: dict[str, Any], rows: Optional[list], truth: duckdb.DuckDBPyConnection) -> bool:
    if expects_clarification(item):
        return rows is None
    if rows is None:
        return False
    return normalized_rows(rows) == normalized_rows(truth.execute(item["sql"]).fetchall())


def full_model_tokens(layer: SemanticLayer) -> int:
    """Tokens of every indexed element's text: the context an agent gets without scoping."""
    return TokenCounter().count(layer.context_service.full_text())


def evaluate(
    layer: SemanticLayer,
    truth: duckdb.DuckDBPyConnection,
    items: list[dict[str, Any]],
    budgets: tuple[int, ...] = BUDGETS,
) -> list[Row]:
    rows = [Row(f"{budget} tokens") for budget in budgets]
    full = Row(FULL)
    everything = full_model_tokens(layer)
    for item in items:
        question = item["question"]
        full.completed.append(completed(item, answer_rows(layer, layer.interpreter, question, None), truth))
        full.tokens.append(everything)
        for row, budget in zip(rows, budgets):
            pack = layer.context(question, budget=budget)
            allowed = pack.element_names()
            verified = {i.name for i in pack.items if i.kind == "verified_question"}
            reader = layer.interpreter.restricted(allowed, verified)
            row.completed.append(completed(item, answer_rows(layer, reader, question, allowed), truth))
            row.tokens.append(pack.tokens)
    return [*rows, full]


def report(rows: list[Row], split: str, count: int) -> str:
    lines = [
        f"task completion against context size, deterministic compiler, demo gold set ({split}): {count} questions",
        "",
        f"  {'context':<14} {'completed':>9} {'median tokens':>14} {'mean tokens':>12}",
    ]
    for row in rows:
        lines.append(
            f"  {row.label:<14} {row.rate:>9.1%} {statistics.median(row.tokens):>14.0f} "
            f"{statistics.mean(row.tokens):>12.0f}"
        )
    return "\n".join(lines)


def run(split: str = "dev", budgets: tuple[int, ...] = BUDGETS, scale: float = 0.1) -> tuple[list[Row], int]:
    items = [i for p in demo_gold_files(split) for i in load_gold(p, None if split == "all" else split)]
    with demo_with_truth(scale) as (layer, truth):
        layer.build_index()
        return evaluate(layer, truth, items, budgets), len(items)


def main() -> int:
    parser = argparse.ArgumentParser(description=re.sub(r"\s+", " ", __doc__.split("\n\n")[0]))
    parser.add_argument("--split", choices=["dev", "test", "all"], default="test")
    parser.add_argument("--budgets", type=int, nargs="+", default=list(BUDGETS))
    args = parser.parse_args()
    rows, count = run(args.split, tuple(args.budgets))
    print(report(rows, args.split, count))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
