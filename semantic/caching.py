"""A thread-safe least-recently-used cache, bounded by entries and by an estimated size in bytes.

The layer keeps two: compiled SQL per (query, dialect, principal), and, for warehouses whose data cannot change
while the layer holds them open, result rows per SQL text (see ``SemanticLayer.query``).

>>> cache = BoundedCache(max_entries=2)
>>> cache.put("a", 1); cache.put("b", 2); cache.get("a"); cache.put("c", 3)
1
>>> cache.get("b") is None, cache.get("c"), len(cache)
(True, 3, 2)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, Optional, TypeVar

V = TypeVar("V")


class BoundedCache(Generic[V]):
    def __init__(
        self, max_entries: int, max_bytes: Optional[int] = None, size_of: Callable[[V], int] = lambda value: 0
    ) -> None:
        self.max_entries, self.max_bytes, self._size_of = max_entries, max_bytes, size_of
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Optional[V]:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: Hashable, value: V) -> None:
        size = self._size_of(value)
        if self.max_bytes is not None and size > self.max_bytes:
            return  # bigger than the whole cache: not kept
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while len(self._items) > self.max_entries or (self.max_bytes is not None and self._bytes > self.max_bytes):
                _, (_, freed) = self._items.popitem(last=False)
                self._bytes -= freed

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)

    @property
    def bytes(self) -> int:
        return self._bytes


def rows_size(rows: list[tuple[Any, ...]]) -> int:
    """A rough size of result rows in bytes (16 per value plus the length of texts), cheap enough per miss."""
    return 64 + sum(16 * len(row) + sum(len(v) for v in row if isinstance(v, (str, bytes))) for row in rows)
