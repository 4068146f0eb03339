"""Readings the question reader tries besides the first one: a ratio for 'X per Y', another member for words that
made the metric unreachable, a yes/no column used as an adjective ('attributed orders', 'current employees').
A mixin of ``Interpreter`` (it uses its graph, lexicon and model facts)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from semantic.nl.lexicon import Target
from semantic.nl.matching import Match
from semantic.nl.text import singular

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts
    from semantic.nl.lexicon import Lexicon


class OtherReadings:
    graph: "SemanticGraph"
    facts: "ModelFacts"
    lexicon: "Lexicon"

    def _per_ratios(self, matches: list[Match], words: list[str]) -> dict[int, str]:
        """'X per Y' where the model has a ratio of X over Y (or over a count of Y's rows): both matches become that
        ratio (the first index maps to its name, the second to '')."""
        found: dict[int, str] = {}
        for index in range(len(matches) - 1):
            first, second = matches[index], matches[index + 1]
            if words[first.end : second.start] not in (["per"], ["per", "a"], ["per", "each"]):
                continue
            numerators = {t.name for t in first.best("metric")}
            denominators = {t.name for t in second.targets if t.kind == "metric"}
            denominators |= {c for t in second.targets if t.kind == "entity" for c in self.facts.count_metrics(t.name)}
            ratios = {
                m.name
                for m in self.graph.metrics.values()
                if m.type == "ratio" and m.numerator in numerators and m.denominator in denominators
            }
            heads = {n.split("_")[-1] for n in numerators}
            ratios = ratios or {  # 'revenue per ad spend': the ratio of a kind of revenue over ad spend (ROAS)
                m.name
                for m in self.graph.metrics.values()
                if m.type == "ratio" and str(m.numerator).split("_")[-1] in heads and m.denominator in denominators
            }
            if len(ratios) == 1:
                found[index], found[index + 1] = ratios.pop(), ""
        return found

    def _other_members(self, match: Match, chosen: Target) -> list[Target]:
        """Other members the words of a match may name: its other value targets, and for a member ending in an
        entity's noun ('damaged item') the members its first word names alone ('damaged')."""
        others = [t for t in match.targets if t.kind == "value" and (t.name, t.value) != (chosen.name, chosen.value)]
        nouns = {singular(e.split("_")[-1]) for e in self.graph.entities}  # 'item' of order_items
        if len(match.words) > 1 and all(singular(w) in nouns for w in match.words[1:]):  # not 'store manager'
            others += [t for t in self.lexicon.phrases.get(match.words[:1], []) if t.kind == "value"]
        return others

    def _reachable_reading(
        self, metrics: list[str], group: list[str], filters: list[str], alternatives: dict[str, list[str]]
    ) -> Optional[list[str]]:
        """The one way of replacing a single filter by another reading of its words that makes the query
        reachable; None when there is none or more than one."""
        found = []
        for index, text in enumerate(filters):
            for other in alternatives.get(text, []):
                candidate = [*filters[:index], other, *filters[index + 1 :]]
                if not self.facts.unreachable(metrics, group + [f.split(" ")[0] for f in candidate]):
                    found.append(candidate)
        return found[0] if len(found) == 1 else None

    def _names_kind_of(self, dimension: str, match: Match, words: list[str]) -> bool:
        """A yes/no dimension named by a phrase holding its entity's noun ('current employees')."""
        entity, found = self.graph.dimensions[dimension]
        noun = singular(entity.name.split("_")[-1])
        own = {noun, *(singular(w.lower()) for s in entity.synonyms for w in s.split())}
        return found.type == "boolean" and bool(own & set(match.words)) and not {"vs", "versus", "not"} & set(words)

    def _describes_previous(self, dimension: str, match: Match, matches: list[Match], index: int) -> bool:
        """A yes/no dimension said right after its own entity's noun, as a participle: 'orders attributed to
        social campaigns' are the attributed orders."""
        entity, found = self.graph.dimensions[dimension]
        previous = matches[index - 1] if index > 0 else None
        return (
            found.type == "boolean"
            and previous is not None
            and previous.end == match.start
            and any(t.kind == "entity" and t.name == entity.name for t in previous.targets)
        )

    def _describes_measured(self, dimension: str, match: Match, named_metrics: list[str], words: list[str]) -> bool:
        """A yes/no dimension said as an adjective of the rows a named metric measures, not as a breakdown:
        'converted paid search sessions', 'product revenue from discounted order lines'."""
        entity, found = self.graph.dimensions[dimension]
        before = words[match.start - 1] if match.start > 0 else ""
        return (
            found.type == "boolean"
            and before not in ("by", "per", "and", ",", "each", "every")
            and any(entity.name in self.facts.home_entities([m]) for m in named_metrics)
            and not {"vs", "versus", "not", "or", "split", "breakdown", "broken"} & set(words)
        )

    def _describes_next(self, dimension: str, match: Match, matches: list[Match], index: int, words: list[str]) -> bool:
        """A yes/no dimension used as an adjective of its own entity's noun ('attributed orders'), not contrasted
        with its opposite ('attributed vs not')."""
        entity, found = self.graph.dimensions[dimension]
        following = matches[index + 1] if index + 1 < len(matches) else None
        return (
            found.type == "boolean"
            and following is not None
            and following.start == match.end
            and any(
                (t.kind == "entity" and t.name == entity.name)
                or (t.kind == "metric" and entity.name in self.facts.home_entities([t.name]))
                for t in following.targets
            )
            and not {"vs", "versus", "not", "or"} & set(words)
        )
