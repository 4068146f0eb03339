"""What the question compiler hands back: a reading (a query, or a clarification with options)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

MIN_CONFIDENCE = 0.65  # below it a reading is offered as an option, not run


@dataclass(frozen=True)
class Option:
    """One candidate reading of a question."""

    query: dict[str, Any]
    description: str
    score: float


@dataclass
class Reading:
    """What the compiler understood. ``query`` is None when it asks back (``clarification``)."""

    question: str
    query: Optional[dict[str, Any]] = None
    confidence: float = 0.0
    description: str = ""
    domain: Optional[str] = None
    source: str = "compiler"
    clarification: Optional[str] = None
    options: list[Option] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
