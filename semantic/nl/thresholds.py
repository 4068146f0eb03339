"""Thresholds in a question ('more than 5 orders', '$200 or more', 'over 50,000 square feet', 'more than a day'):
what each applies to. A column of the rows filters them; otherwise the nearest metric, read in the threshold's
unit, is compared in HAVING; a threshold that fits nothing is asked back. A mixin of ``QuestionRules``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from semantic.nl.cues import LEADING_VERBS, number_text
from semantic.nl.lexicon import display_dimension
from semantic.nl.matching import Match
from semantic.nl.parts import Parts
from semantic.nl.reading import Reading
from semantic.nl.shapes import MONEY_THRESHOLD, duration_said, in_unit_of, said_as_percent
from semantic.nl.timespan import TimeSpec

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts

MONEY_WORDS = {"total", "amount", "price", "value", "cost", "revenue", "spend", "salary"}  # a money column's name


ROW_LINKS = {"of", "that", "which", "were", "was", "are", "is", "with", "who", "earn", "earns", "earned", "cost"}
WHICH_PERIODS = re.compile(r"\W*(?:which|what) (?:days?|weeks?|months?|quarters?|years?)\b")  # sums per period
BROKEN_DOWN = re.compile(r"\b(?:by|per)\b|\b(?:daily|weekly|monthly|quarterly|yearly|annually)\b")


class Thresholds:
    """Needs ``graph`` and ``facts``."""

    graph: "SemanticGraph"
    facts: "ModelFacts"

    def _apply_thresholds(
        self,
        reading: Reading,
        parts: Parts,
        words: list[str],
        matches: list[Match],
        comparisons: list[tuple[str, float, int]],
        spec: TimeSpec,
    ) -> Reading | None:
        """Place each threshold as a row filter or a HAVING on a metric; the clarification when one fits nothing."""
        money = bool(MONEY_THRESHOLD.search(reading.question.lower()))  # '$200 or more', 'over $1,500'
        for operator, number, position in comparisons:
            column = self._number_column_before(position, matches, parts)
            if column is None and money and not WHICH_PERIODS.match(reading.question.lower()):
                column = self._amount_of_rows_before(position, matches, words)  # 'orders over $500': each order's total
            if column is None:  # 'stores over 50,000 square feet', 'sessions with at least 10 page views'
                column = self._number_column_after(position, matches, adjacent=bool(parts.metrics))
            if column is not None:  # 'products with a list price above $300': a column of the rows, not a metric
                parts.filters.append(f"{column} {operator} {number_text(number)}")
                parts.group = [g for g in parts.group if g != column]
                rows = column.split(".")[0]
                shown = display_dimension(self.graph.entities[rows])
                broken_down = bool(BROKEN_DOWN.search(reading.question.lower())) and (
                    any(g != shown for g in parts.group) or spec.grain is not None
                )
                counter = self.facts.count_metric(rows, spec.has_range) if broken_down and not parts.metrics else None
                if counter is not None:  # 'orders over $200 by channel': how many of them in each channel
                    parts.metrics.append(counter)
                    parts.listed_entities = [e for e in parts.listed_entities if e != rows]
                    parts.group = [g for g in parts.group if g != shown]
                elif not parts.metrics and rows not in parts.listed_entities:
                    parts.listed_entities.append(rows)  # 'list stores over 50,000 square feet'
                continue
            near = self.facts.metric_near(position, matches, words, spec.has_range)
            counted = None if money else self._rows_counted_at(position, matches, spec.has_range)
            if counted is not None:  # 'more than 500 payments': a number of rows, though 'payments' names an amount
                near, said = counted
                parts.metrics = [m for m in parts.metrics if m not in said]
            target = near or (parts.metrics[-1] if parts.metrics else None)
            if money and (target is None or self.facts.counts(target)) and not (words and words[0] in LEADING_VERBS):
                # 'brands that sold more than $100k', 'refund reasons with more than $25,000 in total'
                entities = [*(d.split(".")[0] for d in parts.group if "." in d), *parts.listed_entities]
                target = self.facts.money_metric(words, entities, parts.domain) or target
            unit = duration_said(reading.question, number)  # 'more than 35 hours', 'over a day'
            if target is None and unit is not None:
                target = self.facts.metric_in_unit(unit, words)
            elif unit is not None and in_unit_of(target, number, unit) is None:  # 'resolution takes over 35 hours'
                timed = self.facts.metric_in_unit(unit, words)
                named = set(str(timed).split("_")) - {"avg", "average", "median", "mean", f"{unit}s", unit}
                if timed is not None and named & set(words):
                    parts.metrics = [timed if m == target else m for m in parts.metrics]
                    target = timed
            if target is None:
                reading.clarification = "I could not tell which metric the comparison applies to."
                return reading
            column = self._averaged_column_of_counted(target, parts)
            if column is not None:  # 'how many tickets got a satisfaction score of 2 or lower': each ticket's score
                parts.filters.append(f"{column} {operator} {number_text(number)}")
                parts.metrics = [m for m in parts.metrics if m != target]
                continue
            if money and self.facts.counts(target):
                reading.clarification = (  # 'orders above $1,500' is about an amount, never a number of orders
                    f"The threshold is an amount of money, but {target} counts rows. Which amount should it apply to?"
                )
                return reading
            if unit is not None:  # 'resolved in more than a day': a length of time, in the metric's own unit
                in_unit = in_unit_of(target, number, unit)
                if in_unit is None:
                    reading.clarification = (
                        f"The threshold is a length of time ({number_text(number)} {unit}s), but {target} is not "
                        "measured in time. Which metric should it apply to?"
                    )
                    return reading
                number = in_unit
            if self.facts.is_fraction(target) and said_as_percent(reading.question, number):
                number = number / 100  # 'gross margin above 48%': the metric is a fraction
            parts.having.append(f"{target} {operator} {number_text(number)}")
            if target not in parts.metrics:
                parts.metrics.append(target)
        return None

    def _threshold_of(self, having: str, swapped: dict[str, str], question: str) -> str:
        """A threshold on a metric swapped for its percentage ('over budget by more than 10%') applies to the
        percentage, as a fraction when the metric is one: budget_variance_pct > 0.1."""
        metric, operator, number = (having.split(" ", 2) + ["", ""])[:3]
        percent = swapped.get(metric, metric)
        if percent == metric:
            return having
        value = float(number)
        if self.facts.is_fraction(percent) and said_as_percent(question, value):
            value /= 100
        return f"{percent} {operator} {number_text(value)}"

    def _averaged_column_of_counted(self, target: str, parts: Parts) -> str | None:
        """The column an average metric averages, when the question counts the rows holding it: a threshold on each
        row's value, not on the average of a group."""
        counted = {
            e for m in parts.metrics if m != target and self.facts.counts_rows(m) for e in self.facts.home_entities([m])
        }
        ref = self.facts.simple_measure(target)
        if not counted or ref is None or ref.measure.agg != "avg" or ref.entity not in counted:
            return None
        return self.facts.column_of(ref)

    def _rows_counted_at(self, position: int, matches: list[Match], timed: bool) -> tuple[str, set[str]] | None:
        """The count of the entity named right after a plain number ('more than 500 payments'), and the metrics the
        same word was read as (payments_collected), which it then does not ask for."""
        for match in matches:
            if match.start == position and match.best("entity"):
                counter = self.facts.count_metric(match.best("entity")[0].name, timed)
                if counter is not None:
                    return counter, {t.name for t in match.best("metric")} - {counter}
        return None

    def _number_column_before(self, position: int, matches: list[Match], parts: Parts) -> str | None:
        """The number dimension said right before a threshold when no metric is named ('a list price above $300')."""
        before = [m for m in matches if m.end <= position and position - m.end <= 1]
        if not before or parts.metrics or before[-1].best("metric"):
            return None
        found = [t.name for t in before[-1].best("dimension") if self.graph.dimensions[t.name][1].type == "number"]
        return found[0] if len(found) == 1 else None

    def _number_column_after(self, position: int, matches: list[Match], adjacent: bool = False) -> str | None:
        """The number column named right after a threshold's number ('over 50,000 square feet'); ``adjacent``:
        only one said right after it ('conversion rate of sessions with at least 10 page views')."""
        after = [m for m in matches if m.end > position and m.start <= position + (0 if adjacent else 3)]
        if not after:
            return None
        found = [t.name for t in after[0].best("dimension") if self.graph.dimensions[t.name][1].type == "number"]
        return found[0] if len(found) == 1 else None

    def _amount_of_rows_before(self, position: int, matches: list[Match], words: list[str]) -> str | None:
        """The one money column of the rows named right before a money threshold: 'orders over $500' are the
        orders whose total is over $500, not groups whose sum is."""
        before = [  # 'orders over $500', 'number of orders over $500', 'refunds that were larger than $300'
            m
            for m in matches
            if m.end <= position and m.end >= position - 3 and set(words[m.end : position]) <= ROW_LINKS
        ]
        if not before:
            return None
        entities = {t.name for t in before[-1].targets if t.kind == "entity"} | {
            e
            for t in before[-1].best("metric")
            if self.facts.counts(t.name)
            for e in self.facts.home_entities([t.name])
        }  # 'number of orders over $500': the counted orders
        found = [
            f"{entity}.{dimension.name}"
            for entity in entities
            for dimension in self.graph.entities[entity].dimensions
            if dimension.type == "number"
            and dimension.pii.value == "none"
            and MONEY_WORDS & set(dimension.name.split("_"))
        ]
        return found[0] if len(found) == 1 else None
