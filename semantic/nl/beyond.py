"""What a question may say that no structured query can express, asked back instead of dropped: a negation
('customers with no orders'), a snapshot at a point in time ('headcount at the end of 2024'), a trend without
periods ('csat trend') and a part of a cycle ('orders by day of week').

>>> bool(NEGATION.search("customers with no orders")), bool(NEGATION.search("no. of orders"))
(True, False)
>>> bool(SNAPSHOT.search("headcount at the end of 2024")), bool(TREND.search("csat trend"))
(True, True)
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Optional

from semantic.model.types import Grain
from semantic.nl.reading import Option, Reading
from semantic.nl.shapes import running_of
from semantic.nl.timespan import TimeSpec

if TYPE_CHECKING:
    from semantic.graph.graph import SemanticGraph

# words that turn a condition around: the reader has no 'not' filter, so it asks rather than drop them
NEGATION = re.compile(
    r"\b(?:no(?!\.)|not|never|without|excluding|exclude|except|other than|outside(?: of)?|none|neither|nor)\b|"
    r"\bnon[- ]|n't\b"
)
SNAPSHOT = re.compile(r"\b(?:as of|as at|at the (?:end|start|beginning|close) of|on the last day of)\b")
TREND = re.compile(r"\b(?:trends?|trending|trendline|over time|evolution|evolved?)\b")


def beyond_reach(
    reading: Reading,
    metrics: list[str],
    group: list[str],
    spec: TimeSpec,
    words: list[str],
    graph: "SemanticGraph",
    negations_read: int = 0,
) -> Optional[Reading]:
    """The reading turned into a clarification when the question says one of these things; else None.
    ``negations_read``: how many 'not X' / 'non-X' the reader read as the false side of a yes/no column."""
    question = reading.question.lower()
    found = list(NEGATION.finditer(question))
    read = [n for n in found if n.group(0).strip(" -") in ("not", "non")][:negations_read]
    negation = next((n for n in found if n not in read), None)
    if negation is not None:
        reading.clarification = (  # 'customers with no orders in 2025' must never be read as the buyers
            f"I cannot apply {negation.group(0)!r} to a filter: I only select rows that match. "
            "Could you ask for what to include instead?"
        )
        return reading
    if TREND.search(question) and spec.grain is None and not group:
        reading.clarification = "A trend over which periods: by day, week, month, quarter or year?"
        reading.options = [  # 'csat trend' is not one number for all time
            Option({**({"metrics": metrics} if metrics else {}), "dimensions": [f"metric_time__{g}"]}, f"by {g}", 0.2)
            for g in ("month", "quarter", "year")
        ]
        return reading
    snapshot = SNAPSHOT.search(question)
    if (
        snapshot is not None
        and spec.to_date is None  # 'year-to-date revenue at the end of each month': a running figure
        and not running_of(words)
        and not any(graph.metrics[m].type == "cumulative" for m in metrics)
    ):
        reading.clarification = (  # 'headcount at the end of 2024' is not the 2024 hires still employed
            f"I can give figures over a period, not a snapshot {snapshot.group(0)!r}. Which period do you mean?"
        )
        return reading
    if spec.cycle is not None:
        reading.clarification = (
            f"I can break time down by day, week, month, quarter or year, not by {spec.cycle!r}. "
            "Which of those do you mean?"
        )
        return reading
    fiscal = spec.fiscal_start != 1 and FISCAL.search(question) is not None
    if fiscal and spec.grain in (Grain.quarter, Grain.year):
        reading.clarification = (  # 'FY2024 revenue by quarter': calendar quarters cut across the fiscal ones
            f"Time breaks down by calendar {spec.grain.value}s, and the fiscal year starts in month "
            f"{spec.fiscal_start}, so they do not line up with fiscal {spec.grain.value}s. Should I break it "
            "down by month instead, or do you mean calendar periods?"
        )
        return reading
    return None


FISCAL = re.compile(r"\b(?:fiscal|fy\s?'?\d{2,4}|fy)\b")
