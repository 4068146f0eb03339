"""Caveats on metrics from the last data-contract check (``.semctx/contracts.json``, written by governance).

The core only reads the file: a metric whose lineage reaches a table with violations carries one caveat per
table, shown by ``describe``, in answers and in packed context.

>>> caveat_lines({"orders": [{"message": "status: 3 row(s) outside the accepted values"}]}, ["orders"], "2026-11-26")
['source table orders breaks its data contract (status: 3 row(s) outside the accepted values; checked 2026-11-26)']
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable, Optional

CAVEATS_FILE = ".semctx/contracts.json"
_cache: dict[Path, tuple[int, tuple[dict[str, list[dict[str, Any]]], str]]] = {}


def read_violations(root: Optional[Path]) -> tuple[dict[str, list[dict[str, Any]]], str]:
    """Violations per table and when they were checked; empty when never checked or unreadable. The file is read
    again only when it changes (queries ask for caveats on every call)."""
    if root is None:
        return {}, ""
    path = root / CAVEATS_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}, ""
    cached = _cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        found = {t: v for t, v in data.get("tables", {}).items() if v}, str(data.get("checked_at", ""))[:10]
    except (OSError, ValueError, AttributeError):
        found = {}, ""
    _cache[path] = (stamp, found)
    return found


def caveat_lines(violations: dict[str, list[dict[str, Any]]], tables: Iterable[str], checked: str) -> list[str]:
    lines = []
    for table in sorted(set(tables)):
        found = violations.get(table)
        if found:
            detail = "; ".join(v.get("message", "") for v in found[:3]) + ("; …" if len(found) > 3 else "")
            lines.append(f"source table {table} breaks its data contract ({detail}; checked {checked})")
    return lines
