"""Validation issues: what is wrong, where (file:line), and how to fix it.

>>> Issue("error", "unknown_measure", "unknown measure 'x'", "models/sales.yml", 12).format()
"models/sales.yml:12: unknown_measure: unknown measure 'x'"
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Optional

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    level: Level
    code: str
    message: str
    file: Optional[str] = None
    line: Optional[int] = None
    suggestions: tuple[str, ...] = field(default=())

    def format(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (f"{self.file}: " if self.file else "")
        tail = f" (did you mean {' or '.join(repr(s) for s in self.suggestions)}?)" if self.suggestions else ""
        prefix = "" if self.level == "error" else "warning: "
        return f"{where}{prefix}{self.code}: {self.message}{tail}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["suggestions"] = list(self.suggestions)
        return data
