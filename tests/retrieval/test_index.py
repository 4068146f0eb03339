"""The index on disk: incremental updates, freshness checks, and what happens when it is missing or damaged."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from retrieval.store import IndexCorruptError, IndexMissingError
from semantic.api import SemanticLayer

INDEX = Path(".semctx") / "index"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_changing_one_metric_embeds_only_that_metric(private_demo: Path) -> None:
    edit(private_demo / "models" / "sales.yml", "Net sales of completed", "Net sales (gross of refunds) of completed")
    layer = SemanticLayer.load(private_demo)
    try:
        before = layer.check_index()
        assert not before.fresh and before.stale == ["metric:revenue"] and not before.missing
        report = layer.build_index()
        assert (report.embedded, report.deleted, report.rebuilt) == (1, 0, False)
        assert report.unchanged == report.total - 1
        assert layer.check_index().fresh
        assert "gross of refunds" in layer.context("revenue").text  # the warm service sees the new index
        again = layer.build_index()
        assert (again.embedded, again.deleted) == (0, 0)
    finally:
        layer.close()


def test_removed_and_added_elements_are_deleted_and_embedded(private_demo: Path) -> None:
    finance = private_demo / "models" / "finance.yml"
    edit(finance, "  - name: payment_count\n", "  - name: payments_captured\n")
    edit(finance, "metrics: [payments_collected, payment_count]", "metrics: [payments_collected, payments_captured]")
    layer = SemanticLayer.load(private_demo)
    try:
        check = layer.check_index()
        assert check.orphaned == ["metric:payment_count"] and check.missing == ["metric:payments_captured"]
        assert check.stale  # the verified question naming it changed too
        report = layer.build_index()
        assert report.deleted == 1 and report.embedded == 1 + len(check.stale)
        assert layer.check_index().fresh
    finally:
        layer.close()


def test_context_warns_when_the_index_is_older_than_the_model(private_demo: Path) -> None:
    edit(private_demo / "models" / "support.yml", "description:", "description: Changed.")
    layer = SemanticLayer.load(private_demo)
    try:
        pack = layer.context("tickets by priority")
        assert pack.warnings and "older than the model" in pack.warnings[0]
        assert pack.text.startswith("> warning:")
        layer.build_index()
        assert layer.context("tickets by priority").warnings == []
    finally:
        layer.close()


def test_check_lists_documents_past_their_review_date_and_broken_ones(private_demo: Path) -> None:
    (private_demo / "knowledge" / "old_rule.md").write_text(
        "---\nowner: Finance\nreview_by: 2020-01-31\n---\n# Old rule\nDiscounts count as marketing spend.\n",
        encoding="utf-8",
    )
    (private_demo / "knowledge" / "broken.md").write_text("---\nowner: [unclosed\n---\ntext\n", encoding="utf-8")
    layer = SemanticLayer.load(private_demo)
    try:
        check = layer.check_index(today=dt.date(2026, 1, 1))
        assert check.overdue_documents == ["knowledge/old_rule.md (review by 2020-01-31)"]
        assert any(p.startswith("knowledge/broken.md:") for p in check.problems)
        assert any(m.startswith("knowledge:knowledge/old_rule.md#") for m in check.missing)
        report = layer.build_index()
        assert any("broken.md" in note for note in report.notes)
        assert layer.check_index(today=dt.date(2026, 1, 1)).fresh
    finally:
        layer.close()


def test_a_missing_index_says_how_to_build_it(private_demo: Path) -> None:
    shutil.rmtree(private_demo / INDEX)
    layer = SemanticLayer.load(private_demo)
    try:
        with pytest.raises(IndexMissingError, match="semctx index"):
            layer.context("revenue")
        check = layer.check_index()
        assert not check.exists and not check.fresh and "metric:revenue" in check.missing
        assert layer.build_index().rebuilt
        assert "revenue" in layer.context("revenue").element_names()
    finally:
        layer.close()


@pytest.mark.parametrize("damage", ["manifest", "table"])
def test_a_damaged_index_says_how_to_rebuild_and_index_rebuilds_it(private_demo: Path, damage: str) -> None:
    folder = private_demo / INDEX
    if damage == "manifest":
        (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    else:
        shutil.rmtree(folder / "elements.lance")
        (folder / "elements.lance").write_bytes(b"\x00garbage")
    layer = SemanticLayer.load(private_demo)
    try:
        with pytest.raises(IndexCorruptError, match="semctx index --rebuild"):
            layer.context("revenue")
        assert not layer.check_index().fresh
        report = layer.build_index()
        assert report.rebuilt and any("rebuilding" in note for note in report.notes)
        assert "revenue" in layer.context("revenue").element_names()
    finally:
        layer.close()


def test_progress_is_reported_while_embedding(private_demo: Path) -> None:
    seen: list[tuple[int, int]] = []
    layer = SemanticLayer.load(private_demo)
    try:
        report = layer.build_index(progress=lambda done, total: seen.append((done, total)))  # nothing changed
        assert report.embedded == 0
        edit(private_demo / "models" / "people.yml", "description:", "description: Edited.")
        layer = SemanticLayer.load(private_demo)
        report = layer.build_index(progress=lambda done, total: seen.append((done, total)))
        assert report.embedded >= 1 and seen[-1] == (report.embedded, report.embedded)
    finally:
        layer.close()
