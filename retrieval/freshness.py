"""Is the index still true to the model? Stale, missing and orphaned entries, overdue documents, and age.

An entry is *stale* when the element's content hash differs from the one indexed, *missing* when the element
is not indexed, *orphaned* when the index holds an element the model no longer has. Knowledge documents past
their ``review_by`` date are listed. Age compares the index's build time with the newest model file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

from pydantic import BaseModel, Field

from retrieval.documents import ElementDoc
from retrieval.store import IndexCorruptError, open_table, read_manifest, stored_hashes


class IndexCheck(BaseModel):
    index_dir: str
    exists: bool
    fresh: bool
    elements: int = 0
    indexed: int = 0
    stale: list[str] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    orphaned: list[str] = Field(default_factory=list)
    overdue_documents: list[str] = Field(default_factory=list)
    problems: list[str] = Field(default_factory=list)
    built_at: Optional[str] = None
    model_changed_at: Optional[str] = None
    age: str = ""

    def to_text(self) -> str:
        lines = [f"index {self.index_dir}: " + ("fresh" if self.fresh else "NOT fresh")]
        lines.append(f"  {self.indexed} indexed, {self.elements} in the model; {self.age}")
        for label, values in (
            ("stale", self.stale),
            ("missing", self.missing),
            ("orphaned", self.orphaned),
            ("past review-by date", self.overdue_documents),
            ("problems", self.problems),
        ):
            if values:
                shown = ", ".join(values[:20]) + (f", … (+{len(values) - 20})" if len(values) > 20 else "")
                lines.append(f"  {label} ({len(values)}): {shown}")
        return "\n".join(lines)


def check(
    index_dir: Path, docs: list[ElementDoc], problems: list[str], source_files: list[Path], today: dt.date
) -> IndexCheck:
    newest = max((p.stat().st_mtime for p in source_files), default=None)
    model_changed = dt.datetime.fromtimestamp(newest, dt.timezone.utc) if newest is not None else None
    report = IndexCheck(
        index_dir=str(index_dir),
        exists=False,
        fresh=False,
        elements=len(docs),
        problems=list(problems),
        model_changed_at=model_changed.isoformat(timespec="seconds") if model_changed else None,
        overdue_documents=_overdue(docs, today),
    )
    try:
        manifest = read_manifest(index_dir)
        stored = stored_hashes(open_table(index_dir)) if manifest is not None else None
    except IndexCorruptError as error:
        report.problems.append(error.message)
        report.age = "the index is damaged"
        return report
    if manifest is None or stored is None:
        report.missing = sorted(d.id for d in docs)
        report.age = "no index yet: run `semctx index`"
        return report
    report.exists = True
    report.indexed = len(stored)
    current = {d.id: d.content_hash for d in docs}
    report.stale = sorted(i for i, h in current.items() if i in stored and stored[i] != h)
    report.missing = sorted(set(current) - set(stored))
    report.orphaned = sorted(set(stored) - set(current))
    report.built_at = manifest.get("built_at")
    report.age = _age(report.built_at, model_changed)
    report.fresh = not (report.stale or report.missing or report.orphaned)
    return report


def _overdue(docs: list[ElementDoc], today: dt.date) -> list[str]:
    overdue = set()
    for doc in docs:
        review_by = doc.meta.get("review_by") if doc.kind == "knowledge" else None
        if review_by and dt.date.fromisoformat(review_by) < today:
            overdue.add(f"{doc.meta['path']} (review by {review_by})")
    return sorted(overdue)


def _age(built_at: Optional[str], model_changed: Optional[dt.datetime]) -> str:
    if not built_at or model_changed is None:
        return "age unknown"
    built = dt.datetime.fromisoformat(built_at)
    gap = (model_changed - built).total_seconds()
    if gap <= 0:
        return f"built {built_at}, after the last model change"
    return f"built {built_at}; the model changed {_duration(gap)} later"


def _duration(seconds: float) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{int(seconds)} seconds"
