"""What the matches around a match say about it: the members said before a metric word, what counted rows did,
the rows a distinct count counts through, whether a noun is the subject or only names the measured rows.

The interpreter inherits this; it reads ``graph`` and ``facts`` only.
"""

from __future__ import annotations

from typing import Optional

from semantic.graph.graph import SemanticGraph
from semantic.nl.choices import ModelFacts
from semantic.nl.cues import is_counted
from semantic.nl.lexicon import Target, display_dimension
from semantic.nl.matching import Match
from semantic.nl.metric_kinds import question_acts
from semantic.nl.shapes import counted_from
from semantic.nl.text import singular

ACT_WINDOW = 6  # words after a counted noun that may say what its rows did: 'customers who reached out to support'


class Neighbours:
    """Needs ``graph`` and ``facts``."""

    graph: SemanticGraph
    facts: ModelFacts

    def _member_domains_before(self, match: Match, matches: list[Match], words: list[str]) -> set[Optional[str]]:
        """Domains of the members said right before a metric word, joined by 'and'/'or'/'vs' ('rent vs utilities
        costs'): they say whose metric it is."""
        found: set[Optional[str]] = set()
        end = match.start
        for previous in reversed([m for m in matches if m.end <= match.start]):
            if previous.end != end or not previous.best("value"):
                break
            found |= {self.graph.entities[t.name.split(".")[0]].domain for t in previous.best("value")}
            end = previous.start
            while end > 0 and words[end - 1] in ("and", "or", "vs", "versus", "plus", ","):
                end -= 1
        return found

    def _member_domains(self, matches: list[Match]) -> set[Optional[str]]:
        """Domains of every member the question names."""
        return {
            self.graph.entities[t.name.split(".")[0]].domain for m in matches for t in m.best("value") if "." in t.name
        }

    def _qualified_noun(self, match: Match, matches: list[Match], index: int, entity: str) -> bool:
        """An entity's noun right after a member of its own or a reached dimension is that entity qualified, even
        when the noun is also a member elsewhere ('West stores' are stores in the West)."""
        previous = matches[index - 1] if index > 0 else None
        if previous is None or previous.end != match.start or not previous.best("value"):
            return False
        around = self.graph.paths.reachable_to_one(entity) | {entity}
        return any(t.name.split(".")[0] in around for t in previous.best("value"))

    def _ranked_by(self, match: Match, matches: list[Match]) -> bool:
        """'Top 3 departments by budget': after a ranking and an entity already named, 'by X' names what they are
        ranked by, when X names a metric."""
        return any(m.end <= match.start and m.best("entity") and not m.best("metric") for m in matches)

    def _unused_matches(self, query: dict, matches: list[Match]) -> list[Match]:
        """Matches naming rows (entities, columns, members) that nothing in the query is about: neither an entity
        the query uses, nor one linked one-to-one to such an entity either way."""
        metrics = [str(m) for m in query.get("metrics") or []]
        used = set(self.facts.home_entities(metrics)) if metrics else set()
        for text in [*(query.get("dimensions") or []), *(query.get("filters") or [])]:
            head = str(text).split(" ")[0].split("__")[0].lstrip("(")
            if "." in head and head.split(".")[0] in self.graph.entities:
                used.add(head.split(".")[0])
        if not used:
            return []
        related = set(used)
        for entity in used:
            related |= self.graph.paths.reachable_to_one(entity)
        said = " ".join(str(f) for f in query.get("filters") or []).lower()
        dropped = []
        for match in matches:
            if match.best("metric") or match.best("domain"):  # 'Marketing: ...' names the domain asked about
                continue
            if not any(t.kind in ("entity", "dimension", "value") for t in match.targets):
                continue
            if any(w in said for w in match.words if len(w) > 3):  # 'damaged items' read as the reason 'damaged'
                continue
            entities = {t.name.split(".")[0] for t in match.targets if t.kind in ("entity", "dimension", "value")}
            if entities & related or any(  # rows that reach what the query uses ('orders' of revenue's rows)
                self.graph.paths.reachable_to_one(e) & used for e in entities if e in self.graph.entities
            ):
                continue
            dropped.append(match)
        return dropped

    def _acts_after(self, match: Match, matches: list[Match], words: list[str]) -> frozenset[str]:
        """What the counted rows did, said by words shortly after the noun that name nothing in the model ('left'
        in 'employees who left'; 'leavers' in 'hires and leavers' is a metric of its own)."""
        named = {i for m in matches for i in range(m.start, m.end)}
        end = min(match.end + ACT_WINDOW, len(words))
        return question_acts([words[i] for i in range(match.end, end) if i not in named])

    def _source_matches(self, counter: str, matches: list[Match], index: int) -> set[int]:
        """The match shortly after ``index`` that only names what a distinct count counts through ('orders' in
        'customers who placed orders'; a later 'how many orders' is asked for itself)."""
        if not self.facts.counts_through(counter):
            return set()
        source = self.graph.measure(self.graph.metrics[counter].measure).entity
        for later in range(index + 1, len(matches)):
            if matches[later].start - matches[index].end > 4:
                break
            if any(t.kind == "entity" and t.name == source for t in matches[later].targets):
                return set() if matches[later].best("value") else {later}
        return set()

    def _reaching_the_rest(self, metrics: list[str], match: Match, matches: list[Match]) -> list[str]:
        """Of rival metrics for one word, those that reach everything else the question names (entities, columns,
        members): 'which departments went over their budget' is the departments' budget, not the campaigns'."""
        named = [
            {t.name.split(".")[0] for t in other.targets if t.kind in ("entity", "dimension", "value")}
            & set(self.graph.entities)
            for other in matches
            if other is not match and not other.best("metric")
        ]
        if not any(named):
            return []
        return [
            name
            for name in metrics
            if all(not entities or entities & (self.facts.reach([name]) or set()) for entities in named)
        ]

    def _reached_by_others(self, match: Match, matches: list[Match], reach: Optional[set[str]]) -> set[str]:
        """What the metrics reach, or else what the rows the other matches name reach."""
        if reach is not None:
            return reach
        rows = {
            t.name.split(".")[0]
            for other in matches
            if other is not match
            for t in other.targets
            if t.kind in ("entity", "dimension", "value") and t.name.split(".")[0] in self.graph.entities
        }
        return set().union(*(self.graph.paths.reachable_to_one(e) | {e} for e in rows)) if rows else set()

    def _named_beside(self, match: Match, metrics: list[str], words: list[str]) -> list[str]:
        """Of rival metrics for one word, the one whose name also has the word said right before it: 'operating
        costs' are operating_expenses, not the cost of goods sold."""
        before = words[match.start - 1] if match.start > 0 else ""
        return [m for m in metrics if before and before in m.split("_")]

    def _names_other_rows(self, match: Match, matches: list[Match]) -> bool:
        """Whether the question names rows (entities, columns, members) besides this match's."""
        return any(
            other is not match and any(t.kind in ("entity", "dimension", "value") for t in other.targets)
            for other in matches
        )

    def _in_domains(self, metrics: list[str], domains: set[Optional[str]]) -> list[str]:
        return [name for name in metrics if self.graph.metric_domain(self.graph.metrics[name]) in domains]

    def _is_subject(self, match: Match, matches: list[Match], words: list[str], named_metrics: list[str]) -> bool:
        """A noun next to a member of its own entity ('shipped orders', 'how many billing tickets') is what is
        counted, unless another metric is named ('revenue from shipped orders')."""
        if not (match.best("entity") or match.best("metric")):
            return False  # 'how many high priority tickets': 'priority' only says which column 'high' is in
        if is_counted(words, counted_from(match, matches)):
            return True
        own = [t.name for t in match.best("metric")]
        return len(own) == 1 and all(name == own[0] for name in named_metrics)

    def _kind_of_rows_said(self, match: Match, metric: str) -> list[str]:
        """Words of a count's phrase beyond its rows' noun, when the phrase names no entity: 'new' in 'revenue
        from new customers' says which customers, and dropping the count drops it."""
        if match.best("entity") or not self.facts.counts_rows(metric):
            return []
        nouns = {singular(e.split("_")[-1]) for e in self.facts.home_entities([metric])}
        qualifiers = {singular(w) for w in metric.split("_")[:-1]} - nouns  # 'new' of new_customers, not 'traffic'
        return [w for w in match.words if singular(w) in qualifiers]

    def _counts_same_rows(self, name: str, named_metrics: list[str]) -> bool:
        """A filtered count over the very rows another named metric measures: 'completed orders' beside revenue
        (both completed or shipped orders), so 'revenue of the fulfilled orders' names revenue's rows."""
        own = self.graph.metrics[name]
        if not self.facts.counts(name) or own.type != "simple" or not own.filter:
            return False
        return any(
            other != name
            and self.graph.metrics[other].filter == own.filter
            and self.facts.home_entities([other]) == self.facts.home_entities([name])
            for other in named_metrics
        )

    def _names_measured_rows(
        self,
        match: Match,
        metric_targets: list[Target],
        cue: str,
        matches: list[Match],
        named_metrics: list[str],
        words: list[str],
    ) -> bool:
        """A row-count metric's word ('sessions', 'tickets') qualifying another metric of the same rows, or of rows
        linked to them one-to-one ('collections on Acme Boston orders': payments of those orders)."""
        if len(metric_targets) != 1 or len(set(named_metrics)) <= 1:
            return False
        if is_counted(words, match.start):
            return False  # 'revenue and the number of completed orders': the count is asked for itself
        name = metric_targets[0].name
        if not self.facts.counts_rows(name):  # a filtered count of the same rows needs 'of (the)' before it
            return _preposition_before(match, words) in ("of", "from", "for") and self._counts_same_rows(
                name, named_metrics
            )
        following = [m for m in matches if m.start > match.end and m.best("metric")]
        if following and following[0].start - match.end <= 2 and "," in words[match.end : following[0].start]:
            return False  # 'on ticket count, average time to resolve and CSAT': one of a list of metrics
        qualifies = (
            cue in ("of", "for", "from", "on", "with", "to", "a", "an")
            or _preposition_before(match, words) in ("of", "for", "from", "on")
            or any(m.end == match.start and (m.best("value") or m.best("entity")) for m in matches)
        )
        counted = self.facts.home_entities([name])
        qualifies = qualifies or any(  # 'ticket backlog': the noun before another metric of the same rows
            m.start == match.end and any(self.facts.home_entities([t.name]) == counted for t in m.best("metric"))
            for m in matches
        )
        return qualifies and any(
            self.facts.home_entities([other]) == counted or counted <= (self.facts.reach([other]) or set())
            for other in named_metrics
            if other != name and not self.facts.counts_rows(other)
        )

    def _names_rows_of_member(self, dimension: str, match: Match, matches: list[Match], index: int) -> bool:
        """The column that names an entity's rows ('item' for products.product_name), said right after a member of
        that entity ('Lumen items'), names the rows, as 'Lumen products' does."""
        entity = dimension.split(".")[0]
        previous = matches[index - 1] if index > 0 else None
        return (
            display_dimension(self.graph.entities[entity]) == dimension
            and previous is not None
            and previous.end == match.start
            and any(t.name.split(".")[0] == entity for t in previous.best("value"))
        )


ARTICLES = {"the", "our", "these", "those", "their", "its", "all", "any"}


def _preposition_before(match: Match, words: list[str]) -> str:
    """The word before a noun once articles and possessives are skipped: 'of' in 'revenue of the orders'."""
    at = match.start - 1
    while at >= 0 and words[at] in ARTICLES:
        at -= 1
    return words[at] if at >= 0 else ""
