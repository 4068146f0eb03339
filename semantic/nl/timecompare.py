"""Periods set against each other in a question: a second named period ('in 2023 and 2024', 'than in January
2024'), and a compared year or part of one ('2024 compared with 2023', 'Q2 2025 vs Q1 2025'), settled into a
period-over-period comparison or one more period once the question's range is known.

>>> spec = TimeSpec(start=dt.date(2024, 1, 1), end=dt.date(2025, 1, 1), compare_year=2023)
>>> settle_compare_year(spec); spec.compare
(1, <Grain.year: 'year'>)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable

from semantic.model.types import Grain
from semantic.nl.timespan import MONTHS, TimeSpec, shift

CONTRAST_BEFORE = re.compile(r"\b(?:than|vs\.?|versus|compared? (?:to|with)|against|relative to|with)\b[^,;]*$")


def second_period(
    match: re.Match[str],
    handler: Callable[[re.Match[str], TimeSpec, dt.date], None],
    spec: TimeSpec,
    today: dt.date,
    contrasted: bool,
) -> None:
    """A second named period after the first: set against the same period a year earlier ('in Jan-Jun 2025 than
    in Jan-Jun 2024') it is a year-over-year comparison; otherwise one more period ('in 2023 and 2024')."""
    other = TimeSpec()
    handler(match, other, today)
    spec.current = spec.current or other.current  # 'last year vs this year'
    if other.start is None or other.end is None or spec.start is None or spec.end is None:
        return
    earlier = (shift(spec.start, -1, Grain.year), shift(spec.end, -1, Grain.year))
    if contrasted and (other.start, other.end) == earlier:
        spec.compare = spec.compare or (1, Grain.year)
    elif (other.start, other.end) != (spec.start, spec.end):
        spec.other_periods.append((other.start, other.end))


def settle_compare_year(spec: TimeSpec) -> None:
    """'2024 compared with 2023' (and '2023 vs 2024', the later year first): year over year when the compared
    year is next to the range's and names the same part of it (the same quarter, half or month)."""
    year, part, start = spec.compare_year, spec.compare_part, spec.start
    if year is None or start is None or spec.compare is not None:
        return
    same_part = part is None or (
        (part[0] == "q" and part[1:].isdigit() and start.month == 3 * int(part[1]) - 2)
        or (part[0] == "h" and part[1:].isdigit() and start.month == 6 * int(part[1]) - 5)
        or (part in MONTHS and start.month == MONTHS[part])
    )
    if not same_part:
        settle_compare_previous(spec)  # 'Q2 2025 compared to Q1 2025': the period just before
        return
    if spec.end is not None and start.year == year - 1:  # '2023 vs 2024': the later year against the earlier
        spec.start, spec.end = shift(start, 1, Grain.year), shift(spec.end, 1, Grain.year)
        spec.compare, spec.compare_year = (1, Grain.year), None
    elif start.year == year + 1:
        spec.compare, spec.compare_year = (1, Grain.year), None


def settle_compare_previous(spec: TimeSpec) -> None:
    """The compared quarter or month is the one right before the range: period over period by that grain."""
    year, part, start, end = spec.compare_year, spec.compare_part or "", spec.start, spec.end
    if year is None or start is None or end is None:
        return
    if part[:1] == "q" and part[1:].isdigit():
        compared, grain = dt.date(year, 3 * int(part[1:]) - 2, 1), Grain.quarter
    elif part in MONTHS:
        compared, grain = dt.date(year, MONTHS[part], 1), Grain.month
    else:
        return
    if shift(compared, 1, grain) == start and shift(start, 1, grain) == end:
        spec.compare, spec.compare_year = (1, grain), None
