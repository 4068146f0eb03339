"""Score the question compiler on a gold set: execution accuracy and the rate of confident wrong answers.

    .venv/bin/python -m evals.question_accuracy [--split dev|test|all] [--scale 0.1] [--show-misses]

A question counts as correct when the rows returned match the gold rows (order and column names ignored,
numbers to 6 significant digits), or when a clarification was expected and given. "Confidently wrong" is an
answer with rows that do not match, or rows where a clarification was expected. Asking back when an answer was
expected is neither correct nor confidently wrong.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import duckdb

from evals.gold import demo_gold_files, demo_with_truth, expects_clarification, load_gold, normalized_rows
from semantic.api import SemanticLayer
from semantic.errors import SemctxError


@dataclass
class Outcome:
    id: str
    question: str
    tags: list[str]
    verdict: str  # correct | wrong | asked_back
    detail: str = ""
    latency_ms: float = 0.0


@dataclass
class Score:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.outcomes)

    def rate(self, verdict: str, outcomes: Optional[list[Outcome]] = None) -> float:
        chosen = self.outcomes if outcomes is None else outcomes
        return sum(o.verdict == verdict for o in chosen) / len(chosen) if chosen else 0.0

    def by_tag(self) -> dict[str, list[Outcome]]:
        tags: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in self.outcomes:
            for tag in outcome.tags:
                tags[tag].append(outcome)
        return dict(sorted(tags.items()))


def score(layer: SemanticLayer, truth: duckdb.DuckDBPyConnection, items: list[dict[str, Any]]) -> Score:
    result = Score()
    for item in items:
        started = time.perf_counter()
        try:
            answer = layer.ask(item["question"])
        except SemctxError as error:
            result.outcomes.append(
                Outcome(item["id"], item["question"], item["tags"], "asked_back", f"error: {error.message}")
            )
            continue
        latency = (time.perf_counter() - started) * 1000
        if expects_clarification(item):
            verdict = "correct" if not answer.answered else "wrong"
            detail = "" if verdict == "correct" else f"answered {answer.query}"
        elif not answer.answered:
            verdict, detail = "asked_back", answer.clarification or ""
        else:
            expected = normalized_rows(truth.execute(item["sql"]).fetchall())
            verdict = "correct" if normalized_rows(answer.rows) == expected else "wrong"
            detail = "" if verdict == "correct" else f"got {answer.query}; gold {item['query']}"
        result.outcomes.append(Outcome(item["id"], item["question"], item["tags"], verdict, detail, latency))
    return result


def report(result: Score, split: str) -> str:
    lines = [
        f"question compiler on the demo gold set ({split}): {result.total} questions",
        f"  correct {result.rate('correct'):.1%}   confidently wrong {result.rate('wrong'):.1%}   "
        f"asked back {result.rate('asked_back'):.1%}",
        "",
        f"  {'tag':<20} {'n':>4} {'correct':>8} {'wrong':>7} {'asked':>7}",
    ]
    for tag, outcomes in result.by_tag().items():
        lines.append(
            f"  {tag:<20} {len(outcomes):>4} {result.rate('correct', outcomes):>8.0%} "
            f"{result.rate('wrong', outcomes):>7.0%} {result.rate('asked_back', outcomes):>7.0%}"
        )
    latencies = sorted(o.latency_ms for o in result.outcomes if o.latency_ms)
    if latencies:
        lines.append(
            f"\n  latency per question (interpret + compile + run): p50 {latencies[len(latencies) // 2]:.1f} ms"
        )
    return "\n".join(lines)


def run(split: str = "test", scale: float = 0.1, gold: Optional[list[Path]] = None) -> Score:
    files = gold if gold is not None else demo_gold_files(split)
    items = [item for path in files for item in load_gold(path, None if split == "all" else split)]
    with demo_with_truth(scale) as (layer, truth):
        return score(layer, truth, items)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test", "all"], default="test")
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--gold", type=Path, action="append", help="gold file(s); default: the demo's")
    args = parser.parse_args()
    result = run(args.split, args.scale, args.gold)
    print(report(result, args.split))
    if args.show_misses:
        print()
        for outcome in result.outcomes:
            if outcome.verdict != "correct":
                print(f"{outcome.id} [{outcome.verdict}] {outcome.question}\n    {outcome.detail[:300]}")
    verdicts = Counter(o.verdict for o in result.outcomes)
    return 0 if verdicts["wrong"] <= 0.02 * result.total and verdicts["correct"] >= 0.9 * result.total else 1


if __name__ == "__main__":
    raise SystemExit(main())
