"""A time range said after a verb that names one of the rows' own dates ('stores that opened in 2024', 'tickets
resolved in June') applies to that date, not to the date the metric is measured by (the order date, the ticket's
opening). A mixin of ``QuestionRules``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from semantic.nl.matching import Match
from semantic.nl.parts import Parts
from semantic.nl.text import tokens
from semantic.nl.timespan import TimeSpec

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts

# words of date names that say nothing about what happened on the date
DATE_WORDS = {"date", "at", "day", "time", "month", "on"}


def stems(word: str) -> set[str]:
    """'opened' → {opened, open}; 'hired' → {hired, hire, hir}: enough to meet a date's name ('hire_date')."""
    found = {word}
    if word.endswith("ed"):
        found |= {word[:-2], word[:-1]}
    elif word.endswith("e"):
        found.add(word[:-1])
    return found


def _meets(said: set[str], named: set[str]) -> bool:
    """The same word, or words sharing a long start ('registered', 'registration'; 'terminated', 'termination')."""
    return any(a == b or (len(a) >= 6 and len(b) >= 6 and a[:6] == b[:6]) for a in said for b in named)


class DatedBy:
    """Needs ``graph`` and ``facts``."""

    graph: "SemanticGraph"
    facts: "ModelFacts"

    def _dated_by(self, parts: Parts, matches: list[Match], spec: TimeSpec) -> None:
        """Set ``spec.on`` to the one date of the rows in question named by the word before the range, when the
        metrics are measured by another date; leave it unset otherwise."""
        if spec.said_after is None or not spec.has_range or spec.periods:
            return
        entities = self.facts.home_entities(parts.metrics) if parts.metrics else set()
        entities |= {t.name for m in matches for t in m.best("entity")} | set(parts.listed_entities)
        reach = self.facts.reach(parts.metrics) if parts.metrics else None
        said = stems(spec.said_after)
        found = [
            f"{entity}.{dimension.name}"
            for entity in sorted(entities)
            if entity in self.graph.entities and (reach is None or entity in reach)
            for dimension in self.graph.entities[entity].dimensions
            if dimension.type == "time" and _meets(said, self._date_stems(dimension.name, dimension.synonyms))
        ]
        if len(found) == 1 and found[0] not in self._measured_on(parts.metrics):
            spec.on = found[0]
            parts.notes.append(f"the time range applies to {found[0]}")

    def _date_stems(self, name: str, synonyms: tuple[str, ...]) -> set[str]:
        words = {w for text in (name, *synonyms) for w in tokens(text)} - DATE_WORDS
        return {s for w in words for s in stems(w)}

    def _measured_on(self, metrics: list[str]) -> set[str]:
        """The dates the metrics (and what they are computed from) are measured by."""
        found = set()
        for name in metrics:
            for part in [name, *self.graph.upstream_metrics(self.graph.metrics[name])]:
                ref = self.facts.simple_measure(part)
                dimension = self.graph.agg_time_dimension(ref) if ref is not None else None
                if dimension is not None:
                    found.add(f"{ref.entity}.{dimension.name}")
        return found
