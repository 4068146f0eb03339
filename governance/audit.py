"""The audit log: one JSON line per facade call, appended and fsynced before the call returns. Questions are
stored with their PII replaced by typed placeholders (Presidio; patterns alone if Presidio cannot load).

Crash-safe by construction: each record is a single ``write`` to a file opened with ``O_APPEND`` and is flushed
to disk (``fsync``) before ``append`` returns, so a killed process loses no acknowledged record and cannot leave
half a line (a write system call is not interrupted by a signal). A file whose last line was torn by a power
loss is healed on open by ending that line, and readers skip lines that are not JSON, saying how many.

>>> import tempfile, pathlib
>>> log = AuditLog(pathlib.Path(tempfile.mkdtemp()) / "audit.jsonl")
>>> log.append({"entry": "query", "principal": "ana"})
>>> [r["entry"] for r in log.read()[0]]
['query']
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path
from typing import Any, Optional

from governance.pii_patterns import redact_patterns

MAX_QUESTION_CHARS = 2000  # longer questions are stored cut, with their length


class AuditLog:
    def __init__(self, path: Path, *, fsync: bool = True) -> None:
        self.path = path
        self.fsync = fsync
        self._lock = threading.Lock()
        self._fd: Optional[int] = None

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            size = os.fstat(fd).st_size
            if size:
                with open(self.path, "rb") as existing:
                    existing.seek(size - 1)
                    if existing.read(1) != b"\n":
                        os.write(fd, b"\n")  # end a line torn by an earlier crash
            self._fd = fd
        return self._fd

    def append(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, default=str, separators=(",", ":"), ensure_ascii=False) + "\n").encode()
        with self._lock:
            fd = self._open()
            written = os.write(fd, line)
            if written != len(line):  # only on a full disk; never leave half a record behind silently
                raise OSError(f"audit log {self.path}: wrote {written} of {len(line)} bytes")
            if self.fsync:
                os.fsync(fd)

    def read(self) -> tuple[list[dict[str, Any]], int]:
        """All records, and the number of lines that were not valid JSON (torn or edited)."""
        if not self.path.exists():
            return [], 0
        records, bad = [], 0
        with open(self.path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.strip():
                    continue
                try:
                    records.append(json.loads(line))
                except ValueError:
                    bad += 1
        return records, bad

    def close(self) -> None:
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None


class Auditor:
    """What the facade calls: builds the record (time, principal, redacted question) and appends it."""

    def __init__(self, log: AuditLog) -> None:
        self.log = log

    def record(self, principal: Any, entry: str, fields: dict[str, Any], latency_ms: float) -> None:
        record: dict[str, Any] = {
            "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
            "principal": getattr(principal, "name", str(principal)),
            "roles": list(getattr(principal, "roles", ())),
            "entry": entry,
            "latency_ms": round(latency_ms, 2),
        }
        for key, value in fields.items():
            if value is None:
                continue
            if key == "question":
                text = str(value)
                if len(text) > MAX_QUESTION_CHARS:
                    record["question_chars"] = len(text)
                    text = text[:MAX_QUESTION_CHARS]
                value, found = redact_question(text)
                if found:
                    record["question_redactions"] = found
            record[key] = value
        self.log.append(record)

    def close(self) -> None:
        self.log.close()


def redact_question(text: str) -> tuple[str, int]:
    """PII in a question, replaced by typed placeholders: Presidio, or patterns alone if it cannot load."""
    from governance.pii import PiiDetector, PiiEngineError

    try:
        redacted, counts = PiiDetector.shared().redact(text)
        return redacted, sum(counts.values())
    except PiiEngineError:
        return redact_patterns(text)


def open_auditor(root: Path, settings: Any) -> Optional[Auditor]:
    """The project's auditor (the ``semctx.audit`` entry point), or None when auditing is off.
    ``SEMCTX_AUDIT_FSYNC=0`` turns the per-record fsync off for a process (the test suite does; the crash test
    checks the log with fsync on)."""
    if not getattr(settings, "enabled", True):
        return None
    fsync = settings.fsync and os.environ.get("SEMCTX_AUDIT_FSYNC", "1") != "0"
    return Auditor(AuditLog(root / settings.path, fsync=fsync))
