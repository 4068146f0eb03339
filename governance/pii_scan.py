"""``semctx pii scan``: sample each text dimension's values, run Presidio, compare with what the model declares.

A dimension is *undeclared* when at least ``MIN_SHARE`` of its sampled values hold one PII type but the model says
``pii: none``; *not found* when the model declares a class and no sampled value shows it. Values are read through
the core compiler without any policy (the scan needs raw values) and never printed, only counted.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Optional

from pydantic import BaseModel, Field

from governance.pii import PII_CLASS, PiiDetector
from semantic.errors import SemctxError
from semantic.plan.build import PASSES
from semantic.query.semantic_query import SemanticQuery
from semantic.sql.compiler import compile_query

if TYPE_CHECKING:
    from semantic.api import SemanticLayer

SAMPLE = 50
MIN_SHARE = 0.5  # a real PII column is mostly PII; product or store names now and then look like names


class DimensionScan(BaseModel):
    dimension: str
    declared: str
    sampled: int
    found: dict[str, int] = Field(default_factory=dict, description="PII type → sampled values holding it.")
    verdict: str  # ok | undeclared | not_found | skipped

    @property
    def detected_class(self) -> Optional[str]:
        if not self.sampled or not self.found:
            return None
        kind, count = max(self.found.items(), key=lambda kv: kv[1])
        return PII_CLASS[kind] if count / self.sampled >= MIN_SHARE else None


class ScanReport(BaseModel):
    dimensions: list[DimensionScan]
    totals: dict[str, int]

    @property
    def problems(self) -> list[DimensionScan]:
        return [d for d in self.dimensions if d.verdict in ("undeclared", "not_found")]


def scan(layer: "SemanticLayer", sample: int = SAMPLE) -> ScanReport:
    detector = PiiDetector.shared()
    results, totals = [], Counter()
    for qualified, (_, dimension) in sorted(layer.graph.dimensions.items()):
        declared = dimension.pii.value
        if dimension.type not in ("categorical",):
            continue
        values = sample_values(layer, qualified, sample)
        if values is None:
            results.append(DimensionScan(dimension=qualified, declared=declared, sampled=0, verdict="skipped"))
            continue
        found: Counter[str] = Counter()
        for findings in detector.findings_many(values):
            for kind in {f.type for f in findings}:
                found[kind] += 1
        totals.update(found)
        entry = DimensionScan(
            dimension=qualified, declared=declared, sampled=len(values), found=dict(found), verdict="ok"
        )
        detected = entry.detected_class
        if declared == "none" and detected is not None:
            entry.verdict = "undeclared"
        elif declared in PII_CLASS.values() and values and not any(PII_CLASS[k] == declared for k in found):
            entry.verdict = "not_found"
        results.append(entry)
    return ScanReport(dimensions=results, totals=dict(totals))


def sample_values(layer: "SemanticLayer", qualified: str, size: int) -> Optional[list[str]]:
    """Distinct non-null text values of one dimension, read with the core passes only (no masks)."""
    query = SemanticQuery.model_validate({"dimensions": [qualified], "limit": size})
    try:
        compiled = compile_query(
            layer.graph, query, dialect=layer.engine.dialect, model_dialect=layer.model.config.dialect, passes=PASSES
        )
        result = layer.engine.execute(compiled.expression, sql=compiled.sql, row_limit=size, timeout_seconds=30)
    except SemctxError:
        return None
    return [str(row[0]) for row in result.rows if row[0] is not None]
