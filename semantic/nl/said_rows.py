"""Rows said in ways the rules read before counting and thresholds: a yes/no column said both ways (a breakdown
by it), the rows after 'most' (counted and ranked), the rows of a member said after 'how many', a metric per unit of
a summed number column, the rows named before 'by' another rows' column (counted), 'how many?' said last, a count
of rows dated by their start over a period, a row that does not exist, and a comparison a metric does not make
(asked back).
A mixin of ``QuestionRules``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from semantic.nl.complete import CONTRAST_WORDS
from semantic.nl.lexicon import display_dimension
from semantic.nl.matching import Match
from semantic.nl.parts import Parts
from semantic.nl.reading import Reading
from semantic.nl.shapes import JOIN_VERBS
from semantic.nl.text import phrase_tokens, singular, tokens
from semantic.nl.timespan import TimeSpec

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts

HOW_MANY_LAST = re.compile(r"\bhow many\W*$")
VS_NOT = re.compile(r"\b(?:vs\.?|versus|or) not\b")
MOST_OF = re.compile(r"\b(?:most|fewest|least|highest number of|largest number of) ([a-z]+)\b")


class SaidRows:
    """Needs ``graph``, ``facts`` and ``_ask_between`` (from ``Clarifying``)."""

    graph: "SemanticGraph"
    facts: "ModelFacts"

    def _per_amount(self, reading: Reading, parts: Parts, words: list[str], matches: list[Match]) -> Optional[Reading]:
        """'Sales per square foot': a metric per unit of a number column some measure sums is a ratio no metric
        measures, asked back rather than broken down by the column's values. None otherwise."""
        per = [
            t.name
            for m in matches
            if m.start > 0 and words[m.start - 1] == "per"
            for t in m.best("dimension")
            if t.name in parts.group and self._summed_column(t.name)
        ]
        if not per or not parts.metrics:
            return None
        reading.clarification = (
            f"You asked for {', '.join(parts.metrics)} per {per[0]}: a ratio to a number, which no metric "
            "measures. Which metric do you mean?"
        )
        return reading

    def _contrasted_booleans(self, parts: Parts, words: list[str], matches: list[Match], question: str) -> int:
        """A yes/no column said both ways ('campaign-attributed versus unattributed orders', 'attributed to a
        campaign vs not') is a breakdown by it, not a filter. Returns how many 'not X' / 'non-X' were read as X's
        false side, so that they are not asked about as negations."""
        negated = [m for m in matches if any(t.source == "negation" for t in m.targets)]
        said = {t.name for m in matches for t in m.targets if t.kind == "dimension"}
        said_not = {t.name for m in negated for t in m.targets}
        for name in said & said_not if CONTRAST_WORDS & set(words) else set():
            parts.filters = [f for f in parts.filters if not f.startswith(f"{name} = ")]
            parts.group += [name] if name not in parts.group else []
        either = VS_NOT.search(question)
        booleans = [n for n in said if self.graph.dimensions[n][1].type == "boolean"]
        if either and len(booleans) == 1 and not negated:  # 'attributed to a campaign vs not'
            parts.filters = [f for f in parts.filters if not f.startswith(f"{booleans[0]} = ")]
            parts.group += [booleans[0]] if booleans[0] not in parts.group else []
            return 1
        return sum(1 for m in negated if words[m.start] in ("not", "non"))

    def _rank_by_count(self, reading: Reading, parts: Parts, spec: TimeSpec) -> None:
        """The rows said right after 'most' or 'fewest' are counted, and the count is what is ranked, before any
        other metric asked for: 'which store had the most orders? Show its revenue too'."""
        said = MOST_OF.search(reading.question.lower())
        if said is None:
            return
        noun = singular(said.group(1))
        for entity in parts.listed_entities:
            names = {singular(w) for w in [*phrase_tokens(entity), *self.graph.entities[entity].synonyms]}
            counter = self.facts.count_metric(entity, spec.has_range) if noun in names else None
            if counter is None:
                continue
            shown = {display_dimension(self.graph.entities[entity]), *self.graph.entities[entity].key_columns}
            parts.group = [g for g in parts.group if g not in shown and g.split(".")[-1] not in shown]
            parts.listed_entities.remove(entity)
            parts.metrics = [counter, *(m for m in parts.metrics if m != counter)]
            return

    def _summed_column(self, dimension: str) -> bool:
        """A number column some measure of its entity sums (an amount, like square feet; not a fiscal year)."""
        entity, column = self.graph.dimensions[dimension]
        said = (column.expr or column.name).lower()
        return column.type == "number" and any(
            m.agg == "sum" and (m.expr or m.name).lower() == said for m in entity.measures
        )

    def _unknown_member(self, reading: Reading, matches: list[Match]) -> Optional[Reading]:
        """'Payroll for the Sales department': a domain's name said as the name of one of an entity's rows that has
        no such row is asked back, not read as the domain's metric."""
        for before, after in zip(matches, matches[1:]):
            entities = [t.name for t in after.best("entity")]
            if after.start != before.end or not entities or not before.best("domain"):
                continue
            if any(t.kind == "value" and t.name.split(".")[0] == entities[0] for t in before.targets):
                continue
            if self.graph.entities[entities[0]].domain in {t.name for t in before.best("domain")}:
                continue  # 'marketing campaigns', 'sales orders': the domain the rows belong to
            shown = display_dimension(self.graph.entities[entities[0]])
            if shown is None:
                continue
            reading.clarification = (
                f"I know no {shown.split('.')[1].replace('_', ' ')} called {' '.join(before.words)!r}. "
                "Which one do you mean?"
            )
            return reading
        return None

    def _member_counted(self, parts: Parts, words: list[str], matches: list[Match], timed: bool) -> None:
        """'How many cashiers do we have in each store': the rows of the member said right after 'how many' are
        counted (employees who are cashiers), and the entity said later is the breakdown, not what is counted."""
        cue = next(
            (i for i, w in enumerate(words) if w == "many" or (w == "number" and words[i + 1 : i + 2] == ["of"])), None
        )
        if cue is None or parts.metrics:
            return
        first = next((m for m in matches if m.start > cue), None)
        if first is None or first.start > cue + 2 or first.best("entity") or not first.best("value"):
            return
        owners = {t.name.split(".")[0] for t in first.best("value")}
        if len(owners) != 1 or owners & set(parts.listed_entities):
            return
        counter = self.facts.count_metric(owners.pop(), timed)
        if counter is not None and (parts.listed_entities or parts.group):  # 'store managers in each region'
            parts.metrics.append(counter)

    def _count_over_period(self, reading: Reading, parts: Parts, words: list[str], spec: TimeSpec) -> Optional[Reading]:
        """'Number of customers last month': the count of an entity's rows dated by when each row began
        (customer_count, by signup date) over a period is the same number as the count of new ones, not the
        customers there were then, nor those active then: asked back between them. None otherwise."""
        if not spec.has_range or JOIN_VERBS & set(words):
            return None
        for name in parts.metrics:
            if not self.facts.counts_rows(name):
                continue
            entity = self.graph.measure(self.graph.metrics[name].measure).entity
            if self.facts.count_metric(entity) != name or self.facts.count_metric(entity, timed=True) is not None:
                continue  # not the entity's plain count, or a time range leaves one reading ('orders in May')
            options = [*self.facts.count_metrics(entity), *self.facts.acting_counts(entity)]
            asked = self._ask_between(reading, options, name)
            asked.clarification = (
                f"{name} over a period counts only the {entity} whose own date (their start) falls in it. "
                f"Do you mean {' or '.join(options)}?"
            )
            return asked
        return None

    def _counted_after(self, parts: Parts, words: list[str], question: str) -> None:
        """'Gift card payments, 2024 vs 2023: how many?': 'how many' said last counts the rows named before it,
        though their noun also names an amount (payments_collected)."""
        if not HOW_MANY_LAST.search(question.lower()):
            return
        for at, name in enumerate(parts.metrics):
            ref = self.facts.simple_measure(name)
            if ref is None or self.facts.counts(name):
                continue
            nouns = {w for text in (ref.entity, *self.graph.entities[ref.entity].synonyms) for w in tokens(text)}
            counter = self.facts.count_metric(ref.entity)
            if counter is not None and nouns & {singular(w) for w in words}:
                parts.metrics[at] = counter

    def _rows_broken_down(self, parts: Parts, words: list[str], matches: list[Match], timed: bool) -> str | None:
        """The count of the rows named right before 'by' ('store staff by store format': the employees), when they
        are not the rows the breakdown names; None otherwise."""
        by = words.index("by") if "by" in words else -1
        before = [m for m in matches if m.end == by and m.best("entity")]
        if not before:
            return None
        rows = before[0].best("entity")[0].name
        if any(g.split(".")[0] == rows for g in parts.group):
            return None  # 'stores by format' lists the stores with their format
        return self.facts.count_metric(rows, timed)

    def _other_period_asked(self, reading: Reading, parts: Parts, spec: TimeSpec) -> Optional[Reading]:
        """'Month over month revenue growth': a metric that compares with another period ('revenue growth' is year
        over year) asked for a different comparison is asked back, not answered with its own."""
        if spec.compare is None:
            return None
        wanted = f"{spec.compare[0]} {spec.compare[1].value}"
        for name in parts.metrics:
            offsets = {(i.offset or "").rstrip("s") for i in self.graph.metrics[name].inputs if i.offset}
            if offsets and wanted not in offsets:
                reading.clarification = (
                    f"{name} compares with {' and '.join(sorted(offsets))} before, not {wanted}; no metric compares "
                    f"with {wanted} before. Which comparison do you mean?"
                )
                return reading
        return None
