"""Text helpers for the question compiler: normalisation, tokens, singular forms, light misspellings.

>>> tokens("Revenue by Categories, Q1-2025!")
['revenue', 'by', 'category', 'q1', '2025']
>>> FuzzyVocabulary(["revenue", "customer"]).correct("revnue")
'revenue'
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_KEEP_S = ("ss", "us", "is", "ics", "sales", "news")
IRREGULAR = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "data": "data",
    "analyses": "analysis",
    "series": "series",
    "species": "species",
    "sales": "sales",
    "does": "does",
    "this": "this",
    "feet": "foot",
}


def singular(word: str) -> str:
    """A crude English singular: categories → category, statuses → status, stores → store."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_KEEP_S):
        if word.endswith("uses") and len(word) > 5:
            return word[:-2]
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "uses")):
        return word[:-2]
    return word[:-1]


_CLITIC = re.compile(r"'(s|re|ve|ll|d|m)\b|n't\b")


# common abbreviations, read as the word (in names, synonyms and questions alike)
ABBREVIATIONS = {
    "avg": "average",
    "amt": "amount",
    "qty": "quantity",
    "dept": "department",
    "mktg": "marketing",
    "mkting": "marketing",
    "mkt": "marketing",
    "rev": "revenue",
    "yr": "year",
    "yrs": "year",
    "mo": "month",
    "qtr": "quarter",
    "incl": "including",
    "w": "with",
    "hrs": "hour",  # not 'hr': that is human resources
    "mins": "minute",
    "sq": "square",
    "ft": "foot",
    "footage": "foot",  # 'square footage'
    "spent": "spend",
    "ads": "ad",  # too short for the plural rule
    "hc": "headcount",
}


def tokens(text: str) -> list[str]:
    """Lower-case word tokens in singular form (numbers kept; possessives and contractions dropped)."""
    text = _CLITIC.sub("", text.lower().replace("_", " ").replace("’", "'"))
    return [singular(ABBREVIATIONS.get(t, t)) for t in _WORD.findall(text)]


def phrase_tokens(name: str) -> list[str]:
    """Tokens of an element name or synonym ('average_order_value' → ['average', 'order', 'value'])."""
    return tokens(name.replace("_", " ").replace(".", " "))


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class FuzzyVocabulary:
    """Corrects a word to a known word one edit away (SymSpell-style delete index; fast on large vocabularies)."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = {w for w in words if len(w) >= 4 and not w.isdigit()}
        self.index: dict[str, set[str]] = {}
        for word in self.words:
            for variant in _deletes(word) | {word}:
                self.index.setdefault(variant, set()).add(word)

    def correct(self, word: str) -> Optional[str]:
        """The single known word within one edit (insert, delete, substitute, swap); None if none or several."""
        if len(word) < 4 or word.isdigit():
            return None
        if word in self.words:
            return word
        found = self._within_one(word)
        if len(word) <= 4:  # 'ship' is a word, not a typo of 'shop'; 'tpye' is 'type' with two letters swapped
            found = {w for w in found if len(w) == len(word) + 1 or sorted(w) == sorted(word)}
        if len(found) > 1:  # a left-out letter is the likeliest slip: 'opend' is 'opened' rather than 'spend'
            found = {w for w in found if len(w) == len(word) + 1} or found
        if not found and word.endswith("s"):  # the plural of a short word: 'unts' is 'units'
            found = {w + "s" for w in self._within_one(word[:-1]) if len(w) == len(word)}
        return next(iter(found)) if len(found) == 1 else None

    def _within_one(self, word: str) -> set[str]:
        found: set[str] = set()
        for variant in _deletes(word) | {word}:
            found |= self.index.get(variant, set())
        return {w for w in found if _within_one_edit(word, w)}


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
