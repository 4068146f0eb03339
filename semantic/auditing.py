"""Auditing facade calls: the outermost call on a thread leaves one record (a query inside an ask does not).

The core only gathers the fields; the auditor that writes them (``governance.audit``) is found through the
``semctx.audit`` entry point. Without one, nothing is recorded.

>>> policy_lines("orders_agg: aggregate orders.order_total\\nwhere policy: customers.region = 'West'\\nmasked: c.email (hash)")
["where policy: customers.region = 'West'", 'masked: c.email (hash)']
"""

from __future__ import annotations

import hashlib
import threading
import time
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator

from semantic.errors import SemctxError

if TYPE_CHECKING:
    from semantic.access import Principal
    from semantic.api import SemanticLayer

_state = threading.local()


def sql_fingerprint(sql: str) -> str:
    return hashlib.sha256(sql.encode("utf-8")).hexdigest()[:16]


def policy_lines(explanation: str) -> list[str]:
    """The governance decisions in a plan's explanation: policy row filters and masks."""
    return [line for line in explanation.splitlines() if "policy:" in line or line.startswith("masked:")]


@contextmanager
def audited(layer: "SemanticLayer", entry: str, principal: "Principal", **fields: Any) -> Iterator[dict[str, Any]]:
    depth = getattr(_state, "depth", 0)
    _state.depth = depth + 1
    record = dict(fields)
    started = time.perf_counter()
    try:
        yield record
    except SemctxError as error:
        record["error"] = error.code
        raise
    finally:
        _state.depth = depth
        auditor = layer.auditor if depth == 0 else None
        if auditor is not None:
            resolve = getattr(layer.policy, "resolve", None)
            who = resolve(principal) if resolve else principal
            auditor.record(who, entry, record, (time.perf_counter() - started) * 1000)
