"""The lancedb index on disk: one table of element documents with their vectors, plus a manifest.

``sync`` embeds only documents whose content hash changed, inserts new ones and deletes orphans, then
refreshes the full-text index and writes the manifest last (so a crash mid-way leaves hashes that the next
``sync`` or ``check`` sees as stale, never a manifest claiming work that was not done). A full rebuild is
written into a sibling folder and swapped in, so a failed rebuild leaves the old index in place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

import numpy as np

from retrieval.documents import ElementDoc
from semantic.errors import SemctxError
from semantic.staging import staged_folder

TABLE = "elements"
MANIFEST = "manifest.json"
FORMAT_VERSION = 1
Progress = Callable[[int, int], None]


class IndexMissingError(SemctxError):
    code = "index_missing"


class IndexCorruptError(SemctxError):
    code = "index_corrupt"


@dataclass
class SyncReport:
    embedded: int = 0
    unchanged: int = 0
    deleted: int = 0
    total: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass
class LoadedIndex:
    """Everything search needs, in memory: rows by position and the vector matrix."""

    ids: list[str]
    kinds: list[str]
    names: list[str]
    domains: list[Optional[str]]
    bodies: list[str]
    metas: list[dict[str, Any]]
    hashes: dict[str, str]
    vectors: np.ndarray
    table: Any
    manifest: dict[str, Any]

    def position(self) -> dict[str, int]:
        return {doc_id: i for i, doc_id in enumerate(self.ids)}


def _connect(folder: Path) -> Any:
    import lancedb

    return lancedb.connect(str(folder))


def _arrow_rows(docs: list[ElementDoc], vectors: np.ndarray) -> Any:
    import pyarrow as pa

    flat = pa.array(vectors.astype(np.float32).ravel(), type=pa.float32())
    return pa.table(
        {
            "id": [d.id for d in docs],
            "kind": [d.kind for d in docs],
            "name": [d.name for d in docs],
            "domain": [d.domain or "" for d in docs],
            "text": [d.text for d in docs],
            "body": [d.body for d in docs],
            "meta": [json.dumps(d.meta, sort_keys=True, default=str) for d in docs],
            "hash": [d.content_hash for d in docs],
            "vector": pa.FixedSizeListArray.from_arrays(flat, vectors.shape[1]),
        }
    )


def read_manifest(folder: Path) -> Optional[dict[str, Any]]:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise IndexCorruptError(
            f"the index manifest {path} is unreadable ({error}); rebuild with `semctx index --rebuild`"
        ) from None
    return manifest if isinstance(manifest, dict) else None


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    path = folder / MANIFEST
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    temporary.replace(path)


def open_table(folder: Path) -> Any:
    try:
        db = _connect(folder)
        return db.open_table(TABLE)
    except Exception as error:  # lancedb raises ValueError, OSError, RuntimeError, ... for damaged files
        raise IndexCorruptError(
            f"the index in {folder} cannot be opened ({type(error).__name__}: {str(error)[:200]}); "
            "rebuild it with `semctx index --rebuild`"
        ) from None


def stored_hashes(table: Any) -> dict[str, str]:
    data = table.to_arrow().select(["id", "hash"]).to_pydict()
    return dict(zip(data["id"], data["hash"]))


def _quoted(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _refresh_full_text(table: Any) -> None:
    from lancedb.index import FTS

    table.create_index("text", config=FTS(with_position=False), replace=True)


def sync(
    folder: Path,
    docs: list[ElementDoc],
    embed: Callable[[list[str]], np.ndarray],
    manifest: dict[str, Any],
    *,
    rebuild: bool = False,
    progress: Optional[Progress] = None,
    batch: int = 256,
) -> SyncReport:
    """Bring the index in ``folder`` up to ``docs``; embed only what is new or changed."""
    import time

    started = time.perf_counter()
    report = SyncReport(total=len(docs))
    existing: dict[str, str] = {}
    if not rebuild and (folder / MANIFEST).is_file():
        try:
            stored = read_manifest(folder) or {}
            if stored.get("embedder") != manifest.get("embedder") or stored.get("version") != FORMAT_VERSION:
                report.notes.append("embedding model or index format changed: rebuilding")
                rebuild = True
            else:
                existing = stored_hashes(open_table(folder))
        except IndexCorruptError as error:
            report.notes.append(f"{error.message.split(';')[0]}: rebuilding")
            rebuild = True
    elif not rebuild and folder.exists() and any(folder.iterdir()):
        report.notes.append("no manifest in the index folder: rebuilding")
        rebuild = True
    if rebuild or not existing:
        return _rebuild(folder, docs, embed, manifest, report, progress, batch, started)
    changed = [d for d in docs if existing.get(d.id) != d.content_hash]
    orphans = sorted(set(existing) - {d.id for d in docs})
    table = open_table(folder)
    vectors = _embed_in_batches(changed, embed, progress, batch)
    if changed:
        table.merge_insert("id").when_matched_update_all().when_not_matched_insert_all().execute(
            _arrow_rows(changed, vectors)
        )
    for start in range(0, len(orphans), 500):
        table.delete(f"id IN ({_quoted(orphans[start : start + 500])})")
    if changed or orphans:
        _refresh_full_text(table)
    _write_manifest(folder, {**manifest, "count": len(docs)})
    report.embedded, report.deleted = len(changed), len(orphans)
    report.unchanged = len(docs) - len(changed)
    report.seconds = time.perf_counter() - started
    return report


def _embed_in_batches(
    docs: list[ElementDoc], embed: Callable[[list[str]], np.ndarray], progress: Optional[Progress], batch: int
) -> np.ndarray:
    """Vectors for ``docs`` in their order, reporting progress after each batch."""
    parts = []
    for start in range(0, len(docs), batch):
        parts.append(embed([d.text for d in docs[start : start + batch]]))
        if progress:
            progress(min(start + batch, len(docs)), len(docs))
    if progress and not docs:
        progress(0, 0)
    return np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32)


def _rebuild(
    folder: Path,
    docs: list[ElementDoc],
    embed: Callable[[list[str]], np.ndarray],
    manifest: dict[str, Any],
    report: SyncReport,
    progress: Optional[Progress],
    batch: int,
    started: float,
) -> SyncReport:
    import time

    if not docs:
        raise SemctxError("nothing to index: the model has no elements")
    with staged_folder(folder) as staging:
        vectors = _embed_in_batches(docs, embed, progress, batch)
        table = _connect(staging).create_table(TABLE, _arrow_rows(docs, vectors))
        _refresh_full_text(table)
        _write_manifest(staging, {**manifest, "count": len(docs)})
    report.embedded, report.rebuilt = len(docs), True
    report.seconds = time.perf_counter() - started
    return report


def load(folder: Path) -> LoadedIndex:
    """Read the whole index into memory for search; a clear error when it is missing or damaged."""
    manifest = read_manifest(folder)
    if manifest is None:
        raise IndexMissingError(f"no context index in {folder}; build it with `semctx index`")
    table = open_table(folder)
    try:
        data = table.to_arrow()
        columns = data.select(["id", "kind", "name", "domain", "body", "meta", "hash"]).to_pydict()
        vectors = data.column("vector").combine_chunks().flatten().to_numpy().reshape(len(data), -1)
    except Exception as error:  # damaged data files surface here, not at open
        raise IndexCorruptError(
            f"the index in {folder} is damaged ({type(error).__name__}); rebuild it with `semctx index --rebuild`"
        ) from None
    return LoadedIndex(
        ids=columns["id"],
        kinds=columns["kind"],
        names=columns["name"],
        domains=[d or None for d in columns["domain"]],
        bodies=columns["body"],
        metas=[json.loads(m) for m in columns["meta"]],
        hashes=dict(zip(columns["id"], columns["hash"])),
        vectors=np.ascontiguousarray(vectors, dtype=np.float32),
        table=table,
        manifest=manifest,
    )
