"""``ask``: a question in words → the reading, its SQL and rows, or a clarification with options.

The offline interpreter answers first. When the project configures an LLM (``llm:`` in semctx.yml), it is
asked when the interpreter asks back (mode ``fallback``) or for every question (mode ``always``); whatever
it proposes is checked by the compiler before anything runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Optional

from semantic.errors import AmbiguousPathError, SemctxError, UnreachableError
from semantic.nl.reading import MIN_CONFIDENCE, Option, Reading
from semantic.results import jsonable

if TYPE_CHECKING:
    from semantic.api import SemanticLayer

__all__ = ["MIN_CONFIDENCE", "AskResult", "ask"]


@dataclass
class AskResult:
    """The answer to one question. ``clarification`` set means no rows: pick one of ``options``."""

    question: str
    query: Optional[dict[str, Any]] = None
    sql: Optional[str] = None
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    confidence: float = 0.0
    interpretation: str = ""
    domain: Optional[str] = None
    source: str = "compiler"
    clarification: Optional[str] = None
    options: list[Option] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    truncated: bool = False
    redactions: int = 0
    llm: Optional[dict[str, Any]] = None

    @property
    def answered(self) -> bool:
        return self.clarification is None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "question": self.question,
            "query": self.query,
            "sql": self.sql,
            "columns": self.columns,
            "rows": [[jsonable(v) for v in row] for row in self.rows],
            "confidence": self.confidence,
            "interpretation": self.interpretation,
            "domain": self.domain,
            "source": self.source,
            "truncated": self.truncated,
            "redactions": self.redactions,
            "notes": self.notes,
        }
        if self.clarification is not None:
            data["clarification"] = {
                "question": self.clarification,
                "options": [{"query": o.query, "description": o.description, "score": o.score} for o in self.options],
            }
        if self.llm is not None:
            data["llm"] = self.llm
        return data


def ask(
    layer: "SemanticLayer",
    question: str,
    *,
    domain: Optional[str] = None,
    run: bool = True,
    principal: Any = None,
    mock_llm_response: Any = None,
) -> AskResult:
    """Answer ``question`` through ``layer``; see the module docstring."""
    reading = layer.interpreter.read(question, domain)
    settings = layer.model.config.llm
    use_llm = settings is not None and (settings.mode == "always" or reading.query is None)
    result = _from_reading(reading)
    if reading.query is not None:
        result = _check(layer, result, principal)
    answer = None
    if settings is not None and (use_llm or result.clarification is not None):
        from semantic.nl.llm import llm_interpret

        try:
            answer = llm_interpret(
                layer, question, settings=settings, domain=domain, principal=principal, mock_response=mock_llm_response
            )
        except SemctxError as error:
            result.notes.append(f"LLM not used: {error.message}")
            answer = None
    if answer is not None:
        result.llm = {
            "model": answer.usage.model,
            "attempts": answer.usage.attempts,
            "prompt_tokens": answer.usage.prompt_tokens,
            "completion_tokens": answer.usage.completion_tokens,
            "cost_usd": answer.usage.cost_usd,
            "errors": list(answer.errors),
        }
        if answer.query is not None:
            result = _check(
                layer,
                AskResult(
                    question=question,
                    query=answer.query,
                    confidence=0.7,
                    interpretation=answer.explanation,
                    source="llm",
                    llm=result.llm,
                    domain=domain,
                ),
                principal,
            )
    if run and result.clarification is None and result.query is not None:
        kwargs = {"principal": principal} if principal is not None else {}
        rows = layer.query(result.query, **kwargs)
        result.columns, result.rows, result.truncated = rows.columns, rows.rows, rows.truncated
        result.redactions = rows.redactions
        result.sql = rows.sql
    return result


def _from_reading(reading: Reading) -> AskResult:
    return AskResult(
        question=reading.question,
        query=reading.query,
        confidence=reading.confidence,
        interpretation=reading.description,
        domain=reading.domain,
        source=reading.source,
        clarification=reading.clarification,
        options=list(reading.options),
        notes=list(reading.notes),
    )


def _check(layer: "SemanticLayer", result: AskResult, principal: Any) -> AskResult:
    """Compile the proposed query; turn compiler objections and low confidence into clarifications."""
    assert result.query is not None
    kwargs = {"principal": principal} if principal is not None else {}
    try:
        compiled = layer.compile(result.query, **kwargs)
    except AmbiguousPathError as error:
        paths = error.details.get("paths", [])
        result.clarification = f"{error.message}"
        result.options = [
            Option({**result.query, "via": [p.split(" ")[2]]}, f"through {p}", round(1 / len(paths), 3))
            for p in paths
            if len(p.split(" ")) > 2
        ]
        result.query = None
        return result
    except UnreachableError as error:
        result.clarification = error.message
        result.query = None
        return result
    except SemctxError as error:
        result.clarification = f"I could not build a valid query: {error.message}"
        result.options = [Option(result.query, "the closest reading (not valid as is)", result.confidence)]
        result.query = None
        return result
    result.sql = compiled.sql
    if result.confidence < MIN_CONFIDENCE:
        result.clarification = f"I am not sure I understood; did you mean: {result.interpretation}?"
        result.options = [Option(result.query, result.interpretation, result.confidence)]
        result.query = None
    return result
