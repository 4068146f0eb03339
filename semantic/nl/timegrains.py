"""Grains said in words ('monthly', 'per week', 'from year to year') and parts of cycles no grain is ('by day of
week', 'weekends'): found in a question's text, recorded on its ``TimeSpec`` and blanked out.

>>> spec = TimeSpec()
>>> find_grain("revenue month by month", spec).strip(), spec.grain.value
('revenue', 'month')
>>> spec = TimeSpec()
>>> find_cycle("orders by day of week", spec).strip(), spec.cycle
('orders by', 'day of week')
"""

from __future__ import annotations

import re

from semantic.model.types import Grain
from semantic.nl.timespan import TimeSpec

# 'a day' is a grain ('orders a day') unless it is a threshold ('more than a day to resolve')
_A = r"(?<!than )(?<!over )(?<!above )(?<!under )(?<!below )(?<!least )(?<!most )(?<!within )a "
GRAIN_WORDS = [
    (r"\b(daily|per day|by day|each day|every day|day by day|" + _A + r"day|by date|per date|each date)\b", Grain.day),
    (
        r"\b(weekly|per week|by week|each week|every week|" + _A + r"week|week by week|(?:from )?week to week)\b",
        Grain.week,
    ),
    (
        r"\b(monthly|per month|by month|each month|every month|" + _A + r"month|month by month|by calendar month|"
        r"(?:from )?month to month)\b",
        Grain.month,
    ),
    (
        r"\b(quarterly|per quarter|by quarter|each quarter|every quarter|" + _A + r"quarter|quarter by quarter|"
        r"(?:from )?quarter to quarter)\b",
        Grain.quarter,
    ),
    (
        r"\b(yearly|annual|annually|per year|by year|each year|every year|" + _A + r"year|year by year|"
        r"by calendar year|(?:from )?year to year)\b",
        Grain.year,
    ),
]
GRAIN_PATTERNS = [(re.compile(pattern), grain) for pattern, grain in GRAIN_WORDS]


# parts of a cycle ('by day of week', 'hour of day', 'weekdays vs weekends'): no grain of metric_time is one
CYCLES = re.compile(
    r"\b(?:days? of (?:the )?week|weekdays?|weekends?|hours? of (?:the )?day|hourly|months? of (?:the )?year|"
    r"day of (?:the )?month|time of day|seasons?|seasonal(?:ity)?)\b"
)


def _blank(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]


def find_cycle(text: str, spec: TimeSpec) -> str:
    """Record a part of a cycle ('day of week') on ``spec`` and blank it, so 'by day' is not read from it."""
    cycle = CYCLES.search(text)
    if cycle is None:
        return text
    spec.cycle = cycle.group(0)
    return _blank(text, cycle)


def find_grain(text: str, spec: TimeSpec) -> str:
    """The finest grain the text names, unless a finer one is already set; its phrase is blanked."""
    for pattern, grain in GRAIN_PATTERNS:
        match = pattern.search(text)
        if match and (spec.grain is None or grain.rank < spec.grain.rank):
            spec.grain = grain
            spec.phrases.append(match.group(0))
            text = _blank(text, match)
    return text
