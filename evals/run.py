"""One eval run over a project: the chosen suites, their figures checked against thresholds, a report written.

>>> check_thresholds({"completion@800": 0.5, "pii_leakage": 0.0}, {"completion@800": 0.6}, {"pii_leakage": 0})
['completion@800 = 0.5 is below the minimum 0.6']
>>> check_thresholds({}, {"recall@10": 0.9}, {})
['recall@10 was not measured (no suite produced it)']
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from evals.gold import read_gold_file
from evals.suites import (
    SUITES,
    Progress,
    SuiteResult,
    answer_all,
    completion_suite,
    llm_reader,
    mock_llm_reader,
    retrieval_suite,
    safety_suite,
)
from semantic.api import SemanticLayer
from semantic.errors import QueryError


@dataclass
class EvalRun:
    project: str
    gold: str
    questions: int
    suites: list[SuiteResult]
    seconds: float
    failures: list[str] = field(default_factory=list)

    @property
    def figures(self) -> dict[str, float]:
        return {k: v for s in self.suites for k, v in s.figures.items()}


def _no_progress(items: Iterable[Any], label: str) -> Iterable[Any]:
    return items


def run_evals(
    layer: SemanticLayer,
    suites: Optional[list[str]] = None,
    *,
    gold: Optional[Path] = None,
    budgets: Optional[tuple[int, ...]] = None,
    mock_llm: bool = False,
    minimums: Optional[dict[str, float]] = None,
    maximums: Optional[dict[str, float]] = None,
    progress: Progress = _no_progress,
) -> EvalRun:
    """Run ``suites`` (default: completion, retrieval, safety, and llm when a model is configured or mocked)."""
    config = layer.model.config.evals
    started = time.perf_counter()
    chosen = list(suites or [s for s in SUITES if s != "llm" or mock_llm or layer.model.config.llm is not None])
    unknown = [s for s in chosen if s not in SUITES]
    if unknown:
        raise QueryError(f"unknown eval suite {unknown[0]!r}; choose from {', '.join(SUITES)}")
    if "llm" in chosen and not mock_llm and layer.model.config.llm is None:
        raise QueryError("the llm suite needs a model in semctx.yml (llm: model: ...) or --mock-llm")
    path = gold or layer.model.root / config.gold
    budgets = budgets or config.budgets
    needs_gold = {"completion", "llm", "retrieval"} & set(chosen)
    items = read_gold_file(path) if needs_gold else []
    if needs_gold:
        layer.build_index()
    results: list[SuiteResult] = []
    attempts = []
    if {"completion", "retrieval"} & set(chosen):
        attempts = answer_all(layer, items, budgets, _deterministic(), progress)
    if "completion" in chosen:
        title = "Task completion against context size: offline compiler, restricted to the context"
        results.append(completion_suite("completion", title, attempts, budgets))
    if "llm" in chosen:
        reader = mock_llm_reader if mock_llm else llm_reader
        model = "litellm mock responses" if mock_llm else layer.model.config.llm.model  # type: ignore[union-attr]
        llm_attempts = answer_all(layer, items, budgets, reader, progress)
        result = completion_suite(
            "llm", f"Task completion, LLM agent ({model}) given the context", llm_attempts, budgets
        )
        if mock_llm:
            result.notes.append(
                "mocked: the 'model' replays the offline compiler's reading of the same context "
                "through litellm's mock_response; this checks the agent path, not a model"
            )
        results.append(result)
    if "retrieval" in chosen:
        results.append(retrieval_suite(layer, items, attempts))
    if "safety" in chosen:
        results.append(safety_suite(layer))
    run = EvalRun(layer.model.config.name, str(path), len(items), results, time.perf_counter() - started)
    run.failures = check_thresholds(
        run.figures,
        {**config.thresholds.min, **(minimums or {})},
        {**config.thresholds.max, **(maximums or {})},
        measured_only=suites is not None,
    )
    return run


def _deterministic() -> Any:
    from evals.harness import deterministic_reader

    return deterministic_reader


def check_thresholds(
    figures: dict[str, float], minimums: dict[str, float], maximums: dict[str, float], measured_only: bool = False
) -> list[str]:
    """Every threshold missed, in words. A threshold on a figure no suite produced fails, unless only some suites
    were asked for (``measured_only``)."""
    failures = []
    for name, bound in minimums.items():
        if name not in figures:
            if not measured_only:
                failures.append(f"{name} was not measured (no suite produced it)")
        elif figures[name] < bound:
            failures.append(f"{name} = {figures[name]:g} is below the minimum {bound:g}")
    for name, bound in maximums.items():
        if name not in figures:
            if not measured_only:
                failures.append(f"{name} was not measured (no suite produced it)")
        elif figures[name] > bound:
            failures.append(f"{name} = {figures[name]:g} is above the maximum {bound:g}")
    return failures
