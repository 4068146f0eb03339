"""The last step of reading a question: fold its filters, keep rows that must have a qualifying entity, set
members side by side when the question contrasts them, check that every breakdown is reachable (or read a member
or a metric another way that is), and build the structured query. A mixin of ``Interpreter``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from semantic.nl.cues import sql_literal
from semantic.nl.lexicon import Lexicon, display_dimension
from semantic.nl.parts import Parts
from semantic.nl.reading import Option, Reading
from semantic.nl.reading_text import describe_query
from semantic.nl.structured import build_query, merge_same_dimension
from semantic.nl.timespan import TimeSpec

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts

# members joined by these are set side by side (one row each), not summed together: 'online vs store revenue'
CONTRAST_WORDS = {
    "vs",
    "versus",
    "against",
    "each",
    "compared",
    "compare",
    "comparing",
    "v",
    "between",
    "split",
    "breakdown",
    "broken",
}


class Completion:
    """Needs ``graph``, ``facts`` and ``_reachable_reading`` (from ``OtherReadings``)."""

    graph: "SemanticGraph"
    facts: "ModelFacts"
    lexicon: Lexicon

    def _complete(
        self, reading: Reading, parts: Parts, words: list[str], spec: TimeSpec, rank: Optional[tuple[bool, int]]
    ) -> Reading:
        """Fold filters, check reachability (or substitute a line-level metric), and build the query."""
        metrics, group, having = parts.metrics, parts.group, parts.having
        metrics, filters = self.facts.absorb_filters(metrics, parts.filters)
        filters = merge_same_dimension(filters)
        qualified = set(parts.qualifying)  # 'store staff by region': the stores' region, so staff of a store
        for entity in dict.fromkeys(parts.qualifying):
            reached = self.graph.paths.reachable_to_one(entity) | {entity}
            qualified |= reached
            shown = display_dimension(self.graph.entities[entity])
            if metrics and shown and not any(g.split(".")[0] in reached for g in group):
                filters.append(f"{shown} IS NOT NULL")  # 'how many store employees': those with a store
        for dimension in group:  # 'store staff by store type': staff without a store are not store staff
            asked = dimension in parts.asked and (metrics or having)  # 'which channels brought in ...': a channel
            kept = dimension.split(".")[0] in qualified and (metrics or having)  # a listing keeps every row
            if (kept or asked) and f"{dimension} IS NOT NULL" not in filters:
                filters.append(f"{dimension} IS NOT NULL")
        if CONTRAST_WORDS & set(words) or "come from" in " ".join(words):  # 'where does our revenue come from'
            for text in filters:
                column, _, rest = text.partition(" IN (")
                if rest and column not in group:
                    group.append(column)
        for text in [f for f in filters if self._every_member(f)]:  # 'consumer, premium and business customers':
            filters.remove(text)  # every segment named is a breakdown by segment, not a filter
            if text.split(" IN (")[0] not in group:
                group.append(text.split(" IN (")[0])
        contradicted = self._contradicted(metrics, filters)
        if contradicted is not None:  # 'former employees' counted by headcount, which counts current ones
            reading.clarification = contradicted
            return reading
        filtered = [f.split(" ")[0] for f in filters]
        unreachable = self.facts.unreachable(metrics, group + filtered)
        if unreachable:  # 'refunds for damaged items': the refund reason, not the ticket category
            swapped = self._reachable_reading(metrics, group, filters, parts.alternatives)
            if swapped is not None:
                filters, unreachable = swapped, None
                parts.confidence *= 0.9
                parts.notes.append("read a member as the one the metric can be split by")
        if unreachable:  # 'revenue by brand': product_revenue, the line-level counterpart, for each that needs one
            substitutes = {
                m: self.facts.reaching_alternative(m, group + filtered)
                for m in metrics
                if self.facts.unreachable([m], group + filtered)
            }
            if substitutes and all(substitutes.values()):
                for metric, substitute in substitutes.items():
                    parts.notes.append(
                        f"{metric} cannot be split that way; used {substitute}, its line-level counterpart"
                    )
                    having = [h.replace(metric, str(substitute)) for h in having]
                metrics = list(dict.fromkeys(str(substitutes.get(m, m)) for m in metrics))
                parts.confidence *= 0.8
                unreachable = None
        if unreachable and "volume" in words:  # 'ticket categories by volume': volume of tickets is their number
            counted = self._counted_volume(metrics, group + filtered)
            if counted is not None:
                having = [h.replace(metrics[0], counted[0]) for h in having]
                metrics, unreachable = counted, None
                parts.notes.append(f"read volume as {counted[0]}")
                parts.confidence *= 0.9
        if unreachable:
            reading.clarification = unreachable
            reading.options = [Option({"metrics": metrics}, "the metric(s) without that breakdown", 0.5)]
            return reading
        query = build_query(
            self.graph,
            self.facts,
            metrics,
            group,
            filters,
            having,
            spec,
            rank,
            parts.listed_entities,
            "when" in words,
            parts.ranked_column,
        )
        if isinstance(query, Reading):
            query.question = reading.question
            return query
        reading.query = query
        reading.confidence = round(parts.confidence, 3)
        reading.domain = parts.domain or self.facts.domain_of(metrics, group)
        reading.notes = parts.notes
        reading.description = describe_query(query, spec)
        return reading

    def _counted_volume(self, metrics: list[str], dimensions: list[str]) -> Optional[list[str]]:
        """The row count of the one entity a breakdown is about, for a single metric said as 'volume' that cannot
        reach it: [ticket_count] for units_sold by support_tickets.category."""
        entities = {d.split(".")[0] for d in dimensions if d.split(".")[0] in self.graph.entities}
        if len(metrics) != 1 or len(entities) != 1 or "volume" not in self.graph.metrics[metrics[0]].synonyms:
            return None
        counter = self.facts.count_metric(entities.pop())
        return [counter] if counter is not None and not self.facts.unreachable([counter], dimensions) else None

    def _every_member(self, text: str) -> bool:
        """``d IN (...)`` naming all of at least three known members of d: a breakdown by d said member by member."""
        column, _, rest = text.partition(" IN (")
        known = self.lexicon.members.get(column, set())
        return bool(rest) and len(known) >= 3 and {sql_literal(v) for v in known} == set(rest[:-1].split(", "))

    def _contradicted(self, metrics: list[str], filters: list[str]) -> Optional[str]:
        """A filter that a metric's own filter rules out ('employees.is_active = FALSE' on headcount, which counts
        'employees.is_active = TRUE'): the answer would be empty, so it is asked back."""
        for metric in metrics:
            own = (self.graph.metrics[metric].filter or "").replace(" ", "").lower()
            for text in filters:
                column, _, value = text.partition(" = ")
                if value.upper() not in ("TRUE", "FALSE"):
                    continue
                opposite = "FALSE" if value.upper() == "TRUE" else "TRUE"
                if f"{column}={opposite}".replace(" ", "").lower() in own:
                    return (
                        f"{metric} only counts rows where {column} is {opposite.lower()}, but you asked for rows "
                        f"where it is {value.lower()}. Which metric do you mean?"
                    )
        return None
