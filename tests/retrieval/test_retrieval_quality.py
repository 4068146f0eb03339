"""A floor under retrieval quality on the demo's dev questions (the figures for the test half are in the README)."""

from __future__ import annotations

import statistics

from evals.gold import demo_gold_files, load_gold
from evals.retrieval_quality import evaluate
from semantic.api import SemanticLayer


def test_recall_and_budget_fit_on_the_dev_questions(demo_layer: SemanticLayer) -> None:
    items = [item for path in demo_gold_files("dev") for item in load_gold(path, "dev")]
    results = evaluate(demo_layer, items)
    assert len(results) > 150
    assert statistics.mean(r.recall(10) for r in results) >= 0.95
    assert sum(r.fits[800] for r in results) / len(results) >= 0.95
    assert statistics.median(r.tokens[800] for r in results) <= 800
