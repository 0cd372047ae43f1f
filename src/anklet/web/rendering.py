"""Printed documents drawn within a stated time (issue 13): WeasyPrint's layout and
vl-convert's charts run in a process of their own, killed when the time is up, so a document
that never finishes costs one request a 503 (with Retry-After), never a server worker.

A thread could not be stopped: it would go on laying out after the answer was sent. The
processes are forked from a forkserver that has imported WeasyPrint and vl-convert once (a
fork of the server itself would copy its threads and its database connections), so a
document costs a fork, not the import."""

from __future__ import annotations

import math
import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from anklet.domain.errors import AnkletError

A = TypeVar("A")
R = TypeVar("R")

# Default and bounds of ANKLET_REPORT_TIME_LIMIT_S (settings.report_time_limit_s).
DEFAULT_LIMIT_S = 30.0

_CONTEXT = multiprocessing.get_context("forkserver")
# Before the forkserver starts (on the first document): what every drawing process inherits.
# A module that is not installed is skipped by the forkserver.
_CONTEXT.set_forkserver_preload(["anklet.reports.printing", "weasyprint", "vl_convert"])


class DocumentTooSlow(AnkletError):
    """A document took longer to draw than the server allows: try again later."""

    def __init__(self, what: str, limit_s: float) -> None:
        self.limit_s = limit_s
        self.retry_after_s = max(1, math.ceil(limit_s))
        super().__init__(
            f"the {what} took longer than {limit_s:g} s to draw and was stopped; try again "
            "later, or ask for fewer weeks or the HTML"
        )


class Budget:
    """The time one document may take, shared by its steps (the charts, then the PDF)."""

    def __init__(self, what: str, limit_s: float) -> None:
        self.what = what
        self.limit_s = limit_s
        self._until = time.monotonic() + limit_s

    def run(self, function: Callable[[A], R], argument: A) -> R:
        """`function(argument)` in a process of its own; DocumentTooSlow (the process killed)
        when the budget runs out first. `function` must be a module-level function and its
        argument and result picklable."""
        left = self._until - time.monotonic()
        if left <= 0:
            raise DocumentTooSlow(self.what, self.limit_s)
        receiving, sending = _CONTEXT.Pipe(duplex=False)
        process = _CONTEXT.Process(target=_draw, args=(sending, function, argument), daemon=True)
        process.start()
        sending.close()  # the child holds the only sending end: its death is an EOF here
        try:
            if not receiving.poll(left):
                raise DocumentTooSlow(self.what, self.limit_s)
            try:
                succeeded, value = receiving.recv()
            except EOFError:
                raise RuntimeError(f"drawing the {self.what} stopped without an answer") from None
        finally:
            if process.is_alive():
                process.kill()
            process.join()
            receiving.close()
        if not succeeded:
            raise value
        result: R = value
        return result

    def step(self, function: Callable[[A], R]) -> Callable[[A], R]:
        """`function` as a step of this budget."""
        return lambda argument: self.run(function, argument)


def _draw(sending: Connection, function: Callable[[Any], Any], argument: Any) -> None:
    try:
        answer: tuple[bool, Any] = (True, function(argument))
    except Exception as error:  # sent back and raised in the server, as if drawn there
        answer = (False, error)
    try:
        sending.send(answer)
    except Exception as unpicklable:
        sending.send((False, RuntimeError(f"{answer[1]!r} ({unpicklable})")))
    sending.close()
