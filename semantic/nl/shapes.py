"""Shapes of a question at the level of its matched phrases: which word qualifies which, members set against each
other, where a 'how many' stands, thresholds said in money or percent, aggregation words.

>>> said_as_percent("gross margin above 48%", 48.0), said_as_percent("above 48 orders", 48.0)
(True, False)
>>> bool(THAN_NON_NUMBER.search("spent more than their budget")), bool(THAN_NON_NUMBER.search("more than 5 orders"))
(True, False)
"""

from __future__ import annotations

import re

from semantic.nl.cues import number_text
from semantic.nl.lexicon import Target
from semantic.nl.matching import Match

MONEY_THRESHOLD = re.compile(
    r"\b(?:than|over|above|under|below|exceeding|least|most)\s+[$€£]\s?\d|"
    r"[$€£]\s?\d[\d,.]*\s*(?:k|m|thousand|million)?\s+(?:or|and) (?:more|above|up|higher|over|less|below|lower|under)\b"
)
# 'spent more than their budget': a comparison with something that is not a number
THAN_NON_NUMBER = re.compile(
    r"\b(?:more|less|fewer|greater|higher|lower|larger|smaller|bigger) than "
    r"(?!\$?\d|one\b|two\b|three\b|five\b|ten\b|twenty\b)\S"
    r"|\b(?:above|over|below|under|exceeding|beyond) (?:their|its) "  # 'campaigns with spend above their budget'
)
MEASURING_NOUNS = {("volume",), ("volumes",), ("count",), ("number",), ("numbers",), ("figure",), ("figures",)}


def measures_previous(match: Match, matches: list[Match], index: int) -> bool:
    """A generic measuring noun right after a metric's words ('ticket volume') names that metric, not another."""
    previous = matches[index - 1] if index > 0 else None
    return (
        match.words in MEASURING_NOUNS
        and previous is not None
        and previous.end == match.start
        and bool(previous.best("metric"))
    )


def metric_first(match: Match) -> bool:
    metrics = match.best("metric")
    return len(metrics) == 1 and metrics[0].weight >= max(t.weight for t in match.targets)


AGGREGATION_WORDS = {
    "median": "median",
    "average": "avg",
    "avg": "avg",
    "mean": "avg",
    "typical": "median",
    "90th": "p90",
}


def by_aggregation_word(targets: list[Target], words: list[str]) -> list[Target]:
    """Of metrics found by the rest of their names, the one whose aggregation the question names."""
    wanted = {AGGREGATION_WORDS[w] for w in words if w in AGGREGATION_WORDS}
    prefix = {"average": "avg", "mean": "avg"}
    chosen = [t for t in targets if prefix.get(t.name.split("_")[0], t.name.split("_")[0]) in wanted]
    return chosen if len(chosen) == 1 else targets


def said_as_percent(question: str, number: float) -> bool:
    return (
        re.search(rf"(?<![\d.]){re.escape(number_text(number))}\s*(?:%|percent\b|pct\b)", question.lower()) is not None
    )


HOURS_IN = {"minute": 1 / 60, "hour": 1.0, "day": 24.0, "week": 168.0}


def duration_said(question: str, number: float) -> str | None:
    """The unit of time said after a threshold ('more than 7 days', 'over a day'), if any.

    >>> duration_said("tickets open for more than 7 days", 7.0), duration_said("more than 7 orders", 7.0)
    ('day', None)
    """
    said = "an?|1" if number == 1 else re.escape(number_text(number))
    found = re.search(rf"(?<![\w.,])(?:{said})\s*(minute|hour|day|week|month|year)s?\b", question.lower())
    return found.group(1) if found else None


def in_unit_of(metric: str, number: float, unit: str) -> float | None:
    """``number`` of ``unit`` in the unit of time a metric's name says ('avg_resolution_hours'), else None."""
    for name, hours in HOURS_IN.items():
        if name in metric and unit in HOURS_IN:
            return number * HOURS_IN[unit] / hours
    return None


# 'year-to-date revenue by month': the running figure is what is asked, not the revenue beside it
TO_DATE_FIRST = re.compile(
    r"\W*(?:(?:show|what|what's|whats|is|was|were|the|our|me|give|list)\s+)*"
    r"(?:ytd|mtd|qtd|(?:year|quarter|month)[ -]to[ -]date)\b"
)
JOIN_VERBS = {"joined", "join", "signed", "registered", "register", "onboarded", "enrolled", "acquired"}
FILTER_CUES = {"for", "from", "via", "through", "on", "in", "with", "at"}
CONTRAST_JOINERS = {"vs", "versus", "v", "or", "and"}


def contrasted_members(matches: list[Match], words: list[str]) -> dict[int, Target]:
    """Matches that are members of the same dimension as the member just before them, joined by 'vs', 'or' or
    'and' ('online vs store'), though they could also mean something else."""
    found: dict[int, Target] = {}
    for index in range(1, len(matches)):
        before, match = matches[index - 1], matches[index]
        between = words[before.end : match.start]  # 'online vs store', 'online vs in store'
        if not between or between[0] not in CONTRAST_JOINERS or not set(between[1:]) <= {"in", "at", "the", "via"}:
            continue
        dims = {t.name for t in before.best("value")}
        same = [t for t in match.targets if t.kind == "value" and t.name in dims]
        if len(dims) == 1 and len(same) == 1:
            found[index] = same[0]
    return found


def qualifies_noun(match: Match, matches: list[Match], index: int) -> bool:
    """An entity word right before another entity's or a metric's word: 'store' in 'store staff'."""
    following = matches[index + 1] if index + 1 < len(matches) else None
    if following is None or following.start != match.end:
        return False
    own = {t.name for t in match.best("entity")}
    return any(t.kind == "metric" or (t.kind == "entity" and t.name not in own) for t in following.targets)


def counted_from(match: Match, matches: list[Match]) -> int:
    """Where 'how many' would stand for this noun: before the members qualifying it ('how many gift card payments')."""
    start = match.start
    while True:
        before = [m for m in matches if m.end == start and m.best("value") and not m.best("metric")]
        if not before:
            return start
        start = before[0].start


def running_of(words: list[str]) -> bool:
    """'running total of X', 'cumulative X': the running figure replaces X (not 'X and the running total')."""
    text = " ".join(words)
    cumulative = text.startswith("cumulative") or " cumulative " in f" {text} "
    return "total of" in text or (cumulative and " and " not in text)


PLAN_WORDS = {"plan", "plans", "budget", "budgets", "target", "targets", "forecast", "goal", "goals"}
PARTICIPLES = {"in", "made", "sold", "done", "run", "paid", "brought", "taken", "given", "sent", "held", "won", "lost"}


def agent_by(words: list[str], at: int) -> bool:
    """'by' after a past participle names who did it ('opened by customers', 'brought in by campaigns')."""
    before = words[at - 1] if at > 0 else ""
    return before.endswith("ed") or before in PARTICIPLES


def said_as_having(words: list[str], match: Match, matches: list[Match]) -> bool:
    """A measure said as something rows have ('orders with a discount', 'customers that have a refund'): a
    condition on each row that no filter expresses, not the measure itself."""
    before = words[max(0, match.start - 3) : match.start]
    if not (before[-2:] in (["with", "a"], ["with", "an"], ["with", "any"]) or before[-3:] in (["that", "have", "a"],)):
        return False
    at = match.start - (2 if before[-2:][0] == "with" else 3)
    return any(m.end == at and m.best("entity") for m in matches)
