"""What every benchmark script needs besides its table: percentiles of samples, a process's resident memory, and
stopping with the reason when a benchmark is broken.

>>> percentile([3.0, 1.0, 2.0, 4.0], 0.5), percentile([3.0, 1.0, 2.0, 4.0], 0.95)
(2.0, 4.0)
>>> rss_mb() > 0
True
"""

from __future__ import annotations

import math
import sys
from pathlib import Path


def percentile(samples: list[float], q: float) -> float:
    """The nearest-rank ``q`` percentile (0 < q <= 1)."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def rss_mb(pid: int | str = "self") -> float:
    """VmRSS of process ``pid`` (default: this one) in MiB, from /proc (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmRSS:"))


def die(message: str) -> None:
    """A broken benchmark (a query that fails, a server that does not start) exits 1 with the reason."""
    print(f"\nFAILED: {message}", file=sys.stderr)
    sys.exit(1)
