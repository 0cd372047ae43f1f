"""One writer at a time per SQLite file in this process, let in in the order they came.

SQLite lets one transaction write at a time. A writer that finds the lock taken sleeps in
SQLite's busy handler and tries again (after 1, 2, 5, ... up to 100 ms), and the handler keeps
no queue: whoever tries just after a release gets in, so one writer can keep waking at the
wrong moment and wait past the busy timeout while later writers pass it (the 503s under
load in docs/performance.md, with each write holding the lock well under 100 ms). So the
writers of one process queue here first, and a writer's `BEGIN IMMEDIATE` runs only when
no other writer of this process holds the file: SQLite's own busy timeout is then left to
wait for other processes (the CLI beside the server).
"""

from __future__ import annotations

import os
import threading
from collections import deque


class WriterGate:
    """A FIFO lock with a timeout: `release` hands the gate straight to the writer that has
    waited longest, so a writer that just arrived can never pass one that is queued."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._held = False
        # Invariant: someone waits only while the gate is held (release hands it on).
        self._queue: deque[threading.Event] = deque()

    @property
    def queued(self) -> int:
        """How many writers wait for the gate now (not counting the one holding it)."""
        with self._lock:
            return len(self._queue)

    @property
    def held(self) -> bool:
        with self._lock:
            return self._held

    def acquire(self, timeout_s: float) -> bool:
        """Take the gate, waiting at most `timeout_s` behind the writers that came first;
        False (and out of the queue) when the time ran out."""
        with self._lock:
            if not self._held:
                self._held = True
                return True
            turn = threading.Event()
            self._queue.append(turn)
        turn.wait(timeout_s)
        with self._lock:
            # Set only under the lock, by `release`: a writer handed the gate just as its
            # time ran out holds it, and must use it (or give it back) like any other.
            if turn.is_set():
                return True
            self._queue.remove(turn)
            return False

    def release(self) -> None:
        with self._lock:
            if not self._held:
                raise RuntimeError("a writer gate released that nobody held")
            if self._queue:
                self._queue.popleft().set()  # still held: now by the next writer
            else:
                self._held = False


_GATES: dict[str, WriterGate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(database: str) -> WriterGate:
    """The one gate of a database file, shared by every engine of this process that opens
    it (under any spelling of its path). One small object per file opened, kept for the
    process's life: a server opens one file, a test run a few thousand."""
    key = os.path.normcase(os.path.realpath(database))
    with _GATES_LOCK:
        found = _GATES.get(key)
        if found is None:
            found = _GATES[key] = WriterGate()
        return found
