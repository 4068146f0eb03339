"""Matching the words of a question to the model: spelling correction, metric names that hold time words, and the
longest known phrases (names, synonyms, labels, members of dimensions), each with what it can mean.

The interpreter inherits this; retrieval uses ``named_targets`` to rank what a question names outright.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional, Sequence

from semantic.nl.cues import RATIO_CUES, TIME_WORDS, clean_question, question_words
from semantic.nl.lexicon import NAME as NAME_WEIGHT
from semantic.nl.lexicon import STOPWORDS, SYNONYM, Lexicon, Target
from semantic.nl.metric_kinds import BUYER_VERBS
from semantic.nl.text import FuzzyVocabulary, singular

LIST_JOINERS = {"and", "or", ",", "nor"}
GAP_WORDS = {"on", "of", "for", "in", "from"}
# a member that is also a common word ('display', 'returns') counts after these: 'spend for display'
MEMBER_CUES = {"for", "from", "via", "through"}
CHANGE_WORDS = {"change", "changes", "changed", "changing"}
# words the rules read (verbs that name metrics, changes): not slips of other words
RULE_WORDS = CHANGE_WORDS | set(BUYER_VERBS)
STATE_CUES = {"are", "is", "were", "was", "still", "remain", "remains", "stay", "stays"}  # 'tickets that are open'
STEM_GAP_WORDS = {"to", "of", "for", "a", "an", "the", "per", "in"}  # 'hours to resolve', 'time per ticket'
GENERIC_HEADS = {("type",), ("kind",), ("level",), ("tier",), ("band",), ("bucket",), ("bracket",), ("group",)}
GENERIC_HEADS |= {(word + "s",) for (word,) in GENERIC_HEADS}
QUANTIFIERS = {"all", "any", "none", "other", "each", "every", "total", "us", "our", "the"}


@dataclass
class Match:
    start: int
    end: int
    words: tuple[str, ...]
    targets: list[Target]
    fuzzy: bool = False

    def best(self, kind: str) -> list[Target]:
        found = [t for t in self.targets if t.kind == kind]
        if not found:
            return []
        top = max(t.weight for t in found)
        if kind == "dimension":  # a dimension's synonym names it as much as another's name does
            top = min(top, SYNONYM)
        return [t for t in found if t.weight >= top]


class PhraseMatching:
    """Needs ``lexicon``; keeps what it builds on first use in ``_spelling``, ``_stem_bags`` and ``_endings`` (None
    until then)."""

    lexicon: Lexicon
    _spelling: Optional[FuzzyVocabulary]
    _stem_bags: Optional[dict[frozenset[str], list[Target]]]  # metric phrases by their words' first five letters
    _endings: Optional[dict[str, set[str]]]  # columns with a member of several words, by its last word

    def named_targets(self, question: str, domain: Optional[str] = None) -> list[Target]:
        """What the question names outright (metrics, dimensions, entities, members of dimensions), longest
        phrases first, after the same spelling correction ``read`` applies. Retrieval ranks these first."""
        text, _ = self._correct_spelling(clean_question(question))
        matches, *_ = self.match_phrases(question_words(self.protect_metric_phrases(text)), domain)
        ordered = sorted(matches, key=lambda m: -len(m.words))
        return [t for m in ordered for t in sorted(m.targets, key=lambda t: -t.weight)]

    def _correct_spelling(self, text: str) -> tuple[str, list[str]]:
        """Fix words one edit away from a model word or a time word before anything else reads the text."""
        if self._spelling is None:
            words = set(self.lexicon.vocabulary.words if self.lexicon.vocabulary else ()) | TIME_WORDS | RULE_WORDS
            self._spelling = FuzzyVocabulary(words | {w for w in STOPWORDS if len(w) >= 5})
        corrections = []
        out = []
        for raw in text.split(" "):
            word = raw.strip(".,;:?!()")
            if (
                len(word) >= 4
                and word.isalpha()
                and word not in self._spelling.words
                and word not in STOPWORDS
                and singular(word) not in self._spelling.words
            ):
                fixed = self._spelling.correct(word)
                if fixed and fixed != word:
                    if fixed != word[:-1]:  # 'topics' is the plural of 'topic', not a slip
                        corrections.append(f"{word} → {fixed}")
                    raw = raw.replace(word, fixed)
            out.append(raw)
        return " ".join(out), corrections

    def _absorb_member_tails(self, matches: list[Match]) -> list[Match]:
        """A word right after a member that other members of the same column end with belongs to it: 'organic
        search' is the organic traffic source (as 'paid search' is one), not also the 'search' campaign channel."""
        out: list[Match] = []
        for match in matches:
            previous = out[-1] if out else None
            if (
                previous is not None
                and previous.end == match.start
                and len(match.words) == 1
                and previous.best("value")
            ):
                columns = {t.name for t in previous.best("value")}
                ending = self._member_endings().get(match.words[0], set())
                if columns & ending and not columns & {t.name for t in match.best("value")}:
                    out[-1] = Match(
                        previous.start, match.end, previous.words + match.words, previous.targets, previous.fuzzy
                    )
                    continue
            out.append(match)
        return out

    def _member_endings(self) -> dict[str, set[str]]:
        """The columns with a member of several words ending in each word: {'search': {traffic_source}}."""
        if self._endings is None:
            self._endings = {}
            for key, targets in self.lexicon.phrases.items():
                if len(key) > 1:
                    self._endings.setdefault(key[-1], set()).update(t.name for t in targets if t.kind == "value")
        return self._endings

    def _absorb_metric_tails(self, matches: list[Match]) -> list[Match]:
        """A word right after a metric's phrase that forms another phrase of the same metric with the phrase's last
        word belongs to the metric: 'average basket size' is the average basket (AOV), whose synonym 'basket size'
        it also says, not the average basket by order size."""
        out: list[Match] = []
        for match in matches:
            previous = out[-1] if out else None
            if previous is not None and previous.end == match.start and len(match.words) == 1:
                tail = (previous.words[-1], *match.words)
                same = _metric_names(previous.targets) & _metric_names(self.lexicon.phrases.get(tail, []))
                if same:
                    named = [t for t in previous.targets if t.name in same]
                    out[-1] = Match(previous.start, match.end, previous.words + match.words, named, previous.fuzzy)
                    continue
            out.append(match)
        return out

    def protect_metric_phrases(self, text: str) -> str:
        """Metric names that contain time words ('mtd sales', 'revenue last year') are joined with underscores so
        the time parser leaves them alone; the tokenizer splits them back."""
        for phrase in self.lexicon.time_phrases:
            if phrase in text:
                text = re.sub(r"\b" + re.escape(phrase) + r"\b", phrase.replace(" ", "_"), text)
        return text

    # ---- matching ------------------------------------------------------------------------------

    def match_phrases(
        self, words: list[str], domain: Optional[str]
    ) -> tuple[list[Match], list[str], list[str], list[str]]:
        """Phrase matches (longest first), unknown words, corrections made, and the corrected words."""
        vocabulary = self.lexicon.vocabulary
        corrected, fuzzy = list(words), []
        for index, word in enumerate(words):
            if (
                word not in self.lexicon.words
                and word not in STOPWORDS
                and word not in RULE_WORDS
                and not word.isdigit()
                and vocabulary is not None
            ):
                fixed = vocabulary.correct(word)
                if fixed:
                    corrected[index] = fixed
                    fuzzy.append(f"{word} → {fixed}")
        matches: list[Match] = []
        unknown: list[str] = []
        i = 0
        while i < len(corrected):
            found = None
            for length in range(min(self.lexicon.longest, len(corrected) - i), 0, -1):
                key = tuple(corrected[i : i + length])
                targets = self.lexicon.phrases.get(key) or (  # words in another order, but 'total orders' is
                    self._reordered(key) if length > 1 and not set(key) & STOPWORDS else None
                )  # not 'order total'
                targets = [t for t in targets or [] if self._in_scope(t, domain)]
                if targets and not (
                    length == 1
                    and key[0] in STOPWORDS
                    and all(t.kind == "value" for t in targets)
                    and not self._listed_with(corrected, i, targets, matches)
                    and not (i > 0 and corrected[i - 1] in MEMBER_CUES | STATE_CUES and key[0] not in QUANTIFIERS)
                    and not (key[0] not in QUANTIFIERS and _before_own_noun(corrected, i, targets))  # 'all campaigns'
                ):
                    found = Match(
                        i, i + length, key, targets, any(corrected[j] != words[j] for j in range(i, i + length))
                    )
                    break
            if found is None:
                found = self._gapped(corrected, words, i, domain) or self._same_stems(corrected, i, domain)
            if found is None:
                found = self._compound(corrected, i, domain)
            if found is None:
                word = corrected[i]
                previous = matches[-1] if matches else None
                if (
                    (word,) in GENERIC_HEADS
                    and previous is not None
                    and previous.end == i
                    and previous.best("dimension")
                ):
                    matches[-1] = Match(
                        previous.start, i + 1, (*previous.words, word), previous.targets, previous.fuzzy
                    )
                elif word not in STOPWORDS and word not in self.lexicon.fillers and not word.isdigit() and word != ",":
                    unknown.append(words[i])  # 'order size band' is the order size
                i += 1
            elif (cut := self._cut_before_phrase(found, corrected, domain)) is not None:
                # 'number of | store managers': the count cue, then the job title; 'sales | per customer tier'
                head = tuple(corrected[found.start : found.start + cut])
                targets = [t for t in self.lexicon.phrases.get(head, []) if self._in_scope(t, domain)]
                if targets and not set(head) <= STOPWORDS:
                    matches.append(Match(found.start, found.start + cut, head, targets, found.fuzzy))
                i = found.start + cut
            else:
                matches.append(found)
                i = found.end
        matches = self._absorb_member_tails(self._absorb_metric_tails(matches))
        return _absorb_generic_heads(matches), unknown, fuzzy, corrected

    def _cut_before_phrase(self, found: Match, words: list[str], domain: Optional[str]) -> Optional[int]:
        """Where to cut a match whose last word starts a longer phrase naming rows or a column: after a count cue
        ('number of | store managers'), or before 'per' ('sales | per customer tier'). None: keep it whole."""
        cue = found.words[:-1]
        if len(found.words) < 2:
            return None
        if set(cue) <= {"number", "of", "count", "total"}:
            cut, kinds = len(cue), None
        elif cue[-1] == "per" and len(cue) > 1:
            cut, kinds = len(cue) - 1, {"dimension", "entity"}
        else:
            return None
        start = found.end - 1
        for length in range(2, min(self.lexicon.longest, len(words) - start) + 1):
            targets = self.lexicon.phrases.get(tuple(words[start : start + length]), [])
            if any(self._in_scope(t, domain) and (kinds is None or t.kind in kinds) for t in targets):
                return cut
        if kinds is None:
            return None
        owners = {t.name for t in self.lexicon.phrases.get((words[start],), []) if t.kind == "entity"}
        for length in range(1, min(self.lexicon.longest, len(words) - start - 1) + 1):  # 'customer | tier'
            targets = self.lexicon.phrases.get(tuple(words[start + 1 : start + 1 + length]), [])
            if any(t.kind == "dimension" and t.name.split(".")[0] in owners for t in targets):
                return cut
        return None

    def _reordered(self, key: tuple[str, ...]) -> list[Target]:
        """A phrase's words said in another order. A metric name stays whole ('revenue net' is net revenue), but
        a word that is a metric or an entity by itself is not folded into another kind of phrase: 'West region
        sales' is sales in the West region, not the dimension 'sales region'; 'region stores' are stores."""
        targets = self.lexicon.bags.get(tuple(sorted(key))) or []
        if any(t.kind in ("metric", "entity") for w in key for t in self.lexicon.phrases.get((w,), [])):
            targets = [t for t in targets if t.kind == "metric"]  # 'Central region stores' are stores
        return targets

    def fold_predicates(self, words: list[str]) -> list[str]:
        """'tickets that are still open' is 'open tickets' when the model knows that phrase (a metric's name or
        synonym), so the model's definition of open tickets is used rather than one status."""
        out = self._share_counted(list(words))
        if RATIO_CUES & set(out):
            return out  # 'what share of orders was cancelled': the rate of the cancelled ones among all
        i = 0
        while i < len(out) - 2:
            j = i + 1 + (out[i + 1] in ("that", "which", "who"))
            been = out[j : j + 2] in (["have", "been"], ["has", "been"], ["had", "been"])  # 'have been resolved'
            if j < len(out) and (out[j] in STATE_CUES or been):
                k = j + 1
                while k < len(out) - 1 and out[k] in ("still", "currently", "now", "all", "been"):
                    k += 1
                if k < len(out) and (out[k], out[i]) in self.lexicon.phrases:
                    out[i : k + 1] = [out[k], out[i]]
                elif k < len(out) and i > 0 and (out[k], out[i - 1], out[i]) in self.lexicon.phrases:
                    out[i - 1 : k + 1] = [out[k], out[i - 1], out[i]]  # 'CSAT surveys were answered'
                elif k < len(out) and out[i - 1 : i + 1] == ["how", "many"]:
                    # 'the tickets opened each month: how many were opened and how many are resolved'; 'of the
                    # tickets opened last quarter, how many have been resolved': the resolved tickets
                    said = [w for w in out[:i] if (out[k], w) in self.lexicon.phrases]
                    rows = [w for w in out[:i] if any(t.kind == "entity" for t in self.lexicon.phrases.get((w,), []))]
                    if said:
                        out[i + 1 : k + 1] = [out[k], said[-1]]
                        if not _asks_how_many_twice(out):  # asked once: only the resolved ones are counted
                            del out[max(n for n in range(i) if out[n] == said[-1])]
                            i -= 1
                    elif rows and _asks_how_many_twice(out):  # 'how many were opened': of the rows said before
                        out[i + 1] = rows[-1]
            i += 1
        return out

    def _share_counted(self, out: list[str]) -> list[str]:
        """'How many of the tickets opened in 2024 are resolved': the resolved tickets, when the model knows that
        phrase (a metric's name or synonym)."""
        for i in range(len(out) - 3):
            if out[i : i + 3] != ["how", "many", "of"]:
                continue
            k = i + 3 + (out[i + 3] in ("the", "our", "all", "those", "these"))
            for j in range(k + 1, len(out) - 1):
                if k < len(out) and out[j] in STATE_CUES and (out[j + 1], out[k]) in self.lexicon.phrases:
                    return out[:k] + [out[j + 1]] + out[k:j] + out[j + 2 :]
        return out

    def _compound(self, words: list[str], i: int, domain: Optional[str]) -> Optional[Match]:
        """Two words the model writes as one: 'page views' for the column 'pageviews'."""
        if i + 1 >= len(words) or not (words[i].isalpha() and words[i + 1].isalpha()):
            return None
        if words[i] in STOPWORDS or words[i + 1] in STOPWORDS:  # not 'in discounts' for 'indiscount'
            return None
        joined = singular(words[i] + words[i + 1])
        targets = [t for t in self.lexicon.phrases.get((joined,), []) if self._in_scope(t, domain)]
        return Match(i, i + 2, (words[i], words[i + 1]), targets) if targets else None

    def money_units(self, words: list[str]) -> list[str]:
        """'per ad dollar' is 'per ad spend' and 'per dollar of ad spend' is 'per ad spend', when the model knows
        that phrase: a dollar of a money metric is that metric. 'Return per ad spend' is 'return on ad spend'."""
        out = list(words)
        i = 0
        while i < len(out):
            if out[i] == "dollar" and out[i + 1 : i + 2] == ["of"]:
                del out[i : i + 2]
                continue
            if out[i] == "dollar" and i > 0:
                out[i] = next((n for n in ("spend", "cost") if (out[i - 1], n) in self.lexicon.phrases), "dollar")
            i += 1
        for i in range(1, len(out) - 2):  # 'return per ad spend' is the model's 'return on ad spend'
            if out[i] == "per" and (out[i - 1], "on", *out[i + 1 : i + 3]) in self.lexicon.phrases:
                out[i] = "on"
        return out

    def share_heads(self, words: list[str]) -> list[str]:
        """'start and end dates' is 'start date and end date' when the model knows both phrases: the head noun of
        the second one is shared by the first."""
        out = list(words)
        i = 0
        while i + 3 < len(out):
            first, joiner, second, head = out[i : i + 4]
            if (
                joiner in ("and", "or")
                and (first, head) in self.lexicon.phrases
                and (second, head) in self.lexicon.phrases
            ):
                out.insert(i + 1, head)
                i += 5
            else:
                i += 1
        return out

    def _gapped(self, corrected: list[str], words: list[str], i: int, domain: Optional[str]) -> Optional[Match]:
        """A two-word metric name said the other way round around a preposition: 'spend on marketing' is
        marketing spend."""
        if i + 2 >= len(corrected) or corrected[i + 1] not in GAP_WORDS:
            return None
        key = tuple(sorted((corrected[i], corrected[i + 2])))
        targets = [t for t in self.lexicon.bags.get(key, []) if t.kind == "metric" and self._in_scope(t, domain)]
        if not targets:
            return None
        fuzzy = corrected[i] != words[i] or corrected[i + 2] != words[i + 2]
        return Match(i, i + 3, (corrected[i], corrected[i + 2]), targets, fuzzy)

    def _same_stems(self, corrected: list[str], i: int, domain: Optional[str]) -> Optional[Match]:
        """A metric's many-word name said with other forms of its words, in any order, around function words:
        'hours to resolve' is 'resolution hours' (the words agree in their first five letters)."""
        if corrected[i] in STOPWORDS:
            return None
        if self._stem_bags is None:
            self._stem_bags = {}
            for key, targets in self.lexicon.phrases.items():
                if len(key) > 1 and not set(key) & STOPWORDS:
                    for target in targets:
                        if target.kind == "metric":
                            self._stem_bags.setdefault(frozenset(w[:5] for w in key), []).append(target)
        for length in range(min(5, len(corrected) - i), 2, -1):
            window = corrected[i : i + length]
            if window[-1] in STOPWORDS or any(w in STOPWORDS and w not in STEM_GAP_WORDS for w in window):
                continue
            stems = frozenset(w[:5] for w in window if w not in STOPWORDS)
            targets = [t for t in self._stem_bags.get(stems, []) if self._in_scope(t, domain)]
            if targets and len(stems) == len([w for w in window if w not in STOPWORDS]):
                return Match(i, i + length, tuple(window), targets, True)
        return None

    def _listed_with(self, words: list[str], index: int, targets: list[Target], matches: list[Match]) -> bool:
        """A member that is also a common word ('returns') counts when it is listed with another member of the same
        dimension: 'billing and returns', 'returns or billing'."""
        dimensions = {t.name for t in targets}

        def member_of_same(key: tuple[str, ...]) -> bool:
            return any(t.kind == "value" and t.name in dimensions for t in self.lexicon.phrases.get(key, []))

        previous = matches[-1] if matches else None
        if previous is not None and all(w in LIST_JOINERS for w in words[previous.end : index]):
            if previous.end < index and member_of_same(previous.words):
                return True
        after = index + 1
        while after < len(words) and words[after] in LIST_JOINERS:
            after += 1
        if after == index + 1:
            return False
        return any(
            member_of_same(tuple(words[after : after + length]))
            for length in range(1, min(self.lexicon.longest, len(words) - after) + 1)
        )

    def _in_scope(self, target: Target, domain: Optional[str]) -> bool:
        if domain is None or target.kind in ("dimension", "value", "entity"):
            return True
        return target.domain == domain


def _asks_how_many_twice(words: list[str]) -> bool:
    return sum(1 for a, b in zip(words, words[1:]) if (a, b) == ("how", "many")) > 1


def qualifier_matches(matches: list[Match], value_matches: list[Match], words: Sequence[str] = ()) -> set[int]:
    """Matches that only say which dimension a neighbouring member belongs to ('status' in 'status shipped'), not
    across a breakdown's cue ('orders by store' breaks orders down by store)."""
    qualifiers: set[int] = set()
    for index, match in enumerate(matches):
        if match.best("value") and not any(t.kind == "entity" and t.weight == NAME_WEIGHT for t in match.targets):
            continue  # a member, unless the word is first its entity's name ('stores' in 'flagship stores')
        for other in value_matches:
            between = list(words[match.end : other.start]) + list(words[other.end : match.start])
            if set(between) & {"by", "per", "each", "every"}:
                continue
            if other.start >= match.end and words[match.start - 1 : match.start] in (["by"], ["per"]):
                continue  # 'revenue by segment for premium and business customers': the breakdown, then members
            if abs(other.start - match.end) <= 1 or abs(match.start - other.end) <= 1:
                dims = {t.name for t in other.best("value")}
                entities = {d.split(".")[0] for d in dims}
                if any(
                    t.name in dims or t.name in entities for t in match.targets if t.kind in ("dimension", "entity")
                ):
                    qualifiers.add(index)
    return qualifiers


def _before_own_noun(words: list[str], index: int, targets: list[Target]) -> bool:
    """A member that is also a common word counts right before its entity's noun: 'display campaigns'."""
    following = words[index + 1] if index + 1 < len(words) else ""
    return any(singular(t.name.split(".")[0].split("_")[-1]) == following for t in targets)


def _metric_names(targets: list[Target]) -> set[str]:
    return {t.name for t in targets if t.kind == "metric"}


def _absorb_generic_heads(matches: list[Match]) -> list[Match]:
    """A generic noun right after a dimension or a member names that dimension: 'device type' is the device,
    'contract type' the dimension 'contract' is a member of, not some other dimension called 'type'."""
    out: list[Match] = []
    for match in matches:
        previous = out[-1] if out else None
        if match.words in GENERIC_HEADS and previous is not None and previous.end == match.start:
            named = previous.best("dimension") or [
                Target("dimension", t.name, t.domain, t.weight, source=t.source) for t in previous.best("value")
            ]
            if named:
                out[-1] = Match(previous.start, match.end, previous.words + match.words, named, previous.fuzzy)
                continue
        out.append(match)
    return out


def said_plural(match: Match, question: str) -> bool:
    """The one word of a match said in the plural ('stores' for 'store'): an entity's rows rather than a member,
    which is a singular word ('store' the sales channel). Not for plurals that are members themselves."""
    if len(match.words) != 1:
        return False
    word = match.words[0]
    said = {t for t in re.findall(r"[a-z]+", question.lower()) if singular(t) == word and t.endswith("s")}
    return bool(said) and word not in said
