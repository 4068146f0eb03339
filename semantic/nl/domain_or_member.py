"""A one-word domain name that is also a member of a column ('Marketing', 'People'): which of the two a question
means, by the words around it and the metrics it asks for. A mixin of ``Interpreter``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from semantic.nl.lexicon import Target
from semantic.nl.matching import Match

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts


class DomainOrMember:
    """Needs ``graph``, ``facts`` and ``_reached_by_others`` (from ``Neighbours``)."""

    graph: "SemanticGraph"
    facts: "ModelFacts"

    def _names_the_domain(
        self,
        values: list[Target],
        match: Match,
        matches: list[Match],
        following: Optional[Match],
        cue: str,
        words: list[str],
        reach: Optional[set[str]],
        metrics: list[str],
    ) -> bool:
        """A one-word domain name that is also a member ('People', 'Marketing') names the domain, unless the
        words around it or the metrics asked make it the member."""
        if not match.best("domain") or len(match.words) != 1:  # 'Customer Support' names the department too
            return False
        in_domain = (
            cue not in ("in", "for", "from", "at", "within")
            or (  # 'the People department': a member
                words[match.end : match.end + 1] == [","]  # 'In marketing, how many sessions converted': the domain,
                and not any(t.name.split(".")[0] in self._reached_by_others(match, matches, reach) for t in values)
            )
        )  # as sessions have no department
        return (
            in_domain
            and not self.facts.names_value_dimension(values, words, match)
            and not self.facts.member_of_next_rows(values, match, following)
            and not self._member_for_other_domain(values, match, metrics, reach)
        )

    def _member_for_other_domain(
        self, values: list[Target], match: Match, metrics: list[str], reach: Optional[set[str]]
    ) -> bool:
        """'Months where Marketing overspent its budget': a domain's name said with metrics of other domains only,
        which reach the member's rows, names the member (the Marketing department)."""
        domain = match.best("domain")[0].name
        return (
            bool(metrics)
            and reach is not None
            and all(self.graph.metric_domain(self.graph.metrics[m]) != domain for m in metrics)
            and any(t.name.split(".")[0] in reach for t in values)
        )
