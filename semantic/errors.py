"""Typed errors. Each carries a stable ``code``, a message written for the person who must fix it,
and a structured form (``to_dict``) that CLI JSON and MCP return as data.

>>> str(UnknownNameError("metric", "revnue", ["revenue", "refunds"]))
"unknown metric 'revnue'; did you mean 'revenue'?"
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Sequence

from semantic.model.issues import Issue
from semantic.names import did_you_mean


class SemctxError(Exception):
    """Base of every error semctx raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, details: Optional[dict[str, Any]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.details}


class ProjectNotFoundError(SemctxError):
    code = "project_not_found"


class ModelValidationError(SemctxError):
    """The model has errors; ``issues`` lists all of them, not just the first."""

    code = "invalid_model"

    def __init__(self, issues: Sequence[Issue]) -> None:
        self.issues = list(issues)
        errors = [issue for issue in self.issues if issue.level == "error"]
        lines = "\n".join(issue.format() for issue in errors[:50])
        more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"the model has {len(errors)} error(s):\n{lines}{more}")

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "issues": [i.to_dict() for i in self.issues]}


class QueryError(SemctxError):
    """A semantic query that cannot be compiled as asked."""

    code = "invalid_query"


class UnknownNameError(QueryError):
    code = "unknown_name"

    def __init__(self, kind: str, name: str, candidates: Iterable[str], *, hint: str = "") -> None:
        suggestions = did_you_mean(name, candidates)
        message = f"unknown {kind} {name!r}"
        if suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
        if hint:
            message += f" {hint}" if suggestions else f". {hint}"
        super().__init__(message, details={"kind": kind, "name": name, "suggestions": suggestions})


class AmbiguousNameError(QueryError):
    code = "ambiguous_name"


class AmbiguousPathError(QueryError):
    code = "ambiguous_join_path"


class UnreachableError(QueryError):
    code = "unreachable_dimension"


class FilterError(QueryError):
    code = "invalid_filter"


class DialectError(QueryError):
    code = "unknown_dialect"


class EngineError(SemctxError):
    code = "engine_error"


class NotPermittedError(SemctxError):
    code = "not_permitted"
