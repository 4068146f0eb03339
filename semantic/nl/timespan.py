"""The time range a question names and the calendar arithmetic on it: periods of a grain, shifting by grains,
joining adjacent periods, widening to take in an earlier period.

>>> spec = TimeSpec(start=dt.date(2024, 1, 1), end=dt.date(2025, 1, 1), compare=(1, Grain.year))
>>> spans(spec, Grain.year), spec.describe()
(True, '2024-01-01 to 2024-12-31')
>>> add_earlier_period(spec); spec.describe()
'2023-01-01 to 2024-12-31'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from semantic.model.types import Grain

MONTH_NAMES = "january february march april may june july august september october november december".split()
# month names and their three-letter forms, to month numbers ('march' and 'mar' → 3)
MONTHS = {name: i + 1 for i, name in enumerate(MONTH_NAMES)}
MONTHS.update({name[:3]: number for name, number in list(MONTHS.items())})
MONTHS["sept"] = 9


@dataclass
class TimeSpec:
    """What a question says about time. ``end`` is exclusive."""

    grain: Optional[Grain] = None
    start: Optional[dt.date] = None
    end: Optional[dt.date] = None
    compare: Optional[tuple[int, Grain]] = None
    to_date: Optional[Grain] = None
    compare_year: Optional[int] = None  # 'compared with 2023': checked against the range once it is known
    compare_part: Optional[str] = None  # 'q1' of 'against Q1 2024'
    phrases: list[str] = field(default_factory=list)
    other_periods: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # named after the range
    periods: list[tuple[dt.date, dt.date]] = field(default_factory=list)  # set: these periods, not start..end
    cycle: Optional[str] = None  # 'by day of week': a part of a cycle, which no time grain gives
    fiscal_start: int = 1  # the month the fiscal year starts ('FY2025', 'fiscal Q1')
    fiscal_year: Optional[int] = None  # 'fiscal year 2025' said as a whole year
    current: Optional[tuple[dt.date, Grain]] = None  # 'this year': the period so far, meant as the whole period
    said_after: Optional[str] = None  # the word before the range, past prepositions: 'opened' in 'opened in 2024'
    on: Optional[str] = None  # the time dimension the range applies to, when not the metrics' own time

    @property
    def has_range(self) -> bool:
        return self.start is not None or self.end is not None

    def describe(self) -> str:
        if self.periods:
            return " and ".join(f"{start} to {end - dt.timedelta(days=1)}" for start, end in self.periods)
        if self.start and self.end:
            return f"{self.start.isoformat()} to {(self.end - dt.timedelta(days=1)).isoformat()}"
        if self.start:
            return f"since {self.start.isoformat()}"
        if self.end:
            return f"before {self.end.isoformat()}"
        return "all time"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def period_start(day: dt.date, grain: Grain) -> dt.date:
    if grain is Grain.year:
        return dt.date(day.year, 1, 1)
    if grain is Grain.quarter:
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if grain is Grain.month:
        return dt.date(day.year, day.month, 1)
    if grain is Grain.week:
        return day - dt.timedelta(days=day.weekday())
    return day


def shift(day: dt.date, count: int, grain: Grain) -> dt.date:
    if grain is Grain.year:
        return add_months(day, 12 * count) if day.day == 1 else day.replace(year=day.year + count)
    if grain is Grain.quarter:
        return add_months(day, 3 * count)
    if grain is Grain.month:
        return add_months(day, count)
    if grain is Grain.week:
        return day + dt.timedelta(days=7 * count)
    return day + dt.timedelta(days=count)


def join_periods(spec: TimeSpec) -> None:
    """Named periods that follow one another ('Q1 and Q2 2025', '2023 and 2024') are one range by their grain;
    periods with gaps stay in ``other_periods`` for the reader to ask about."""
    if not spec.other_periods or spec.start is None or spec.end is None:
        return
    periods = sorted([(spec.start, spec.end), *spec.other_periods])
    grain = _grain_of(spec, *periods[0])
    contiguous = all(a[1] == b[0] for a, b in zip(periods, periods[1:]))
    if grain is None or not contiguous or any(_grain_of(spec, *p) != grain for p in periods):
        return
    spec.start, spec.end, spec.other_periods = periods[0][0], periods[-1][1], []
    if spec.grain is None or spec.grain.rank > grain.rank:
        spec.grain = grain


def _grain_of(spec: TimeSpec, start: dt.date, end: dt.date) -> Optional[Grain]:
    """The grain of which the period is one whole period; 'this year' (so far) counts as the year."""
    if spec.current is not None and spec.current[0] == start and end <= shift(start, 1, spec.current[1]):
        return spec.current[1]
    return whole_grain(start, end)


def add_earlier_period(spec: TimeSpec) -> None:
    """Widen the range to take in the period one ``spec.compare`` step earlier: one range when they touch
    (2023 and 2024, this year so far and the whole of last year), else two periods (the first halves of 2024 and
    2025)."""
    assert spec.compare is not None and spec.start is not None and spec.end is not None
    count, grain = spec.compare
    earlier = (shift(spec.start, -count, grain), shift(spec.end, -count, grain))
    if _grain_of(spec, spec.start, spec.end) == grain and whole_grain(spec.start, spec.end) is None:
        earlier = (earlier[0], shift(earlier[0], count, grain))  # 'this year vs last year': all of last year
    if earlier[1] >= spec.start:
        spec.start = earlier[0]
    else:
        spec.periods = [earlier, (spec.start, spec.end)]


def spans(spec: TimeSpec, grain: Grain) -> bool:
    """The range is one whole period of ``grain`` (2024 for a year; a year so far counts as the year)."""
    if spec.start is None or spec.end is None or period_start(spec.start, grain) != spec.start:
        return False
    return spec.end == shift(spec.start, 1, grain) or (
        spec.to_date == grain and spec.end <= shift(spec.start, 1, grain)
    )


def whole_grain(start: dt.date, end: dt.date) -> Optional[Grain]:
    for grain in (Grain.month, Grain.quarter, Grain.year):
        if period_start(start, grain) == start and shift(start, 1, grain) == end:
            return grain
    return None
