"""Verified questions: a close paraphrase of one reuses its query instead of being read afresh."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Iterator, Optional

from semantic.model.types import VerifiedQuestion
from semantic.nl.cues import (
    clean_question,
    content_words,
    find_ranking,
    find_states,
    question_words,
    read_overage,
)
from semantic.nl.lexicon import STOPWORDS
from semantic.nl.reading import MIN_CONFIDENCE, Reading
from semantic.nl.text import tokens
from semantic.nl.timeparse import parse_time

if TYPE_CHECKING:
    from semantic.nl.interpret import Interpreter


class VerifiedQuestions:
    """Matches questions against the model's verified questions, by words or by meaning."""

    def __init__(self, reader: "Interpreter", only: Optional[set[str]] = None) -> None:
        self.reader = reader
        self.only = only  # when set, only these verified questions (by text) may be matched
        self._meanings: dict[tuple[str, Optional[str]], tuple[frozenset[str], tuple[object, ...], bool]] = {}
        self._model_words = reader.lexicon.words - STOPWORDS  # any word of a name: 'net' in 'net revenue'
        self._metric_words: Optional[set[str]] = None

    def match(self, text: str, domain: Optional[str]) -> Optional[Reading]:
        """A close paraphrase of a verified question reuses its query: the same words (surface overlap), or the
        same model elements and exactly the same time phrases (meaning overlap)."""
        asked = content_words(text)
        if not asked:
            return None
        asked_meaning = self.meaning(text, domain)
        for item in self.reader.graph.model.verified_questions:
            if domain and item.domain and item.domain != domain:
                continue
            if self.only is not None and item.question not in self.only:
                continue
            known = content_words(item.question.lower())
            overlap = len(asked & known) / len(asked | known)
            numbers_match = {w for w in asked if w.isdigit()} == {w for w in known if w.isdigit()}
            same_rank = find_ranking(text)[0] == find_ranking(item.question.lower())[0]  # 'furthest over budget'
            same_words = overlap >= 0.75 and numbers_match and same_rank and not ((asked ^ known) & self._model_words)
            verified_meaning = self.meaning(clean_question(item.question), domain)
            same_meaning = (
                numbers_match  # 'how many orders were over $1,000 each year' is not 'how many orders each year'
                and bool(asked_meaning[0])
                and not asked_meaning[2]  # every word of the question was understood
                and overlap >= 0.2
                and asked_meaning[1] == verified_meaning[1]
                # the same elements, or more of the ones the verified query shows ('... show opex and budget')
                and verified_meaning[0] <= asked_meaning[0] <= verified_meaning[0] | self._shown(item.query)
            )
            if same_words or same_meaning:
                return Reading(
                    question=text,
                    query=dict(item.query),
                    confidence=round(0.9 + 0.1 * overlap, 3),
                    description=f"verified question: {item.question}",
                    domain=item.domain or self.reader.facts.domain_of(list(item.query.get("metrics", [])), []),
                    source="verified",
                )
        return None

    def confirm(self, reading: Reading, domain: Optional[str]) -> Reading:
        """A reading too unsure to run whose metrics and breakdown are exactly a verified query's takes that query's
        order and limit and runs: the model's owners verified that shape ('Quarterly marketing spend next to the
        approved campaign budget'). Its own filters stay; without a period of its own, it takes the verified one."""
        if reading.query is None or reading.source != "compiler":
            return reading
        if reading.confidence >= MIN_CONFIDENCE:
            return self._verified_period(self._verified_members(reading, domain), domain)
        with_parts = self._parts_said(reading, domain)
        if with_parts is not None:  # 'what share of orders got refunded? Show the refunded and completed orders too'
            return with_parts
        if self._ignored_model_word(reading):
            return reading  # 'orders got refunded': an ignored word the model knows; a shape does not make up for it
        if self._names_another_measure(reading):
            return reading  # 'inventory turnover': a term of its own, not turnover
        for item in self.same_shape(reading.query, domain):
            query = {k: v for k, v in reading.query.items() if k not in ("order_by", "limit")}
            if not any("metric_time" in f for f in query.get("filters", [])):  # no period asked: the verified one
                timed = [f for f in item.query.get("filters") or [] if "metric_time" in f]
                if timed:
                    query["filters"] = [*query.get("filters", []), *timed]
            return _adopted(reading, item, query, "the shape of", MIN_CONFIDENCE)
        return reading

    def _parts_said(self, reading: Reading, domain: Optional[str]) -> Optional[Reading]:
        """An unsure reading of a ratio (or derived metric) whose ignored words name the parts a verified query shows
        next to it, with the same breakdown, takes that query's metrics and order; its own filters stay."""
        assert reading.query is not None
        ignored = [w.strip() for note in reading.notes if note.startswith("ignored:") for w in note[8:].split(", ")]
        metrics = set(reading.query.get("metrics") or [])
        graph = self.reader.graph
        parts = {p for m in metrics if m in graph.metrics for p in graph.upstream_metrics(graph.metrics[m])}
        if not ignored or not parts:
            return None
        for item in self._in_scope(domain):
            verified = set(item.query.get("metrics") or [])
            extra = verified - metrics
            if not (metrics < verified and extra <= parts):
                continue
            if set(item.query.get("dimensions") or []) != set(reading.query.get("dimensions") or []):
                continue
            named = {word for name in extra for word in name.split("_")}
            if all(len(w) >= 4 and any(n.startswith(w[:5]) for n in named) for w in ignored):
                query = {**reading.query, "metrics": list(item.query["metrics"])}
                return _adopted(reading, item, query, "the columns of", MIN_CONFIDENCE)
        return None

    def _verified_members(self, reading: Reading, domain: Optional[str]) -> Reading:
        """A confident reading with a verified query's metrics and breakdown that only keeps the members it names of
        that breakdown ('split revenue between online and in-store') shows every member as the owners verified it
        (legacy orders without a channel included), in the verified order."""
        assert reading.query is not None
        filters = list(reading.query.get("filters") or [])
        dimensions = set(reading.query.get("dimensions") or [])
        kept = [f for f in filters if f.split(" IN (")[0] in dimensions and " IN (" in f]
        if not kept:
            return reading
        rest = [f for f in filters if f not in kept]
        for item in self.same_shape(reading.query, domain):
            if any(f.split(" ")[0] in dimensions for f in item.query.get("filters") or []):
                continue
            if [f for f in item.query.get("filters") or [] if "metric_time" not in f]:
                continue
            query = (
                {**reading.query, "filters": rest}
                if rest
                else {k: v for k, v in reading.query.items() if k != "filters"}
            )
            return _adopted(reading, item, query, "every member, as in", reading.confidence)
        return reading

    def _in_scope(self, domain: Optional[str]) -> Iterator[VerifiedQuestion]:
        for item in self.reader.graph.model.verified_questions:
            if (domain and item.domain and item.domain != domain) or (
                self.only is not None and item.question not in self.only
            ):
                continue
            yield item

    def _verified_period(self, reading: Reading, domain: Optional[str]) -> Reading:
        """A confident reading with no period of its own, whose metrics and breakdown are exactly a verified
        query's that names one, takes that period: 'quarterly revenue growth against a year earlier' shows the
        quarters the owners verified (those with a year before them in the data), not empty early ones."""
        assert reading.query is not None
        if any("metric_time" in f for f in reading.query.get("filters") or []):
            return reading
        if not any(self.reader.facts.is_period_over_period(m) for m in reading.query.get("metrics") or []):
            return reading  # 'product sales for Summit by category': all time, not the verified question's 2024
        for item in self.same_shape(reading.query, domain):
            timed = [f for f in item.query.get("filters") or [] if "metric_time" in f]
            if not timed:
                continue
            query = {**reading.query, "filters": [*(reading.query.get("filters") or []), *timed]}
            return dataclasses.replace(
                reading, query=query, notes=[*reading.notes, f"the period of verified question: {item.question}"]
            )
        return reading

    def same_shape(self, query: dict, domain: Optional[str]) -> Iterator[VerifiedQuestion]:
        """Verified questions (in scope) whose query has exactly these metrics and this breakdown."""
        metrics = set(query.get("metrics") or [])
        dimensions = set(query.get("dimensions") or [])
        for item in self._in_scope(domain):
            if metrics and set(item.query.get("metrics") or []) == metrics:
                if set(item.query.get("dimensions") or []) == dimensions:
                    yield item

    def _ignored_model_word(self, reading: Reading) -> bool:
        """Some word the reading ignored is a form of a model word its query does not use ('refunded')."""
        assert reading.query is not None
        ignored = [w for note in reading.notes if note.startswith("ignored:") for w in note[8:].split(", ")]
        used = {
            part
            for name in [*(reading.query.get("metrics") or []), *(reading.query.get("dimensions") or [])]
            for part in name.replace(".", "_").replace("__", "_").split("_")
        }
        for word in ignored:
            stem = word.strip()[:5]
            if len(stem) >= 4 and any(w.startswith(stem) and w not in used for w in self._model_words):
                return True
        return False

    def _names_another_measure(self, reading: Reading) -> bool:
        """An ignored noun said right before a word of the chosen metric ('inventory turnover', 'net promoter
        score') makes a term of its own; a participle ('approved campaign budget') only describes the metric."""
        assert reading.query is not None
        ignored = {w.strip() for note in reading.notes if note.startswith("ignored:") for w in note[8:].split(", ")}
        if self._metric_words is None:  # the words of metric names and synonyms, built on first use
            metrics = self.reader.graph.metrics.values()
            words = {w for m in metrics for text in (m.name, *m.synonyms) for w in tokens(text)}
            self._metric_words = words - STOPWORDS
        said = tokens(reading.question)
        return any(
            word in ignored and not word.endswith(("ed", "ing", "ly")) and following in self._metric_words
            for word, following in zip(said, said[1:])
        )

    def meaning(self, text: str, domain: Optional[str]) -> tuple[frozenset[str], tuple[object, ...], bool]:
        """The model elements a text names, its time phrases, and whether some word was not understood."""
        cached = self._meanings.get((text, domain))
        if cached is not None:
            return cached
        spec, rest = parse_time(self.reader.protect_metric_phrases(text), self.reader.today, self.reader.fiscal_start)
        rank, rest = find_ranking(rest)
        states, rest = find_states(
            read_overage(rest, self.reader._names_metric), self.reader._names_metric
        )  # 'went over their budget' is 'over budget'
        matches, unknown, _, _ = self.reader.match_phrases(question_words(rest), domain)
        elements = frozenset(
            f"{t.kind}:{t.name}:{t.value}"
            for m in matches
            for t in m.targets
            if t.kind in ("metric", "value", "dimension", "entity") and t.weight == max(x.weight for x in m.targets)
        )
        said = (spec.start, spec.end, spec.grain, spec.compare, spec.to_date, rank, tuple(s[0] for s in states))
        meaning = (elements, said, bool(unknown))
        if len(self._meanings) < 4096:
            self._meanings[(text, domain)] = meaning
        return meaning

    def _shown(self, query: dict[str, object]) -> frozenset[str]:
        """The elements a verified query shows (its metrics, their entities, its dimensions), written as
        ``meaning`` writes them."""
        metrics = [str(name) for name in query.get("metrics") or []]  # type: ignore[attr-defined]
        dimensions = [str(name).split("__")[0] for name in query.get("dimensions") or []]  # type: ignore[attr-defined]
        entities = self.reader.facts.home_entities(metrics)
        return frozenset(
            [f"metric:{m}:None" for m in metrics]
            + [f"entity:{e}:None" for e in entities]
            + [f"dimension:{d}:None" for d in dimensions]
        )


def _adopted(reading: Reading, item: VerifiedQuestion, query: dict, how: str, confidence: float) -> Reading:
    """``reading`` with ``query`` in the verified question's order and limit, and a note saying which it took."""
    query = {**query, **{k: item.query[k] for k in ("order_by", "limit") if item.query.get(k)}}
    notes = [*reading.notes, f"{how} verified question: {item.question}"]
    return dataclasses.replace(reading, query=query, confidence=confidence, notes=notes)
