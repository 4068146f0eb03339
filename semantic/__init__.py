"""semctx's semantic core: YAML model → semantic graph → SQL through sqlglot → rows.

Names are imported lazily so the CLI starts fast.

>>> from semantic import SemanticQuery
>>> SemanticQuery(metrics=["revenue"]).metrics
('revenue',)
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__all__ = ["Principal", "SemanticLayer", "SemanticQuery", "SemctxError"]
__version__ = "0.1.0"

_WHERE = {
    "Principal": "semantic.access",
    "SemanticLayer": "semantic.api",
    "SemanticQuery": "semantic.query.semantic_query",
    "SemctxError": "semantic.errors",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'semantic' has no attribute {name!r}")
