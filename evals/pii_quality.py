"""Recall and precision of the PII detector (Presidio, offline) on the labelled set ``evals/gold/pii_testset.yml``.

    .venv/bin/python -m evals.pii_quality [--show-misses]

A labelled entity is found when a finding of the same type covers at least half of it; a finding is correct when
it covers at least half of a labelled entity of its type. Only the detector's types count (dates, places and
organisations are not personal data here). Structured types are every type but PERSON.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from governance.pii import ENTITIES, Finding, PiiDetector

TESTSET = Path(__file__).resolve().parent / "gold" / "pii_testset.yml"
STRUCTURED = tuple(t for t in ENTITIES if t != "PERSON")


@dataclass
class Scores:
    true_positive: Counter[str] = field(default_factory=Counter)
    labelled: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def recall(self, types: tuple[str, ...]) -> float:
        total = sum(self.labelled[t] for t in types)
        return sum(self.true_positive[t] for t in types) / total if total else 1.0

    def precision(self, types: tuple[str, ...]) -> float:
        total = sum(self.predicted[t] for t in types)
        return sum(self.correct[t] for t in types) / total if total else 1.0


def _covers(finding: Finding, start: int, end: int) -> bool:
    overlap = min(finding.end, end) - max(finding.start, start)
    return overlap * 2 >= (end - start)


def score(items: list[dict[str, Any]], detector: PiiDetector) -> Scores:
    scores = Scores()
    found_all = detector.findings_many([item["text"] for item in items])
    for item, findings in zip(items, found_all):
        text = item["text"]
        spans = []
        for entity in item["entities"]:
            start = text.index(entity["value"])
            spans.append((entity["type"], start, start + len(entity["value"])))
        for kind, start, end in spans:
            scores.labelled[kind] += 1
            if any(f.type == kind and _covers(f, start, end) for f in findings):
                scores.true_positive[kind] += 1
            else:
                scores.misses.append(f"missed {kind} in {item['id']}: {text!r}")
        for finding in findings:
            scores.predicted[finding.type] += 1
            if any(kind == finding.type and _covers(finding, start, end) for kind, start, end in spans):
                scores.correct[finding.type] += 1
            else:
                scores.misses.append(f"wrong {finding.type} {text[finding.start : finding.end]!r} in {item['id']}")
    return scores


def report(scores: Scores, count: int) -> str:
    lines = [f"PII detector on {count} labelled texts (Presidio + en_core_web_sm, offline)", ""]
    lines.append(f"  {'type':<15} {'labelled':>8} {'recall':>7} {'precision':>9}")
    for kind in ENTITIES:
        lines.append(
            f"  {kind:<15} {scores.labelled[kind]:>8} {scores.recall((kind,)):>7.3f} {scores.precision((kind,)):>9.3f}"
        )
    lines.append(
        f"  {'structured':<15} {sum(scores.labelled[t] for t in STRUCTURED):>8} "
        f"{scores.recall(STRUCTURED):>7.3f} {scores.precision(STRUCTURED):>9.3f}"
    )
    return "\n".join(lines)


def load(path: Path = TESTSET) -> list[dict[str, Any]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["items"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    items = load()
    scores = score(items, PiiDetector.shared())
    print(report(scores, len(items)))
    if args.show_misses:
        print("\n".join(scores.misses))
    return 0 if scores.recall(STRUCTURED) >= 0.95 and scores.precision(STRUCTURED) >= 0.9 else 1


if __name__ == "__main__":
    raise SystemExit(main())
