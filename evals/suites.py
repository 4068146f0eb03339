"""The eval suites: each turns a project's gold questions (or its policy) into deepeval test cases, runs deepeval
with deterministic metrics, and summarises the scores as a table and named figures (for thresholds).

- ``completion``: task completion of the offline compiler given a packed context at each budget, and given the
  whole model; tokens and latency per question.
- ``llm``: the same harness with an LLM agent (litellm) reading the context; ``mock=True`` replays, through
  litellm's mock responses, the offline compiler's reading of the same context (CI: no key, no network).
- ``retrieval``: recall@k of the ranked elements; context recall and precision of each pack.
- ``safety``: PII leakage and policy bypass probes (see ``evals.safety``).
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Optional

from evals.gold import GoldQuestion, normalized_rows
from evals.harness import (
    FULL,
    Attempt,
    Context,
    Reader,
    attempt,
    contexts_for,
    deterministic_reader,
    expected_rows,
    full_context,
)
from semantic.api import SemanticLayer

SUITES = ("completion", "llm", "retrieval", "safety")
KS = (5, 10, 20)
Progress = Callable[[Iterable[Any], str], Iterable[Any]]


@dataclass
class SuiteResult:
    """A suite's table (rows of column → text), its figures for thresholds, and the points of its curve."""

    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, str]] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    curve: list[tuple[str, float, float]] = field(default_factory=list)  # (label, median tokens, completion)
    notes: list[str] = field(default_factory=list)
    cases: int = 0


def run_deepeval(cases: list[Any], metrics: list[Any]) -> list[dict[str, float]]:
    """deepeval.evaluate, quietly and synchronously; each case's scores by metric name, in input order."""
    from evals.offline import deepeval

    deepeval()
    from deepeval import evaluate  # after deepeval(): the offline variables are read at import
    from deepeval.evaluate.configs import AsyncConfig, CacheConfig, DisplayConfig

    if not cases:
        return []
    with contextlib.redirect_stdout(io.StringIO()):
        result = evaluate(
            cases,
            metrics,
            async_config=AsyncConfig(run_async=False),
            display_config=DisplayConfig(show_indicator=False, print_results=False),
            cache_config=CacheConfig(write_cache=False, use_cache=False),
        )
    ordered = sorted(result.test_results, key=lambda r: r.index)
    return [{m.name: float(m.score or 0.0) for m in r.metrics_data or []} for r in ordered]


def _case(a: Attempt) -> Any:
    from evals.offline import test_case_type

    LLMTestCase = test_case_type()
    clarify = a.item.expect == "clarification"
    return LLMTestCase(
        input=a.item.question,
        actual_output=a.answer or "(no answer)",
        expected_output="a clarification" if clarify else json.dumps(normalized_rows(a.expected or [])[:20]),
        name=f"{a.item.id} @ {a.context}",
        tags=list(a.item.tags),
        metadata={
            "rows": None if a.rows is None else [list(r) for r in normalized_rows(a.rows)],
            "expected": None if a.expected is None else [list(r) for r in normalized_rows(a.expected)],
            "expect_clarification": clarify,
            "needed": sorted(a.needed),
            "provided": sorted(a.provided or ()),
            "context": a.context,
            "tokens": a.tokens,
        },
    )


def answer_all(
    layer: SemanticLayer, items: list[GoldQuestion], budgets: tuple[int, ...], reader: Reader, progress: Progress
) -> list[Attempt]:
    full = full_context(layer)
    attempts = []
    for item in progress(items, "questions"):
        truth = expected_rows(layer, item)
        for context in contexts_for(layer, item.question, budgets, full):
            attempts.append(attempt(layer, item, context, reader, truth))
    return attempts


def completion_suite(name: str, title: str, attempts: list[Attempt], budgets: tuple[int, ...]) -> SuiteResult:
    from evals.metrics import task_completion

    scores = run_deepeval([_case(a) for a in attempts], [task_completion()])
    result = SuiteResult(
        name,
        title,
        [
            "context",
            "completed",
            "confidently wrong",
            "asked back",
            "completed dev",
            "completed test",
            "median tokens",
            "mean tokens",
            "p50 ms",
        ],
    )
    result.cases = len(attempts)
    for label in [f"{b} tokens" for b in budgets] + [FULL]:
        chosen = [(a, s) for a, s in zip(attempts, scores) if a.context == label]
        if not chosen:
            continue
        done = statistics.mean(s["task completion"] for _, s in chosen)
        wrong = statistics.mean(a.verdict == "wrong" for a, _ in chosen)
        asked = statistics.mean(a.verdict == "asked_back" for a, _ in chosen)
        tokens = [a.tokens for a, _ in chosen]
        key = label.split()[0] if label != FULL else "full"
        result.figures[f"{name}@{key}"] = round(done, 4)
        result.figures[f"{name}_wrong@{key}"] = round(wrong, 4)
        by_split = {
            split: [s["task completion"] for a, s in chosen if a.item.split == split] for split in ("dev", "test")
        }
        result.rows.append(
            {
                "context": label,
                "completed": f"{done:.1%}",
                "confidently wrong": f"{wrong:.1%}",
                "asked back": f"{asked:.1%}",
                "completed dev": f"{statistics.mean(by_split['dev']):.1%}" if by_split["dev"] else "-",
                "completed test": f"{statistics.mean(by_split['test']):.1%}" if by_split["test"] else "-",
                "median tokens": f"{statistics.median(tokens):.0f}",
                "mean tokens": f"{statistics.mean(tokens):.0f}",
                "p50 ms": f"{statistics.median(a.latency_ms for a, _ in chosen):.1f}",
            }
        )
        result.curve.append((label, statistics.median(tokens), done))
    return result


def retrieval_suite(layer: SemanticLayer, items: list[GoldQuestion], attempts: list[Attempt]) -> SuiteResult:
    """recall@k of the ranked candidates, then context recall and precision of each pack (deepeval metrics)."""
    from evals.metrics import context_precision, context_recall
    from evals.retrieval_quality import needed_elements

    result = SuiteResult(
        "retrieval", "Retrieval: recall@k and the packed context's recall and precision", ["measure", "value"]
    )
    metrics = set(layer.graph.metrics)
    recalls: dict[int, list[float]] = {k: [] for k in KS}
    for item in items:
        if not item.query:
            continue
        needed = needed_elements(item.query, metrics)
        ranked = layer.context_service.ranked_elements(item.question)
        for k in KS:
            recalls[k].append(len(needed & set(ranked[:k])) / len(needed) if needed else 1.0)
    for k in KS:
        if recalls[k]:
            value = statistics.mean(recalls[k])
            result.figures[f"recall@{k}"] = round(value, 4)
            result.rows.append({"measure": f"recall@{k} ({len(recalls[k])} questions)", "value": f"{value:.3f}"})
    packed = [a for a in attempts if a.provided is not None and a.needed]
    scores = run_deepeval([_case(a) for a in packed], [context_recall(), context_precision()])
    result.cases = len(packed) + len(recalls[KS[0]])
    for budget in sorted({a.budget for a in packed if a.budget is not None}):
        chosen = [s for a, s in zip(packed, scores) if a.budget == budget]
        recall = statistics.mean(s["context recall"] for s in chosen)
        precision = statistics.mean(s["context precision"] for s in chosen)
        complete = statistics.mean(s["context recall"] == 1.0 for s in chosen)
        result.figures[f"context_recall@{budget}"] = round(recall, 4)
        result.figures[f"context_precision@{budget}"] = round(precision, 4)
        result.rows.append(
            {
                "measure": f"context recall / precision @ {budget} tokens",
                "value": f"{recall:.3f} / {precision:.3f} (all needed present: {complete:.1%})",
            }
        )
    return result


def safety_suite(layer: SemanticLayer) -> SuiteResult:
    from evals.metrics import safety
    from evals.offline import test_case_type
    from evals.safety import probes

    found = probes(layer)
    result = SuiteResult(
        "safety",
        "Safety: PII leakage and policy bypass, every entry point, injection included",
        ["probe", "principals", "probes", "failed", "rate"],
    )
    result.cases = len(found)
    if not found:
        result.notes.append("no principals in policies.yml: nothing to probe")
        return result
    case_type = test_case_type()
    cases = [
        case_type(
            input=p.request,
            actual_output="; ".join(p.findings) or "nothing",
            name=f"{p.principal} {p.entry}",
            metadata={"findings": p.findings, "suite": p.suite},
        )
        for p in found
    ]
    scores = run_deepeval(cases, [safety("safe")])
    for suite in ("pii_leakage", "policy_bypass"):
        chosen = [(p, s) for p, s in zip(found, scores) if p.suite == suite]
        failed = [p for p, s in chosen if s["safe"] < 1.0]
        rate = len(failed) / len(chosen) if chosen else 0.0
        result.figures[suite] = round(rate, 4)
        result.rows.append(
            {
                "probe": suite.replace("_", " "),
                "principals": ", ".join(sorted({p.principal for p, _ in chosen})),
                "probes": str(len(chosen)),
                "failed": str(len(failed)),
                "rate": f"{rate:.1%}",
            }
        )
        result.notes.extend(
            f"{p.suite}: {p.principal} via {p.entry} ({p.request[:60]}): {p.findings[0]}" for p in failed[:10]
        )
    entries = sorted({p.entry for p in found})
    result.notes.append(f"entry points probed: {', '.join(entries)}; {len(set(p.request for p in found))} requests")
    return result


def mock_llm_reader(layer: SemanticLayer, item: GoldQuestion, context: Context) -> tuple[Optional[dict], str]:
    """The LLM path with litellm's mock response: the model 'answers' with the offline compiler's reading of the
    same context, so prompts, the Router, JSON parsing, validation and repair all run without a key."""
    from semantic.model.config import LlmConfig
    from semantic.nl.llm import llm_interpret

    query, _ = deterministic_reader(layer, item, context)
    reply = json.dumps({**(query or {"metrics": [], "dimensions": []}), "explanation": "mocked"})
    settings = LlmConfig(model="openai/gpt-4o-mini", max_repairs=0)
    found = llm_interpret(layer, item.question, settings=settings, catalogue=context.text, mock_response=reply)
    return found.query, json.dumps(found.query, sort_keys=True) if found.query else "; ".join(found.errors)


def llm_reader(layer: SemanticLayer, item: GoldQuestion, context: Context) -> tuple[Optional[dict], str]:
    """The configured model (semctx.yml llm) reading the context."""
    from semantic.nl.llm import llm_interpret

    settings = layer.model.config.llm
    assert settings is not None
    found = llm_interpret(layer, item.question, settings=settings, catalogue=context.text)
    return found.query, json.dumps(found.query, sort_keys=True) if found.query else "; ".join(found.errors)


__all__ = [
    "SUITES",
    "SuiteResult",
    "answer_all",
    "completion_suite",
    "retrieval_suite",
    "safety_suite",
    "mock_llm_reader",
    "llm_reader",
]
