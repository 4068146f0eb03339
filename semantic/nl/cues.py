"""Shapes of questions the interpreter looks for before matching words: rankings, comparisons with numbers,
counting, grain nouns, and the clean-up of raw text.

>>> find_ranking("top 5 stores by revenue")[0]
(True, 5)
>>> find_comparisons("customers with more than 5 orders")[0]
[('>', 5.0, 2)]
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from semantic.nl.text import tokens
from semantic.nl.timespan import MONTH_NAMES, TimeSpec

GROUP_CUES = {"by", "per", "each", "across", "every", "within"}
RANK_DESC = {
    "top",
    "best",
    "highest",
    "largest",
    "biggest",
    "most",
    "max",
    "maximum",
    "greatest",
    "leading",
    "furthest",
    "farthest",
}
RANK_ASC = {
    "bottom",
    "worst",
    "lowest",
    "smallest",
    "least",
    "fewest",
    "min",
    "minimum",
    "shortest",
    "quickest",
    "fastest",
}
COUNT_CUES = re.compile(r"\b(how many|number of|count of|count the|# of)\b")
RANK = re.compile(  # not 'at least 10', 'at most 5': those are thresholds
    r"(?<!\bat )\b(top|bottom|best|worst|highest|lowest|largest|smallest|biggest|most|least|fewest|leading|"
    r"longest|slowest|shortest|quickest|furthest|farthest|fastest(?![ -]grow))"  # 'takes the longest to resolve'
    r"(?: (\d{1,4}|one|two|three|four|five|six|seven|eight|nine|ten|twenty))?\b"
)
COMPARE = re.compile(
    r"\b(more than|greater than|higher than|larger than|bigger than|over|above|exceeding|topped|exceeded|at least|"
    r"less than|fewer than|lower than|smaller than|under|below|at most|exactly|equal to)\s+\$?"
    r"(\d+(?:[.,]\d+)?|an?(?= (?:minute|hour|day|week)s?\b))\s*(k|m|thousand|million)?\b"
)
COMPARE_AFTER = re.compile(  # '$200 or more', '5 orders or more': the noun between stays for the reader
    r"\$?(\d+(?:[.,]\d+)?)\s*(k|m|thousand|million)?\s+(?:[a-z]+\s+)?"
    r"(or more|or above|and above|and up|or higher|or over|or less|or fewer|or below|and below|or lower|or under)\b"
)
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}
OPERATORS = {
    "or more": ">=",
    "or above": ">=",
    "and above": ">=",
    "and up": ">=",
    "or higher": ">=",
    "or over": ">=",
    "or less": "<=",
    "or fewer": "<=",
    "or below": "<=",
    "and below": "<=",
    "or lower": "<=",
    "or under": "<=",
    "more than": ">",
    "greater than": ">",
    "higher than": ">",
    "larger than": ">",
    "bigger than": ">",
    "over": ">",
    "above": ">",
    "exceeding": ">",
    "topped": ">",
    "exceeded": ">",
    "at least": ">=",
    "less than": "<",
    "fewer than": "<",
    "lower than": "<",
    "smaller than": "<",
    "under": "<",
    "below": "<",
    "at most": "<=",
    "exactly": "=",
    "equal to": "=",
}
ORDER_ONLY = re.compile(r"\s*(?:first|to (?:lowest|highest|smallest|largest|least|most))\b")
WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
}
MAX_QUESTION = 2000
MEASURE_CUES = {"average", "avg", "mean", "median", "sum", "total", "rate", "share", "percentage", "ratio", "much"}
UNKNOWN_PENALTY = 0.6
RATIO_CUES = {"share", "percentage", "percent", "proportion", "fraction", "rate", "ratio"}


def clean_question(question: str, member: Callable[[tuple[str, ...]], bool] = lambda words: False) -> str:
    """Lower-case text with who asks dropped, hyphens and punctuation read, and shorthand spelled out. ``member``
    tells whether words name a member of a column: 'Technology team: ...' is about the Technology department."""
    text = question[:MAX_QUESTION].lower().replace("’", "'")
    asker = _ASKER.match(text)
    if asker is not None:  # 'Growth team question: ...', 'FP&A view: ...' say who asks, not what
        named = tuple(w for w in tokens(asker.group(0)) if w not in _ASKER_WORDS)
        text = text[asker.end() :] + (f", for {' '.join(named)}" if named and member(named) else "")
    text = re.sub(r"\b([a-z]+)-wise\b", r"by \1", text)  # 'priority-wise' is 'by priority'
    text = re.sub(r"(?<!\d)-|-(?!\d)", " ", text)
    text = re.sub(r"[^\w\s$.,'%&/-]", " ", text)
    text = _TIME_SHORTHAND.sub(lambda m: _TIME_SHORTHANDS[m.group(1)], text)  # 'last yr' is 'last year'
    text = _PERCENTILE.sub(lambda m: f"p{m.group(1)}", text)  # '90th percentile' is how models name it: p90
    return " ".join(text.split())


_TIME_SHORTHANDS = {
    "yr": "year",
    "yrs": "years",
    "qtr": "quarter",
    "qtrs": "quarters",
    "mth": "month",
    "mths": "months",
}
_ASKER_WORDS = {"team", "side", "view", "perspective", "desk", "here", "question", "hat", "ask", "asks", "request"}
_ASKER_WORDS |= {"review", "s", "the", "our", "from", "for"}
_ASKER = re.compile(
    r"^\s*(?!(?:for |in )?(?:every|each|per|by|all)\b)"  # 'For every team: ...' is a breakdown
    r"[\w&'/. -]{0,40}?\b(?:team|side|view|perspective|desk|here|question|hat|ask|asks|request|review)\b"
    r"[\w' ]{0,15}:\s*"
)
_PERCENTILE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? percentile\b")
_TIME_SHORTHAND = re.compile(r"\b(" + "|".join(_TIME_SHORTHANDS) + r")\b")


GRAIN_NOUNS = re.compile(
    r"(?:^|\b(?:which|what|each|every|per|by|for each of the|for each of)\s+)(?:\w+\s+)?"
    r"(days|weeks|months|quarters|years)\b|"
    r"\bthe\s+(?:(?!\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b)\w+\s+)?"  # not 'the 12 months'
    r"(days|weeks|months|quarters|years)\b"
)
LISTED_GRAIN = re.compile(  # 'by channel and month': the last of a list of breakdowns
    r"\b(?:by|per|for each)\s+(?:[a-z]+\s+){1,3}(?:and|&|,)\s+(?:by\s+|per\s+)?(day|week|month|quarter|year)\b"
)
WHICH_GRAIN = re.compile(r"\b(?:which|what|each|every)\s+(day|week|month|quarter|year)\b")  # 'in which month'
EACH_OF_LAST = re.compile(r"\beach of the (?:last|past) (?:\d+ |\w+ )?(day|week|month|quarter|year)s?\b")


def grain_from_nouns(text: str, spec: TimeSpec) -> None:
    """'which months', 'for each of the last 7 days' name a grain too."""
    from semantic.model.types import Grain

    for pattern in (EACH_OF_LAST, GRAIN_NOUNS, WHICH_GRAIN, LISTED_GRAIN):
        match = pattern.search(text)
        if match and spec.grain is None:
            spec.grain = Grain(next(g for g in match.groups() if g).rstrip("s"))


FUNCTION_WORDS = set(
    "a an the of for in on at to is are was were be what which who how do does did we our us me "
    "my i you your it its please can could would show give tell".split()
)


def content_words(text: str) -> set[str]:
    """Words that carry meaning for comparing a question with a verified one (time words kept)."""
    return {w for w in tokens(text) if w not in FUNCTION_WORDS}


LEADING_COUNT = re.compile(  # 'the 3 ticket categories that took longest', '5 best selling products'
    r"(?:\b(?:which|what|the|list|show|name|our|top)\s+|^\W*)(\d{1,4}|one|two|three|five|ten|twenty)\b"
)


# 'which channels give the best return': several asked for, so all of them in order, not one
PLURAL_ASKED = re.compile(r"^\W*(?:which|what) (?:\w+ )?(?!\w*(?:ss|us|is|as|sales|does|goes)\b)\w+s (?!the\b)")
ALL_SHOWN = re.compile(r"\b(?:for|of) (?:each|every one|all)(?: of them| one)?\s*[.?!]?\s*$")


def find_ranking(text: str) -> tuple[Optional[tuple[bool, int]], str]:
    match = RANK.search(text)
    if match is None:
        return None, text
    word, number = match.group(1), match.group(2)
    if ORDER_ONLY.match(text[match.end() :]) or text[: match.start()].endswith(("from ", "sorted ", "sort ")):
        rest = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
        return (word not in RANK_ASC, 0), rest  # 'highest first', 'from highest to lowest': order, no cut
    if not number:
        leading = LEADING_COUNT.search(text[: match.start()])
        if leading:
            number = leading.group(1)
            text = text[: leading.start(1)] + " " * len(number) + text[leading.end(1) :]
    rest = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    if not number:  # 'which categories brought in the most? Give me the top five.': the later number is the cut
        later = next((m for m in RANK.finditer(rest) if m.group(2)), None)
        if later is not None:
            number = later.group(2)
            rest = rest[: later.start()] + " " * (later.end() - later.start()) + rest[later.end() :]
    count = (int(number) if number and number.isdigit() else WORD_NUMBERS.get(number or "", 0)) or 1
    if word in ("most", "least") and not number:
        count = 1
    if not number and (
        ALL_SHOWN.search(rest) or PLURAL_ASKED.match(text[: match.start()])
    ):  # 'which department employs the most? Show ... for each': all, ordered
        count = 0
    return (word not in RANK_ASC, count), rest


def find_comparisons(text: str) -> tuple[list[tuple[str, float, int]], str]:
    """Numeric thresholds ('more than 5 orders', '$200 or more'): (operator, number, word position) each, and the
    text with them blanked."""
    found = []
    for pattern, operator_group, number_group in ((COMPARE, 1, 2), (COMPARE_AFTER, 3, 1)):
        spans = []
        for match in pattern.finditer(text):
            said = match.group(number_group).replace(",", "")
            value = 1.0 if said in ("a", "an") else float(said)  # 'more than a day'
            scale = SCALES.get(match.group(number_group + 1) or "", 1)
            found.append((OPERATORS[match.group(operator_group)], value * scale, len(tokens(text[: match.start()]))))
            if pattern is COMPARE:
                spans.append(match.span())
            else:  # the number and the operator; the noun between them ('5 orders or more') stays for the reader
                spans.append((match.start(), max(match.end(number_group), match.end(number_group + 1))))
                spans.append(match.span(operator_group))
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + " " * (end - start) + text[end:]
    return found, text


STATE = re.compile(
    r"\b(?:are|is|were|was|we|been|be|came in|come in|went|ran|running|stayed|ended up|finished)\s+"
    r"(?:(?!over\b|under\b)[a-z&]+\s+){0,2}?(over|under)\s+"  # 'was Technology over budget'
    r"(?:their |its |our |the |his |her )?(\w+)\b"
)


OVERAGE = re.compile(
    r"\b(?:exceeded|overspent|overran|overshot|went over|ran over|(?:are|is|were|was|came in|come in) over)\s+"
    r"(?:their |its |our |the )?(\w+)(\s+by\b)?|\bover\s+(?:their |its |our |the )?(\w+)(\s+by\b)"
)


def read_overage(text: str, named: Callable[[tuple[str, ...]], bool]) -> str:
    """'Exceeded their budget by more than $20k' is 'over budget more than $20k' where a metric is named 'over
    budget' (the threshold then applies to it); 'overspent their budget' is 'went over budget'."""

    def said(match: re.Match[str]) -> str:
        word, by = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        if not named(("over", *tokens(word))):
            return match.group(0)
        return f"over {word}" if by else f"went over {word}"

    return OVERAGE.sub(said, text)


def find_states(text: str, named: Callable[[tuple[str, ...]], bool]) -> tuple[list[tuple[str, float, int]], str]:
    """'which departments are over budget': where a metric is named 'over budget', being over it is the metric
    above zero, and being under it the metric below zero. ``named`` tells whether words name a metric."""
    found = []
    for match in STATE.finditer(text):
        word = match.group(2)
        if not named(("over", *tokens(word))):
            continue
        position = len(tokens(text[: match.start(1)]))
        found.append((">" if match.group(1) == "over" else "<", 0.0, position))
        # 'went over their budget' reads 'over budget', the metric's name
        text = text[: match.start(1)] + "over".ljust(match.start(2) - match.start(1)) + text[match.start(2) :]
    return found, text


def is_counted(words: list[str], start: int) -> bool:
    """'how many X', 'number of X', 'count of X'."""
    while start > 0 and words[start - 1] in ("distinct", "unique", "different", "individual"):
        start -= 1  # 'how many distinct customers'
    before = words[max(0, start - 2) : start]
    return before[-1:] == ["many"] or before in (["number", "of"], ["count", "of"], ["total", "number"])


def has_relative_clause(words: list[str], end: int, comparisons: list[tuple[str, float, int]]) -> bool:
    following = words[end : end + 2]
    return bool(comparisons) and any(w in ("with", "having", "that", "who", "where", "have", "ha") for w in following)


def number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def sql_literal(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


TIME_WORDS = {
    "quarter",
    "quarterly",
    "monthly",
    "weekly",
    "daily",
    "yearly",
    "annual",
    "month",
    "year",
    "week",
    "today",
    "yesterday",
    "since",
    "between",
    "last",
    "previous",
}
TIME_WORDS |= set(MONTH_NAMES) - {"may"}  # 'may' is a verb as often as a month
LEADING_VERBS = {"return", "show", "list", "give", "get", "find", "display", "fetch", "pull", "tell"}


def question_words(text: str) -> list[str]:
    """Tokens of a question with a ',' token wherever punctuation separates list items (phrases never span it)."""
    return [w for chunk in re.split(r"[,;:()]", text) for w in (*tokens(chunk), ",")][:-1]
