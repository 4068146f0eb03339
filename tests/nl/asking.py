"""What the question-reader tests share: asking without running, comparing an answer's rows with a query's, and
the periods they name."""

from __future__ import annotations

from semantic.api import SemanticLayer

Q1_2025 = ["metric_time >= '2025-01-01'", "metric_time < '2025-04-01'"]
IN_2024 = ["metric_time >= '2024-01-01'", "metric_time < '2025-01-01'"]


def read(layer: SemanticLayer, question: str):
    """The reading of a question, without running it."""
    return layer.ask(question, run=False)


def same_rows(layer: SemanticLayer, question: str, query: dict) -> None:
    """The question is answered with the rows of ``query``."""
    answer = layer.ask(question)
    assert answer.answered, answer.clarification
    assert sorted(map(tuple, answer.rows)) == sorted(map(tuple, layer.query(query).rows))
