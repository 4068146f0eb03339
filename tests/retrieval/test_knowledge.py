"""Knowledge documents: front matter, chunking, and problems reported with file:line while other files still load."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from retrieval.knowledge import MAX_CHUNK_CHARS, KnowledgeError, load_knowledge, parse_document


def test_front_matter_and_one_chunk_per_section() -> None:
    doc = parse_document(
        "knowledge/rules.md",
        "---\ntitle: Rules\ndomain: sales\nowner: Sales Ops\nreview_by: 2027-01-31\n---\n"
        "Intro line.\n\n# Returns\nRevenue excludes returns.\n\n## Currency\nAll amounts in USD.\n",
    )
    assert (doc.title, doc.domain, doc.owner, doc.review_by) == ("Rules", "sales", "Sales Ops", dt.date(2027, 1, 31))
    assert [(c.heading, c.text) for c in doc.chunks] == [
        ("Rules", "Intro line."),
        ("Returns", "Revenue excludes returns."),
        ("Currency", "All amounts in USD."),
    ]
    element = doc.element_docs()[1]
    assert element.id == "knowledge:knowledge/rules.md#1" and element.domain == "sales"
    assert (
        "(knowledge/rules.md; owner Sales Ops, review by 2027-01-31)" in element.body
        and element.name == "Rules › Returns"
    )
    assert not doc.overdue(dt.date(2027, 1, 31)) and doc.overdue(dt.date(2027, 2, 1))


def test_long_sections_are_split_between_paragraphs() -> None:
    paragraph = "word " * 150
    doc = parse_document("a.md", "# Long\n" + "\n\n".join([paragraph] * 4))
    assert len(doc.chunks) >= 3 and all(len(c.text) <= MAX_CHUNK_CHARS + len(paragraph) for c in doc.chunks)
    assert {c.heading for c in doc.chunks} == {"Long"}


@pytest.mark.parametrize(
    "text, where, message",
    [
        ("---\ntitle: x\n", "a.md:1", "never ends"),
        ("---\nowner: [x\n---\nbody", "a.md:", "not valid YAML"),
        ("---\n- a list\n---\nbody", "a.md:2", "mapping"),
        ("---\nreview_by: soon\n---\nbody", "a.md:1", "not a date"),
        ("---\nreviewer: ana\n---\nbody", "a.md:1", "unknown front matter"),
        ("---\ntitle: empty\n---\n\n", "a.md:4", "no text"),
    ],
)
def test_bad_documents_name_the_problem_and_where(text: str, where: str, message: str) -> None:
    with pytest.raises(KnowledgeError, match=message) as caught:
        parse_document("a.md", text)
    assert caught.value.where.startswith(where)


def test_loading_a_folder_skips_bad_files_and_says_why(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.md").write_text("# Good\nFine.", encoding="utf-8")
    (folder / "sub" / "bad.md").write_text("---\nreview_by: someday\n---\nx", encoding="utf-8")
    (folder / "binary.md").write_bytes(b"\xff\xfe\x00 not utf-8")
    documents, problems = load_knowledge(folder)
    assert [d.path for d in documents] == ["knowledge/good.md"]
    assert problems == [
        "knowledge/binary.md:1: not UTF-8 text; skipped",
        "knowledge/sub/bad.md:1: review_by 'someday' is not a date (YYYY-MM-DD); skipped",
    ]
    assert load_knowledge(tmp_path / "absent") == ([], [])
