"""One shared thread that interrupts queries running past their deadline (instead of a timer thread per query).

>>> import time
>>> fired = []
>>> with deadline(0.05, lambda: fired.append(1)):
...     time.sleep(0.2)
>>> fired
[1]
>>> with deadline(5, lambda: fired.append(2)):
...     pass
>>> fired
[1]
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Watchdog:
    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._live: set[int] = set()
        self._ids = itertools.count()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float, action: Callable[[], None]) -> int:
        ticket = next(self._ids)
        with self._wake:
            heapq.heappush(self._heap, (time.monotonic() + seconds, ticket, action))
            self._live.add(ticket)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="semctx-query-watchdog", daemon=True)
                self._thread.start()
            elif self._heap[0][1] == ticket:
                self._wake.notify()  # the new deadline is the earliest
        return ticket

    def disarm(self, ticket: int) -> None:
        with self._wake:
            self._live.discard(ticket)
            if len(self._heap) > 2 * len(self._live) + 64:  # drop finished deadlines so the heap stays small
                self._heap = [entry for entry in self._heap if entry[1] in self._live]
                heapq.heapify(self._heap)

    def _run(self) -> None:
        while True:
            with self._wake:
                while self._heap and self._heap[0][1] not in self._live:
                    heapq.heappop(self._heap)  # finished in time
                if not self._heap:
                    self._wake.wait()
                    continue
                due, ticket, action = self._heap[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self._wake.wait(wait)
                    continue
                heapq.heappop(self._heap)
                self._live.discard(ticket)
            action()


WATCHDOG = Watchdog()


@contextmanager
def deadline(seconds: float, on_timeout: Callable[[], None]) -> Iterator[None]:
    """Call ``on_timeout`` (from the watchdog thread) if the block is still running after ``seconds``."""
    ticket = WATCHDOG.arm(seconds, on_timeout)
    try:
        yield
    finally:
        WATCHDOG.disarm(ticket)
