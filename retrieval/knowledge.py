"""Knowledge documents: markdown files in the project (business rules, glossary, instructions) chunked by heading.

Front matter (YAML between ``---`` lines) may set ``title``, ``domain``, ``owner`` and ``review_by`` (a date).
A file that cannot be read becomes a problem with its file:line, and the other files are still indexed.

>>> text = "---\\ndomain: finance\\nreview_by: 2026-01-31\\n---\\n# Fiscal year\\nIt starts in February."
>>> doc = parse_document("fiscal.md", text)
>>> doc.domain, doc.review_by, [c.heading for c in doc.chunks]
('finance', datetime.date(2026, 1, 31), ['Fiscal year'])
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import yaml

from retrieval.documents import ElementDoc

MAX_CHUNK_CHARS = 900
_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used, with where."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where


@dataclass(frozen=True)
class Chunk:
    heading: str
    text: str


@dataclass
class KnowledgeDocument:
    path: str
    title: str
    domain: Optional[str] = None
    owner: Optional[str] = None
    review_by: Optional[dt.date] = None
    chunks: list[Chunk] = field(default_factory=list)

    def overdue(self, today: dt.date) -> bool:
        return self.review_by is not None and self.review_by < today

    def element_docs(self) -> list[ElementDoc]:
        caveat = ", ".join(
            part
            for part in (
                f"owner {self.owner}" if self.owner else "",
                f"review by {self.review_by.isoformat()}" if self.review_by else "",
            )
            if part
        )
        docs = []
        for number, chunk in enumerate(self.chunks):
            label = chunk.heading if chunk.heading == self.title else f"{self.title} › {chunk.heading}"
            docs.append(
                ElementDoc(
                    f"knowledge:{self.path}#{number}",
                    "knowledge",
                    label,
                    self.domain,
                    f"{label}. {chunk.text}",
                    f"- note **{label}** ({self.path}{'; ' + caveat if caveat else ''}): {chunk.text}",
                    {"path": self.path, "review_by": self.review_by.isoformat() if self.review_by else None},
                )
            )
        return docs


def parse_document(path: str, text: str) -> KnowledgeDocument:
    meta, body, body_line = _front_matter(path, text)
    title = str(meta.get("title") or Path(path).stem.replace("_", " "))
    review_by = meta.get("review_by")
    if isinstance(review_by, str):
        try:
            review_by = dt.date.fromisoformat(review_by)
        except ValueError:
            raise KnowledgeError(f"{path}:1", f"review_by {review_by!r} is not a date (YYYY-MM-DD)") from None
    if review_by is not None and not isinstance(review_by, dt.date):
        raise KnowledgeError(f"{path}:1", "review_by must be a date (YYYY-MM-DD)")
    unknown = sorted(set(meta) - {"title", "domain", "owner", "review_by"})
    if unknown:
        raise KnowledgeError(
            f"{path}:1", f"unknown front matter field(s) {unknown}; use title, domain, owner, review_by"
        )
    doc = KnowledgeDocument(
        path,
        title,
        str(meta["domain"]) if meta.get("domain") else None,
        str(meta["owner"]) if meta.get("owner") else None,
        review_by,
    )
    doc.chunks = _chunks(body, title)
    if not doc.chunks:
        raise KnowledgeError(f"{path}:{body_line}", "the document has no text")
    return doc


def _front_matter(path: str, text: str) -> tuple[dict[str, Any], str, int]:
    if not text.startswith("---"):
        return {}, text, 1
    lines = text.splitlines()
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise KnowledgeError(f"{path}:1", "front matter starts with --- but never ends with ---") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        line = getattr(getattr(error, "problem_mark", None), "line", 0) + 2
        raise KnowledgeError(f"{path}:{line}", f"front matter is not valid YAML ({getattr(error, 'problem', error)})")
    if not isinstance(meta, dict):
        raise KnowledgeError(f"{path}:2", "front matter must be a mapping of fields")
    return meta, "\n".join(lines[end + 1 :]), end + 2


def _chunks(body: str, title: str) -> list[Chunk]:
    sections: list[tuple[str, list[str]]] = [(title, [])]
    for line in body.splitlines():
        heading = _HEADING.match(line)
        if heading:
            sections.append((heading.group(2), []))
        else:
            sections[-1][1].append(line)
    chunks = []
    for heading, lines in sections:
        paragraphs = [" ".join(p.split()) for p in "\n".join(lines).split("\n\n") if p.strip()]
        current = ""
        for paragraph in paragraphs:
            if current and len(current) + len(paragraph) > MAX_CHUNK_CHARS:
                chunks.append(Chunk(heading, current))
                current = ""
            current = f"{current} {paragraph}".strip()
        if current:
            chunks.append(Chunk(heading, current))
    return chunks


def load_knowledge(folder: Path) -> tuple[list[KnowledgeDocument], list[str]]:
    """Every ``*.md`` under ``folder`` (paths relative to its parent), and the problems found, as text."""
    documents, problems = [], []
    if not folder.is_dir():
        return documents, problems
    for path in sorted(folder.rglob("*.md")):
        relative = path.relative_to(folder.parent).as_posix()
        try:
            documents.append(parse_document(relative, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            problems.append(f"{relative}:1: not UTF-8 text; skipped")
        except KnowledgeError as error:
            problems.append(f"{error}; skipped")
    return documents, problems
