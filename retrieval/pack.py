"""The context packer: candidates, best first, into markdown sections that fit a token budget.

Direct hits are shown in full (formula, owner, certification, sample values); dimensions pulled in only because
a chosen metric can be grouped by them are listed compactly, one line per entity. Every item records its
score, why it was included and its size; the total is counted on the final text with the named tokenizer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from pydantic import BaseModel, Field

from retrieval.expand import Candidate
from retrieval.tokens import TokenCounter

SECTIONS = {
    "verified_question": "Verified questions",
    "metric": "Metrics",
    "dimension": "Dimensions",
    "dimension_list": "Dimensions",
    "join_path": "Joins",
    "relationship": "Joins",
    "glossary": "Notes",
    "knowledge": "Notes",
    "entity": "Entities",
    "domain": "Domains",
}
SECTION_ORDER = ["Verified questions", "Metrics", "Dimensions", "Joins", "Notes", "Entities", "Domains"]


class PackItem(BaseModel):
    kind: str
    name: str
    score: float
    why: str
    tokens: int
    names: list[str] = Field(default_factory=list, description="For dimension lists: the dimensions listed.")


class ContextPack(BaseModel):
    """A packed context: ``text`` for the agent, ``items`` saying what is in it and why."""

    question: str
    domain: Optional[str] = None
    budget: int
    tokens: int
    tokenizer: str
    embedder: str
    text: str
    items: list[PackItem]
    left_out: int = Field(0, description="Relevant items that did not fit the budget.")
    warnings: list[str] = Field(default_factory=list)

    def element_names(self) -> set[str]:
        """Names of the metrics and dimensions present (for recall measurements)."""
        names = set()
        for item in self.items:
            if item.kind in ("metric", "dimension"):
                names.add(item.name)
            names.update(item.names)
        return names


@dataclass
class _Entry:
    kind: str
    name: str
    score: float
    why: str
    line: str
    names: list[str] = field(default_factory=list)


def entries(candidates: list[Candidate], rows: dict[str, tuple[str, str, str]]) -> list[_Entry]:
    """Direct hits one by one; expansion-only dimensions folded into one compact line per entity."""
    out: list[_Entry] = []
    folded: dict[str, list[tuple[Candidate, str]]] = {}
    for candidate in candidates:
        kind, name, body = rows[candidate.id]
        if kind == "dimension" and not candidate.direct:
            folded.setdefault(name.split(".")[0], []).append((candidate, name))
            continue
        out.append(_Entry(kind, name, candidate.score, candidate.why, body))
    for entity, members in folded.items():
        best = max(c.score for c, _ in members)
        short = [name.split(".", 1)[1] for _, name in members]
        out.append(
            _Entry(
                "dimension_list",
                f"{entity} (dimensions)",
                best,
                members[0][0].why.replace("can be grouped by it", f"can be grouped by these {entity} dimensions"),
                f"- also groupable: {entity}.{{{', '.join(sorted(short))}}}",
                sorted(name for _, name in members),
            )
        )
    out.sort(key=lambda e: (-e.score, e.kind, e.name))
    return out


def pack(
    question: str,
    candidates: list[Candidate],
    rows: dict[str, tuple[str, str, str]],
    *,
    budget: int,
    counter: TokenCounter,
    embedder: str,
    domain: Optional[str] = None,
    warnings: Optional[list[str]] = None,
) -> ContextPack:
    """Greedy by score: an item goes in when it (and its section heading, if new) still fits."""
    warnings = list(warnings or [])
    preamble = "".join(f"> warning: {w}\n" for w in warnings)
    if counter.count(preamble) > budget:
        preamble = ""  # the warnings stay in ``warnings``
    remaining = budget - counter.count(preamble)
    chosen: dict[str, list[tuple[_Entry, int]]] = {}
    left_out = 0
    for entry in entries(candidates, rows):
        section = SECTIONS.get(entry.kind, "Notes")
        cost = counter.count(entry.line + "\n")
        heading = 0 if section in chosen else counter.count(f"## {section}\n")
        if cost + heading <= remaining:
            chosen.setdefault(section, []).append((entry, cost))
            remaining -= cost + heading
        else:
            left_out += 1
    text = _render(chosen, preamble)
    while chosen and counter.count(text) > budget:  # joins between blocks can add a token; drop the weakest item
        text, left_out = _drop_weakest(chosen, preamble), left_out + 1
    items = [
        PackItem(kind=e.kind, name=e.name, score=round(e.score, 3), why=e.why, tokens=cost, names=e.names)
        for section in SECTION_ORDER
        for e, cost in chosen.get(section, [])
    ]
    return ContextPack(
        question=question,
        domain=domain,
        budget=budget,
        tokens=counter.count(text),
        tokenizer=counter.name,
        embedder=embedder,
        text=text,
        items=items,
        left_out=left_out,
        warnings=warnings,
    )


def _drop_weakest(chosen: dict[str, list[tuple[Any, int]]], preamble: str) -> str:
    section, position = min(
        ((s, i) for s, entries_ in chosen.items() for i in range(len(entries_))),
        key=lambda si: chosen[si[0]][si[1]][0].score,
    )
    del chosen[section][position]
    if not chosen[section]:
        del chosen[section]
    return _render(chosen, preamble)


def _render(chosen: dict[str, list[tuple[Any, int]]], preamble: str) -> str:
    blocks = [preamble.rstrip("\n")] if preamble else []
    for section in SECTION_ORDER:
        if section in chosen:
            blocks.append(f"## {section}\n" + "\n".join(entry.line for entry, _ in chosen[section]))
    return "\n".join(blocks)
