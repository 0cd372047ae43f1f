"""What the services remember between use cases: a replay of a history and the situation
read from it, each under the history stamp it was made from (UnitOfWork.history_stamp).

It lives here, not on the unit of work: a store only has to say when a history changed (its
stamp, unique to that store), and what is worth remembering stays a matter of the services.
Everything remembered is a pure function of its key, so an entry is never stale: a write
gives a new stamp, and the old entry is never asked for again. It is dropped when its
successor is put (the same `family`: one athlete's situation, one athlete's replay), not
left to age out: under a steady stream of writes the superseded entries filled the memo to
its size, and a server's memory and its garbage collector's pauses grew with them
(docs/performance.md, "Load").
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

__all__ = ["MEMO_SIZE", "Memo", "memo"]

# Entries for every store of the process together (the web app has one; a test run many):
# a situation per athlete and day read lately, the replays behind them, and each athlete's
# newest situation again (services.situation, for the first read of a later day: the same
# object as its day's entry, so it costs an entry, not the memory of another situation).
MEMO_SIZE = 512


class Memo:
    """A small, thread-safe, least-recently-used map (the web app serves from threads)."""

    def __init__(self, size: int = MEMO_SIZE) -> None:
        self._items: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._latest: dict[Hashable, tuple[object, ...]] = {}  # family -> its newest key
        self._size = size
        self._lock = threading.Lock()

    def get(self, key: tuple[object, ...]) -> object | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(
        self, key: tuple[object, ...], value: object, *, family: Hashable | None = None
    ) -> None:
        """Remember `value`; with `family`, the entry this one supersedes goes."""
        with self._lock:
            if family is not None:
                earlier = self._latest.get(family)
                if earlier is not None and earlier != key:
                    self._items.pop(earlier, None)
                self._latest[family] = key
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
            if len(self._latest) > 2 * self._size:
                # Families whose entry aged out: keep only those still remembered.
                self._latest = {f: k for f, k in self._latest.items() if k in self._items}

    def clear(self) -> None:
        """Forget everything (a test that compares a remembered value with a fresh one)."""
        with self._lock:
            self._items.clear()
            self._latest.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


memo = Memo()
