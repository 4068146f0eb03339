"""Time in questions: grains ("monthly"), ranges ("in 2024", "Q1 2025", "last 30 days", "year to date") and
period comparisons ("compared to last year"), anchored to a reference date so answers are reproducible.

Each recognised phrase is blanked out of the text, so the rest of the compiler never sees it.

>>> spec, rest = parse_time("monthly revenue in 2024", dt.date(2025, 6, 30))
>>> spec.grain.value, spec.start, spec.end
('month', datetime.date(2024, 1, 1), datetime.date(2025, 1, 1))
>>> parse_time("orders in the last 30 days", dt.date(2025, 6, 30))[0].describe()
'2025-06-01 to 2025-06-30'
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Callable, Optional

from semantic.model.types import Grain
from semantic.nl.cues import WORD_NUMBERS
from semantic.nl.timecompare import CONTRAST_BEFORE, second_period, settle_compare_year
from semantic.nl.timegrains import find_cycle, find_grain
from semantic.nl.timespan import MONTHS, TimeSpec, add_months, join_periods, period_start, shift
from semantic.nl.timewords import PERIOD_COMPARATIVE, open_bound, word_before

MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
YEAR = r"((?:19|20)\d\d)"
UNIT = r"(day|week|month|quarter|year)s?"
NUMBER_WORDS = {**WORD_NUMBERS, "twelve": 12, "a": 1}


def _number(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS.get(text, 1)


Handler = Callable[[re.Match[str], TimeSpec, dt.date], None]
RULES: list[tuple[re.Pattern[str], Handler]] = []


def rule(pattern: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        RULES.append((re.compile(pattern), handler))
        return handler

    return register


@rule(
    r"\b(?:in |for |during )?(?:the )?fiscal (?:q([1-4])|(first|second|third|fourth) quarter)(?: of)? ?(?:fy ?)?"
    r"((?:19|20)\d\d)\b|\b(?:in |for |during )?(?:the )?(?:q([1-4]) )?(?:fiscal year|fiscal|fy) ?'?((?:19|20)\d\d|\d\d)\b"
)
def _fiscal(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'FY2024', 'fiscal year 2025', 'fiscal Q1 2025', 'Q1 FY25': by the project's fiscal calendar; the fiscal
    year is named by the calendar year it starts in."""
    words = {"first": 1, "second": 2, "third": 3, "fourth": 4}
    quarter_said = match.group(1) or match.group(4)
    quarter = int(quarter_said) if quarter_said else words.get(match.group(2) or "", 0)
    year_said = match.group(3) or match.group(5)
    year = int(year_said) if len(year_said) == 4 else 2000 + int(year_said)
    start = dt.date(year, spec.fiscal_start, 1)
    if quarter:
        spec.start = add_months(start, 3 * (quarter - 1))
        spec.end = add_months(spec.start, 3)
    else:
        spec.start, spec.end = start, add_months(start, 12)
        spec.fiscal_year = year


COUNT = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
# a period a sub-period is taken from: 'June 2025', 'June', 'Q1 2025', '2024', 'this year', 'last quarter'
PARENT = (
    r"((?:" + MONTH[1:-1] + r")(?:,? (?:19|20)\d\d)?|q[1-4] (?:19|20)\d\d|(?:19|20)\d\d|"
    r"(?:this|last|the previous|the prior|the current) (?:year|quarter|month))"
)


@rule(
    r"\b(?:in |during |for |over |on )?(?:the )?(?:very )?(first|last|final|opening|closing) (?:" + COUNT + r" )?"
    r"(day|week|month|quarter)s? of (?:the )?" + PARENT + r"\b"
)
def _part_of_period(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'the first week of June 2025', 'the first 10 days of March', 'the last 3 months of 2024': the first or
    last whole units of a named period (a week is seven days counted from the period's edge)."""
    parent, _ = parse_time(match.group(4), today, spec.fiscal_start)
    if parent.start is None or parent.end is None:
        return
    count, unit = _number(match.group(2) or "1"), Grain(match.group(3))
    if match.group(1) in ("first", "opening"):
        spec.start, spec.end = parent.start, min(shift(parent.start, count, unit), parent.end)
    else:
        spec.start, spec.end = max(shift(parent.end, -count, unit), parent.start), parent.end


# the same span said in a larger unit: '12 months' is a year, for finding the model's year-over-year metrics
_SAME_SPAN = {
    (12, Grain.month): (1, Grain.year),
    (4, Grain.quarter): (1, Grain.year),
    (3, Grain.month): (1, Grain.quarter),
}


@rule(
    r"\b(?:compared? (?:to|with)|versus|vs\.?|against|relative to|than|with) (?:the )?(?:(?:previous|prior|preceding) "
    + COUNT
    + r" (day|week|month|quarter|year)s?|"
    + COUNT
    + r" (day|week|month|quarter|year)s? (?:before(?: that)?|prior|earlier|preceding))\b"
)
def _compare_span(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'the last 12 months compared with the 12 months before': the span against the same span just before it."""
    step = (_number(match.group(1) or match.group(3)), Grain(match.group(2) or match.group(4)))
    spec.compare = _SAME_SPAN.get(step, step)


@rule(
    r"\b(?:compared? (?:to|with)|versus|vs\.?|against|relative to|next to|alongside|beside|with(?= the same)) "
    r"(?:the )?"
    r"(?:same (?:period|\w+) )?(?:in )?"
    r"(?:last|previous|prior|a) "
    r"(year|quarter|month|week)(?: earlier| before| ago)?\b|\b(year|quarter|month|week) over \2\b|\b(yoy|mom|qoq)\b|"
    r"\b(?:compared? (?:to|with)|versus|vs\.?|against) (?:the )?(year|quarter|month|week) before\b"
)
def _compare(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    unit = (
        match.group(1)
        or match.group(2)
        or match.group(4)
        or {"yoy": "year", "mom": "month", "qoq": "quarter"}[match.group(3)]
    )
    spec.compare = (1, Grain(unit))


@rule(
    r"\b(?:with|and) (?:the )?(?:same (?:period|\w+) )?(?:in )?(?:last|previous|prior) (year|quarter|month|week)'s\b|"
    r"\b(?:the |a |its |their )?(?:last|previous|prior) (year|quarter|month|week)(?:'s)? (?:figures?|values?|numbers?|"
    r"totals?|amounts?|levels?|comparisons?)\b"
)
def _with_previous(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'this year's revenue compared with last year's', 'with the prior-year figure': the earlier period is the
    comparison, not the range."""
    spec.compare = (1, Grain(match.group(1) or match.group(2)))


@rule(
    r"\b(?:compared? (?:to|with)|versus|vs\.?|against|relative to|than in|than) (?:the year )?(?:of )?(?:the )?"
    r"(?:(q[1-4]|h[12]|first half|second half|" + MONTH[1:-1] + r") (?:of )?)?(\d{4})\b"
)
def _compare_year(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'compared with 2023', 'against Q1 2024', 'vs May 2024': year over year when it is the range one year
    earlier (checked once the range is known)."""
    spec.compare_year = int(match.group(2))
    spec.compare_part = {"first half": "h1", "second half": "h2"}.get(match.group(1) or "", match.group(1))


@rule(
    r"\b(?:compared? (?:to|with)|versus|vs\.?|against|relative to|with) (?:the )?(first|second) half of "
    r"(?:the year before|(?:last|the previous|the prior) year)\b"
)
def _compare_half(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'the first half of this year compared with the first half of last year'."""
    spec.compare_year = today.year - 1
    spec.compare_part = "h1" if match.group(1) == "first" else "h2"


@rule(r"\b(?:between|from) " + MONTH + r"? ?" + YEAR + r" (?:and|to|through|until) " + MONTH + r"? ?" + YEAR + r"\b")
def _between(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    first_month, first_year, last_month, last_year = match.groups()
    spec.start = dt.date(int(first_year), MONTHS[first_month] if first_month else 1, 1)
    last = dt.date(int(last_year), MONTHS[last_month] if last_month else 12, 1)
    spec.end = add_months(last, 1)


@rule(
    r"\b(?:(?:between|from) )?"
    + MONTH
    + r"(?: ?(?:-|–|and|to|through|until) ?| )"  # 'January-June' is 'january june' once hyphens are spaces
    + MONTH
    + r",? "
    + YEAR
    + r"\b"
)
def _month_span(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'January-June 2025', 'between March and May 2025': whole months of one year."""
    first, last, year = MONTHS[match.group(1)], MONTHS[match.group(2)], int(match.group(3))
    if first > last:
        return
    spec.start = dt.date(year, first, 1)
    spec.end = add_months(dt.date(year, last, 1), 1)


@rule(r"\b(?:between|from) (\d{4}-\d\d-\d\d) (?:and|to|through|until) (\d{4}-\d\d-\d\d)\b")
def _between_dates(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    spec.start = dt.date.fromisoformat(match.group(1))
    spec.end = dt.date.fromisoformat(match.group(2)) + dt.timedelta(days=1)


@rule(r"\bq([1-4]) (?:and|&|,|or|vs\.?|versus|through|to|-) ?q([1-4]),? " + YEAR + r"\b")
def _quarters_of_year(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'Q1 and Q2 2025': both quarters of the year, a row for each."""
    first, last, year = sorted((int(match.group(1)), int(match.group(2)))) + [int(match.group(3))]
    spec.start = dt.date(year, 3 * (first - 1) + 1, 1)
    spec.end = add_months(dt.date(year, 3 * (last - 1) + 1, 1), 3)
    if first != last and not re.search(r"through|to|-", match.group(0)):
        spec.grain = spec.grain or Grain.quarter


@rule(
    r"\b(?:in |during |for )?(?:the )?(?:q([1-4])|(first|second|third|fourth) quarter)(?: of)? ?"
    + YEAR
    + r"\b|\b"
    + YEAR
    + r" ?q([1-4])\b"
)
def _quarter(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    words = {"first": 1, "second": 2, "third": 3, "fourth": 4}
    digit = match.group(1) or match.group(5)
    quarter = int(digit) if digit else words[match.group(2)]
    year = int(match.group(3) or match.group(4))
    spec.start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    spec.end = add_months(spec.start, 3)


@rule(
    r"\b(?:in |during |for )?(?:the )?(?:q([1-4])|(first|second|third|fourth) quarter) (?:of )?"
    r"(last|this|the previous|the prior|previous|prior) year\b"
)
def _quarter_of_named_year(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'Q1 of last year', 'the fourth quarter this year'."""
    words = {"first": 1, "second": 2, "third": 3, "fourth": 4}
    quarter = int(match.group(1)) if match.group(1) else words[match.group(2)]
    year = today.year if match.group(3) == "this" else today.year - 1
    spec.start = dt.date(year, 3 * (quarter - 1) + 1, 1)
    spec.end = add_months(spec.start, 3)


@rule(r"\b(?:in |during |for )?(?:the )?(?:(first|second) half|(h[12]))(?: of)? ?" + YEAR + r"\b")
def _half(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    second = match.group(1) == "second" or match.group(2) == "h2"
    spec.start = dt.date(int(match.group(3)), 7 if second else 1, 1)
    spec.end = add_months(spec.start, 6)


@rule(r"\b(?:in |during |for )?(?:the )?(?:q([1-4])|(first|second|third|fourth) quarter)\b(?! of)(?! ?(?:19|20)\d\d)")
def _quarter_alone(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'sales in Q1': the latest such quarter that has begun by the reference date."""
    if spec.has_range:
        return
    words = {"first": 1, "second": 2, "third": 3, "fourth": 4}
    quarter = int(match.group(1)) if match.group(1) else words[match.group(2)]
    start = dt.date(today.year, 3 * (quarter - 1) + 1, 1)
    if start > today:
        start = start.replace(year=today.year - 1)
    spec.start, spec.end = start, min(add_months(start, 3), today + dt.timedelta(days=1))


@rule(
    r"\b(?:in |during |for )?the same (month|quarter|week) (?:last year|a year (?:ago|earlier|before)|"
    r"of last year|the year before)\b"
)
def _same_period_last_year(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'revenue in the same month last year' (no other period named): this month, a year earlier."""
    if spec.has_range:
        return
    grain = Grain(match.group(1))
    spec.start = shift(period_start(today, grain), -1, Grain.year)
    spec.end = shift(spec.start, 1, grain)


@rule(r"\b(?:in |during |for |over )?(?:the )?(first|second) half of (this|last|the previous|the prior) year\b")
def _half_of_named_year(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    year = today.year if match.group(2) == "this" else today.year - 1
    spec.start = dt.date(year, 7 if match.group(1) == "second" else 1, 1)
    spec.end = min(add_months(spec.start, 6), today + dt.timedelta(days=1))


@rule(r"\bsince (?:the start of |the beginning of )?(?:last |this past |this )?" + MONTH + r"(?: " + YEAR + r")?\b")
def _since_month(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'since March', 'since last March': from the latest such month on."""
    month, year = MONTHS[match.group(1)], match.group(2)
    start = dt.date(int(year) if year else today.year, month, 1)
    if not year and start > today:
        start = start.replace(year=today.year - 1)
    spec.start = start


@rule(r"\bsince (?:the )?(?:start|beginning) of (?:the |this )?(year|quarter|month|week)\b")
def _since_period_start(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'since the start of the year': this year so far."""
    spec.start, spec.end = period_start(today, Grain(match.group(1))), today + dt.timedelta(days=1)


@rule(
    r"\b(?:until|up to|up until|till|(?:through|thru|to) the end of) (?:the end of )?" + MONTH + r",? " + YEAR + r"\b"
)
def _until_month(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'revenue up to May 2025': everything up to the end of that month ('through June' may mean during June)."""
    spec.end = add_months(dt.date(int(match.group(2)), MONTHS[match.group(1)], 1), 1)


@rule(
    r"\b(?:(?:between|from) "
    + MONTH
    + r" (?:and|to|through|until|-) |"
    + MONTH
    + r" (?:to|through|thru|until|-) )"
    + MONTH
    + r"\b(?! ?,? ?(?:19|20)\d\d)"
)
def _month_span_this_year(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'orders between March and May': those months of the latest year that has them all up to today."""
    first, last = MONTHS[match.group(1) or match.group(2)], MONTHS[match.group(3)]
    if first > last or spec.has_range:
        return
    year = today.year if last <= today.month else today.year - 1
    spec.start, spec.end = dt.date(year, first, 1), add_months(dt.date(year, last, 1), 1)


@rule(r"\b(?:in |from )?" + YEAR + r" (?:or|and) (later|after|since|onwards?|earlier|before)\b")
def _year_or_later(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'opened in 2023 or later': from the start of 2023; '2022 or earlier': up to its end."""
    year = int(match.group(1))
    if match.group(2) in ("earlier", "before"):
        spec.end = dt.date(year + 1, 1, 1)
    else:
        spec.start = dt.date(year, 1, 1)


@rule(
    r"\b(since|after|from|before|until|through|up to) (?:the (?:start|beginning) of )?(\d{4}-\d\d-\d\d|" + YEAR + r")\b"
)
def _open_range(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    word, value = match.group(1), match.group(2)
    day = dt.date.fromisoformat(value) if "-" in value else dt.date(int(value), 1, 1)
    if word in ("since", "from"):
        spec.start = day
    elif word == "after":
        spec.start = day + dt.timedelta(days=1) if "-" in value else dt.date(day.year + 1, 1, 1)
    elif word == "before":
        spec.end = day
    else:
        spec.end = day + dt.timedelta(days=1) if "-" in value else dt.date(day.year + 1, 1, 1)


DAY = r"(\d{1,2})(?:st|nd|rd|th)?"


@rule(
    r"\b(?:from |between )?" + MONTH + " " + DAY + r"(?:,? " + YEAR + r")? ?(?:to|through|until|and|-) ?"
    r"(?:" + MONTH + " )?" + DAY + r"(?:,? " + YEAR + r")?\b"
)
def _day_span(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'from June 20 to June 26, 2025', 'June 10-16, 2025': those days (the year said, else the latest one)."""
    first_month, first_day, first_year = match.group(1), int(match.group(2)), match.group(3)
    last_month, last_day, last_year = match.group(4) or first_month, int(match.group(5)), match.group(6)
    year = int(last_year or first_year or 0) or _latest_year(MONTHS[first_month], first_day, today)
    try:
        spec.start = dt.date(int(first_year or year), MONTHS[first_month], first_day)
        spec.end = dt.date(year, MONTHS[last_month], last_day) + dt.timedelta(days=1)
    except ValueError:  # 'June 31': not a day
        return


@rule(r"\b(?:on )?" + MONTH + " " + DAY + r",? " + YEAR + r"\b")
def _day(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'on June 20, 2025'."""
    try:
        spec.start = dt.date(int(match.group(3)), MONTHS[match.group(1)], int(match.group(2)))
    except ValueError:
        return
    spec.end = spec.start + dt.timedelta(days=1)


def _latest_year(month: int, day: int, today: dt.date) -> int:
    return today.year if (month, day) <= (today.month, today.day) else today.year - 1


@rule(r"\b(?:in |during |for )?(?:the )?" + MONTH + r",? " + YEAR + r"\b")
def _month_year(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    spec.start = dt.date(int(match.group(2)), MONTHS[match.group(1)], 1)
    spec.end = add_months(spec.start, 1)


@rule(
    r"\b(?:in |during |for )?(?:(this|last|this past) " + MONTH + r"|" + MONTH + r",? (?:of )?"
    r"(this|last|the previous|the prior|previous|prior) year)\b"
)
def _month_named(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'this June' (this year's), 'last June' (the latest June before this month), 'June of last year'."""
    if match.group(2):  # 'this June', 'last June'
        month = MONTHS[match.group(2)]
        if match.group(1) == "this":
            year = today.year
        else:  # 'last June', 'this past June': the latest June that has ended or is under way, not this month
            year = today.year if month < today.month else today.year - 1
    else:  # 'June of last year'
        month = MONTHS[match.group(3)]
        year = today.year if match.group(4) == "this" else today.year - 1
    spec.start = dt.date(year, month, 1)
    spec.end = add_months(spec.start, 1)


@rule(
    r"\b(?:in the |over the |during the |for the |within the )?(?:last|past|previous|trailing) (\d+|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|twelve) " + UNIT + r"\b"
)
def _last_n(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    count, unit = _number(match.group(1)), Grain(match.group(2))
    spec.end = today + dt.timedelta(days=1)
    spec.start = shift(spec.end, -count, unit)


@rule(r"\b(?:in |during |for |over )?(?:the )?(last|past|previous|prior|this|current) (year|quarter|month|week)\b")
def _named_period(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    unit = Grain(match.group(2))
    current = period_start(today, unit)
    if match.group(1) in ("this", "current"):
        spec.start, spec.end = current, today + dt.timedelta(days=1)
        spec.current = (current, unit)
    elif match.group(1) == "past" or (match.group(1) == "last" and unit is Grain.week and "the " in match.group(0)):
        # 'the past week', 'the last week': the 7 days up to today; 'last week', 'the previous week': the
        # calendar week before this one, as 'last month' is the calendar month
        spec.end = today + dt.timedelta(days=1)
        spec.start = shift(spec.end, -1, unit)
    else:
        spec.start, spec.end = shift(current, -1, unit), current


@rule(r"\b(year|quarter|month) to date\b|\b(ytd|qtd|mtd)\b")
def _to_date(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    unit = match.group(1) or {"ytd": "year", "qtd": "quarter", "mtd": "month"}[match.group(2)]
    spec.to_date = Grain(unit)  # the range, when no other phrase gives one, is set once all phrases are read


@rule(r"\b(today|yesterday)\b")
def _day(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    day = today if match.group(1) == "today" else today - dt.timedelta(days=1)
    spec.start, spec.end = day, day + dt.timedelta(days=1)


@rule(
    r"\b(?:ever )?since (?:the |our |we )?(?:very )?(?:first (?:order|sale|day|transaction|record|purchase|opened)s?"
    r"|beginning(?! of)|start(?! of)|inception|launch|(?:we )?(?:started|opened|began))\b|\bof all time\b"
)
def _all_time(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'since the first order', 'since inception', 'of all time': no range (all the data), said as a period."""


@rule(r"\b(?:on |for )?(\d{4}-\d\d-\d\d)\b")
def _iso_day(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    day = dt.date.fromisoformat(match.group(1))
    spec.start, spec.end = day, day + dt.timedelta(days=1)


@rule(r"\b(?:in |during |for |of )?(?:the )?(?:calendar )?(?:year )?" + YEAR + r"\b")
def _year(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    year = int(match.group(1))
    if spec.start is None and spec.end is None:
        spec.start, spec.end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


@rule(
    r"\b(?:in |during |for )" + MONTH + r"\b|"
    r"\b(january|february|march|april|june|july|august|september|october|november|december)\b"
)
def _month_alone(match: re.Match[str], spec: TimeSpec, today: dt.date) -> None:
    """'in March', 'June revenue': the latest such month up to the reference date ('for may' is a verb)."""
    name = match.group(1) or match.group(2)
    if spec.has_range or (name == "may" and not match.group(0).startswith(("in", "during"))):
        return
    start = dt.date(today.year, MONTHS[name], 1)
    if start > today:
        start = start.replace(year=today.year - 1)
    spec.start, spec.end = start, add_months(start, 1)


SECOND_PERIOD_HANDLERS = {
    _named_period,
    _month_span,
    _quarter,
    _quarter_of_named_year,
    _half,
    _half_of_named_year,
    _month_year,
    _month_named,
    _month_alone,
    _year,
}


SO_FAR = re.compile(r"\b(?:so far|up to now|until now|to date)\b")


ATTRIBUTIVE_LEAD = re.compile(r"(?:for|of) ")
ATTRIBUTIVE_NOUN = re.compile(
    r" (?!(?:and|or|vs|versus|by|compared|to|with|in|per|for|than|so|split|broken|as|from|on)\b)[a-z]{3,}"
)


def parse_time(text: str, today: dt.date, fiscal_start: int = 1) -> tuple[TimeSpec, str]:
    """Find time phrases in lower-case ``text``; return them and the text with those phrases blanked.
    ``fiscal_start`` is the month the fiscal year starts (FY2025 starts in that month of 2025)."""
    spec = TimeSpec(fiscal_start=fiscal_start)
    said_than = " than " in f" {text} "
    text = find_cycle(text, spec)
    for pattern, handler in RULES:
        match = pattern.search(text)
        while match is not None:
            if handler in SECOND_PERIOD_HANDLERS and spec.has_range:
                contrasted = bool(CONTRAST_BEFORE.search(text[max(0, match.start() - 30) : match.start() + 1]))
                second_period(match, handler, spec, today, contrasted)
            else:
                said = (spec.start, spec.end)
                handler(match, spec, today)
                of_noun = ATTRIBUTIVE_NOUN.match(text[match.end() :])  # 'resolve for 2024 tickets': the tickets'
                if said == (None, None) and (spec.start, spec.end) != said:
                    open_bound(text, match, spec)  # 'after March 2025', 'before May 15 2025'
                if spec.said_after is None and (spec.start, spec.end) != said and not of_noun:
                    spec.said_after = word_before(text, match.start())
            spec.phrases.append(match.group(0).strip())
            start = match.start()
            lead = ATTRIBUTIVE_LEAD.match(match.group(0))
            if lead and ATTRIBUTIVE_NOUN.match(text[match.end() :]):  # 'for 2024 tickets': 'for' is about the tickets
                start += lead.end()
            text = text[:start] + " " * (match.end() - start) + text[match.end() :]
            match = pattern.search(text) if handler in SECOND_PERIOD_HANDLERS else None
    join_periods(spec)
    if SO_FAR.search(text) and spec.end is not None and spec.end > today + dt.timedelta(days=1):
        spec.end = today + dt.timedelta(days=1)  # 'CAC for 2025 so far': up to the reference date
    if spec.to_date is not None and not spec.has_range:  # 'year to date': this year so far
        spec.start, spec.end = period_start(today, spec.to_date), today + dt.timedelta(days=1)
    settle_compare_year(spec)
    if (spec.compare or len(spec.phrases) > 1) and said_than:
        text = PERIOD_COMPARATIVE.sub(lambda m: " " * len(m.group(0)), text)  # 'is CSAT better than last year'
    return spec, find_grain(text, spec)


def parse_reference_date(value: Optional[str]) -> dt.date:
    """The configured 'today' (``reference_date`` in semctx.yml), else the real today."""
    if value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    return dt.date.today()
