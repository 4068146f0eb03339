"""Resident memory of a process, from /proc (Linux), for the benchmark tables.

>>> rss_mb() > 0
True
"""

from __future__ import annotations

from pathlib import Path


def rss_mb(pid: int | str = "self") -> float:
    """VmRSS of process ``pid`` (default: this one) in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:"))
