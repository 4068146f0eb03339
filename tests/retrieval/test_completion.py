"""The product's claim, checked on a slice of the dev questions: a scoped 800-token context lets the compiler
complete nearly as many questions as the whole model (~8,500 tokens) does."""

from __future__ import annotations

import shutil

import duckdb

from evals.completion import evaluate
from evals.gold import demo_gold_files, load_gold
from semantic.api import SemanticLayer
from semantic.demo import WAREHOUSE_FILE


def test_small_context_completes_nearly_as_much_as_the_full_model(demo_layer: SemanticLayer, tmp_path) -> None:
    items = [i for p in demo_gold_files("dev") for i in load_gold(p, "dev")][:80]
    truth_file = tmp_path / "truth.duckdb"
    shutil.copyfile(demo_layer.model.root / WAREHOUSE_FILE, truth_file)
    with duckdb.connect(str(truth_file), read_only=True) as truth:
        rows = {row.label: row for row in evaluate(demo_layer, truth, items, budgets=(200, 800))}
    full, scoped, tiny = rows["full model"], rows["800 tokens"], rows["200 tokens"]
    assert full.rate >= 0.7
    assert scoped.rate >= full.rate - 0.05  # within 5 points of the whole model
    assert max(scoped.tokens) <= 800 and min(full.tokens) > 5 * 800  # at a fraction of its size
    assert tiny.rate < scoped.rate  # and the budget matters
