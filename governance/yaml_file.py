"""Reading one of governance's YAML files into its pydantic model, with every problem as ``file:line``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, TypeVar

from pydantic import BaseModel, ValidationError

from semantic.errors import ModelValidationError
from semantic.model.issues import Issue
from semantic.model.yaml_lines import YamlProblem, line_of, parse_yaml_text

M = TypeVar("M", bound=BaseModel)


def read_checked(path: Path, model: type[M], code: str) -> tuple[Optional[M], Any]:
    """The file parsed into ``model`` (None when it does not exist) and the raw YAML, for later line lookups."""
    if not path.is_file():
        return None, None
    try:
        raw = parse_yaml_text(path.read_text(encoding="utf-8"), path.name)
    except (YamlProblem, UnicodeDecodeError) as problem:
        message = getattr(problem, "message", "not UTF-8 text")
        raise ModelValidationError([Issue("error", code, message, path.name, getattr(problem, "line", None))]) from None
    try:
        return model.model_validate(raw or {}), raw
    except ValidationError as error:
        issues = [
            Issue(
                "error",
                code,
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}",
                path.name,
                line_of(raw, tuple(e["loc"])),
            )
            for e in error.errors()
        ]
        raise ModelValidationError(issues) from None
