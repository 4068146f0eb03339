"""Rules over periods a question sets against each other: a fiscal year the measured rows carry themselves, and
period-over-period comparisons (the earlier period's value and the change beside the period, or a row per period
when no metric compares). A mixin of ``QuestionRules``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from semantic.model.types import Grain
from semantic.nl.parts import Parts
from semantic.nl.text import tokens
from semantic.nl.timespan import TimeSpec, add_earlier_period, shift, spans, whole_grain

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph
    from semantic.nl.choices import ModelFacts
    from semantic.nl.verified import VerifiedQuestions

COMPARE_WORDS = {"compare", "compared", "comparing", "comparison", "versus", "vs", "against"}
SAME_SPAN = re.compile(r"\bsame (?:period|time|days|weeks|months|point|span|stretch)\b")
GROWTH_WORDS = {"growth", "grow", "grew", "growing", "change", "changed", "changing"}


class PeriodRules:
    """Needs ``graph``, ``facts``, ``verified`` and ``today``."""

    graph: "SemanticGraph"
    facts: "ModelFacts"
    verified: "VerifiedQuestions"
    today: dt.date

    def _fiscal_column(self, parts: Parts, spec: TimeSpec) -> None:
        """'budget for fiscal year 2024': where the measured rows carry their own fiscal year, that column says
        which rows belong to the year, rather than the dates of the project's fiscal calendar."""
        homes = self.facts.home_entities(parts.metrics) if parts.metrics else set()
        if spec.fiscal_year is None or len(homes) != 1:
            return
        home = next(iter(homes))
        if any(d.name == "fiscal_year" for d in self.graph.entities[home].dimensions):
            parts.filters.append(f"{home}.fiscal_year = {spec.fiscal_year}")
            spec.start = spec.end = None

    def _compare(self, parts: Parts, spec: TimeSpec, question: str) -> None:
        """Period-over-period: show the period, and add the earlier period's value and the change."""
        first = parts.metrics[0] if parts.metrics else None
        if spec.compare is not None and spec.start is not None and spec.end is not None:
            step = spec.compare
            if shift(spec.start, 2 * step[0], step[1]) == spec.end:  # 'grow from 2023 to 2024': 2024 over 2023
                spec.start = shift(spec.start, step[0], step[1])
            last = self.today + dt.timedelta(days=1)
            by_metric = first is not None and (
                self.facts.is_period_over_period(first) or bool(self.facts.compare_metrics(first, step))
            )  # a metric that compares ('revenue_last_year') compares like for like, up to today
            if by_metric and spec.start < last < spec.end:  # a row per period shows each whole period named
                spec.end = last
                parts.notes.append(f"compared up to the reference date {self.today}")
        if (
            spec.compare is not None
            and COMPARE_WORDS & set(tokens(question))
            and first
            and self.facts.is_period_over_period(first)
        ):
            shown = list(dict.fromkeys(self.graph.upstream_metrics(self.graph.metrics[first])))
            shown += [c for m in shown[:1] for c in self.facts.compare_metrics(m, spec.compare) if c != first]
            breakdown = parts.group + ([f"metric_time__{spec.grain.value}"] if spec.grain else [])
            if next(self.verified.same_shape({"metrics": shown + [first], "dimensions": breakdown}, None), None):
                parts.metrics[:0] = [m for m in shown if m not in parts.metrics]  # as the owners show it
        compares = spec.compare is not None or any(self.facts.is_period_over_period(m) for m in parts.metrics)
        # a comparison needs periods: without a range, each year (or the compared grain); with a one-period range,
        # that period as a column, unless a breakdown ('by store format') makes the table
        compared_grain = spec.compare[1] if spec.compare else Grain.year
        compared = []
        if spec.compare is not None and parts.metrics and not self.facts.is_period_over_period(parts.metrics[0]):
            compared = self.facts.compare_metrics(parts.metrics[0], spec.compare)
            finer = spec.start is not None and spec.end is not None and _finer(spec.compare[1], spec)
            if not compared and finer:  # 'month over month revenue in 2025': each month of 2025 beside the last
                spec.grain = spec.grain or spec.compare[1]
                parts.notes.append(f"no period-over-period metric exists for {parts.metrics[0]}: one row per period")
                return
            if not compared and spec.start is not None and spec.end is not None:
                own = whole_grain(spec.start, spec.end)  # 'sessions in June 2025 vs June 2024': a row per month
                if SAME_SPAN.search(question.lower()):
                    spec.current = None  # 'this year vs the same period last year': like for like, not all of it
                add_earlier_period(spec)  # 'order volume in 2024 compared with 2023': one row per period
                spec.grain = spec.grain or own or compared_grain
                parts.notes.append(f"no period-over-period metric exists for {parts.metrics[0]}: one row per period")
                return
            if not compared:
                parts.notes.append("no period-over-period metric exists for " + parts.metrics[0])
                parts.confidence *= 0.5
        one_period = not parts.group and spans(spec, compared_grain)
        if compares and spec.grain is None and (not spec.has_range or one_period):
            spec.grain = compared_grain  # a year compared: the year as a column; part of a year: just the figures
        parts.metrics.extend(m for m in compared if m not in parts.metrics)
        if first is not None and self.facts.is_period_over_period(first) and parts.metrics[-1] != first:
            parts.metrics = [m for m in parts.metrics if m != first] + [first]  # the growth after what it compares


def _finer(grain: Grain, spec: TimeSpec) -> bool:
    """The compared periods are smaller than the range ('month over month' in 2025): the range holds them all."""
    assert spec.start is not None and spec.end is not None
    return shift(spec.start, 2, grain) <= spec.end
