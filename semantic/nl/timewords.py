"""What is said right around a time phrase: a bound word before it ('after March 2025' starts in April), the verb
it follows ('stores that opened in 2024': the stores' opening date), and comparatives said of periods set against
each other ('is CSAT better this year than last year': how they compare, not a term).

>>> word_before("tickets resolved per month in ", 31), word_before("average time to resolve in ", 27)
('resolved', None)
"""

from __future__ import annotations

import re
from typing import Optional

from semantic.nl.timespan import TimeSpec

# a comparative said of periods set against each other ('higher in 2024 than in 2023'): how they compare, not a term
PERIOD_COMPARATIVE = re.compile(r"\b(?:better|worse|higher|lower|bigger|smaller|greater|larger)\b")


def open_bound(text: str, match: re.Match[str], spec: TimeSpec) -> None:
    """A period said after 'after', 'before', 'since', 'until' or 'up to' (and not read with it) bounds the range
    on one side: 'after March 2025' starts in April, 'before May 15 2025' ends on May 14, 'from June onwards'."""
    before = re.findall(r"[a-z]+", text[: match.start()])[-2:]
    word = " ".join(before[-2:]) if before[-2:] == ["up", "to"] else (before[-1] if before else "")
    onwards = re.match(r"\s*(?:on|onwards?|forward|and later|or later)\b", text[match.end() :]) is not None
    if word == "after":
        spec.start, spec.end = spec.end, None
    elif word == "before":
        spec.start, spec.end = None, spec.start
    elif word == "since" or (word == "from" and onwards):
        spec.end = None
    elif word in ("until", "till", "up to"):  # not "through": "day by day through June" is during June
        spec.start = None


def word_before(text: str, position: int) -> Optional[str]:
    """The word said before a time phrase, past prepositions: 'opened' in 'stores that opened in 2024'."""
    said = re.findall(r"[a-z]+", text[:position])
    for index in range(len(said) - 1, -1, -1):
        if said[index] == "up" and said[index - 1 : index] in (["signed"], ["sign"]):
            return "signup"  # 'customers who signed up in 2025'
        if said[index] not in RANGE_PREPOSITIONS:  # 'time to resolve' names a measure, not when things happened
            return said[index] if said[index - 1 : index] != ["to"] else None
    return None


# words between a verb and its time range: 'opened in', 'resolved per month in'
RANGE_PREPOSITIONS = {"in", "during", "on", "since", "before", "after", "between", "from", "the", "of", "within", "or"}
RANGE_PREPOSITIONS |= {"per", "each", "every", "by", "day", "week", "month", "quarter", "year"}
