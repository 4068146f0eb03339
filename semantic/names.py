"""Name helpers shared by the model, graph and query layers: did-you-mean and name splitting.

>>> did_you_mean("custmers", ["customers", "orders"])
['customers']
>>> split_name("orders.ordered_at__month")
('orders', 'ordered_at', 'month')
"""

from __future__ import annotations

import difflib
from typing import Iterable, Optional

GRAINS = ("day", "week", "month", "quarter", "year")


def did_you_mean(name: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """Close matches for a mistyped name, best first (case-insensitive)."""
    pool = {c.lower(): c for c in candidates}
    lowered = name.lower()
    if lowered in pool and pool[lowered] != name:
        return [pool[lowered]]
    matches = difflib.get_close_matches(lowered, list(pool), n=limit, cutoff=0.72)
    if not matches and "." in lowered:
        tail = lowered.rsplit(".", 1)[1]
        matches = [key for key in pool if key.rsplit(".", 1)[-1] == tail][:limit]
    return [pool[m] for m in matches]


def split_name(name: str) -> tuple[Optional[str], str, Optional[str]]:
    """Split 'entity.dimension__grain' (or 'entity__dimension__grain') into its parts.

    A trailing '__<grain>' is a time grain only when it names one.
    """
    grain: Optional[str] = None
    base = name
    if "__" in base:
        head, tail = base.rsplit("__", 1)
        if tail.lower() in GRAINS:
            base, grain = head, tail.lower()
    if "." in base:
        entity, dimension = base.split(".", 1)
        return entity, dimension, grain
    if "__" in base:
        entity, dimension = base.split("__", 1)
        return entity, dimension, grain
    return None, base, grain
