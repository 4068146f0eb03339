"""Answering gold questions with a given context, honestly: the reader knows only what the context holds.

For each question and each context (a pack at a token budget, or the whole model), a reader turns the question
into a structured query. The deterministic reader is the offline compiler restricted to the pack's metrics,
dimensions and verified questions (``Interpreter.restricted``); the agent reader is the LLM path (litellm) given
the pack's text as its catalogue. A query naming anything outside the context does not count. The query runs
as the local principal and its rows are compared with the gold rows (order and column names ignored, numbers to
6 significant digits); a clarification counts when one was expected.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Optional

from evals.gold import GoldQuestion, judge
from evals.retrieval_quality import needed_elements
from semantic.api import SemanticLayer
from semantic.errors import SemctxError
from semantic.nl.ask import MIN_CONFIDENCE

FULL = "full model"


@dataclass(frozen=True)
class Context:
    """What a reader is given: a label, its text and token count, and the element names it holds (None: all)."""

    label: str
    budget: Optional[int]
    text: str
    tokens: int
    elements: Optional[frozenset[str]]
    verified: frozenset[str] = frozenset()


@dataclass
class Attempt:
    """One question answered with one context: the rows (None when the reader asked back) and the gold rows."""

    item: GoldQuestion
    context: str
    budget: Optional[int]
    tokens: int
    rows: Optional[list[tuple[Any, ...]]]
    expected: Optional[list[tuple[Any, ...]]]
    answer: str
    latency_ms: float
    needed: set[str] = field(default_factory=set)
    provided: Optional[set[str]] = None  # None: the whole model

    @property
    def verdict(self) -> str:
        return judge(self.rows, self.expected, self.item.expect == "clarification")


Reader = Callable[[SemanticLayer, GoldQuestion, Context], tuple[Optional[dict[str, Any]], str]]


def expected_rows(layer: SemanticLayer, item: GoldQuestion) -> Optional[list[tuple[Any, ...]]]:
    """The gold rows: given, from read-only truth SQL (checked by the read-only guard), or from a semctx query."""
    if item.expect == "clarification":
        return None
    if item.rows is not None:
        return [tuple(row) for row in item.rows]
    if item.sql is not None:
        import sqlglot

        from semantic.engines.base import ensure_select

        tree = sqlglot.parse_one(item.sql, read=layer.engine.dialect)
        ensure_select(tree)
        timeout = layer.model.config.warehouse.timeout_seconds
        return layer.engine.execute_sql(
            tree.sql(dialect=layer.engine.dialect), row_limit=100_000, timeout_seconds=timeout
        ).rows
    return layer.query(item.query or {}).rows


def contexts_for(layer: SemanticLayer, question: str, budgets: tuple[int, ...], full: Context) -> Iterator[Context]:
    """The packed context at each budget, then the whole model."""
    for budget in budgets:
        pack = layer.context(question, budget=budget)
        verified = frozenset(i.name for i in pack.items if i.kind == "verified_question")
        yield Context(f"{budget} tokens", budget, pack.text, pack.tokens, frozenset(pack.element_names()), verified)
    yield full


def full_context(layer: SemanticLayer) -> Context:
    """Every indexed element's text: the context an agent gets without scoping."""
    from retrieval.tokens import TokenCounter

    text = layer.context_service.full_text()
    return Context(FULL, None, text, TokenCounter().count(text), None)


def deterministic_reader(layer: SemanticLayer, item: GoldQuestion, context: Context) -> tuple[Optional[dict], str]:
    """The offline compiler knowing only the context's elements; (query or None, what it said)."""
    reader = layer.interpreter
    if context.elements is not None:
        reader = reader.restricted(set(context.elements), set(context.verified))
    reading = reader.read(item.question)
    if reading.query is None or reading.confidence < MIN_CONFIDENCE:  # the rule `ask` applies: unsure → ask back
        return None, reading.clarification or "asked back (low confidence)"
    return reading.query, json.dumps(reading.query, sort_keys=True)


def attempt(
    layer: SemanticLayer, item: GoldQuestion, context: Context, reader: Reader, truth: Optional[list]
) -> Attempt:
    """Read, check the query stays inside the context, run it; the rows are judged later (``judge``)."""
    metrics = set(layer.graph.metrics)
    started = time.perf_counter()
    rows = None
    try:
        query, answer = reader(layer, item, context)
        if query is not None and context.elements is not None:
            outside = needed_elements(query, metrics) - context.elements
            if outside:
                query, answer = None, f"named {sorted(outside)}, which the context does not hold"
        if query is not None:
            rows = layer.query(query).rows
    except SemctxError as error:
        rows, answer = None, error.message
    return Attempt(
        item=item,
        context=context.label,
        budget=context.budget,
        tokens=context.tokens,
        rows=rows,
        expected=truth,
        answer=answer[:300],
        latency_ms=(time.perf_counter() - started) * 1000,
        needed=needed_elements(item.query, metrics) if item.query else set(),
        provided=set(context.elements) if context.elements is not None else None,
    )
