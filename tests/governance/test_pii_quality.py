"""A floor under the PII detector on the labelled set (figures in the README): structured types and names."""

from __future__ import annotations

from evals.pii_quality import STRUCTURED, load, score
from governance.pii import PiiDetector


def test_recall_and_precision_on_the_labelled_set() -> None:
    items = load()
    assert sum(1 for i in items if i["entities"]) >= 300 and sum(1 for i in items if not i["entities"]) >= 300
    scores = score(items, PiiDetector.shared())
    assert len({t for i in items for t in (e["type"] for e in i["entities"])}) >= 8
    assert scores.recall(STRUCTURED) >= 0.95 and scores.precision(STRUCTURED) >= 0.9
    for kind in STRUCTURED:
        assert scores.recall((kind,)) >= 0.9, kind
    assert scores.recall(("PERSON",)) >= 0.7  # spaCy's small model: names are the weak spot
