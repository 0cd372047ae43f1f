"""Printed documents drawn within a stated time (issue 13): WeasyPrint's layout and
vl-convert's charts run in a drawing process of their own, killed when the time is up, so a
document that never finishes costs one request a 503 (with Retry-After), never a server
worker.

A thread could not be stopped: it would go on laying out after the answer was sent. A
drawing process is kept between documents (vl-convert starts its JavaScript engine once per
process, a second or more) and replaced when it is killed or fails. Drawing processes are
forked from a forkserver that has imported WeasyPrint and vl-convert (a fork of the server
itself would copy its threads and its database connections)."""

from __future__ import annotations

import math
import multiprocessing
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from anklet.domain.errors import AnkletError

A = TypeVar("A")
R = TypeVar("R")

_CONTEXT = multiprocessing.get_context("forkserver")
# Before the forkserver starts (on the first document): what every drawing process inherits.
# A module that is not installed is skipped by the forkserver.
_CONTEXT.set_forkserver_preload(["anklet.reports.printing", "weasyprint", "vl_convert"])

# Idle drawing processes kept for the next document; more are started while documents are
# drawn at once, and those beyond this are stopped when done.
KEPT_IDLE = 2
READY = "ready"


class DocumentTooSlow(AnkletError):
    """A document took longer to draw than the server allows: try again later."""

    def __init__(self, what: str, limit_s: float) -> None:
        self.limit_s = limit_s
        self.retry_after_s = max(1, math.ceil(limit_s))
        super().__init__(
            f"the {what} took longer than {limit_s:g} s to draw and was stopped; try again "
            "later, or ask for fewer weeks or the HTML"
        )


class _Drawer:
    """One drawing process and the pipe to it."""

    def __init__(self) -> None:
        self.pipe, theirs = _CONTEXT.Pipe()
        self.process: BaseProcess = _CONTEXT.Process(target=_serve, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()  # the child holds the only other end: its death is an EOF here
        self.ready = False  # until the child says it reads (a send could wait on it)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.pipe.close()


_IDLE: list[_Drawer] = []
_LOCK = threading.Lock()


def _take() -> _Drawer:
    with _LOCK:
        while _IDLE:
            drawer = _IDLE.pop()
            if drawer.process.is_alive():
                return drawer
            drawer.stop()
    return _Drawer()


def _give_back(drawer: _Drawer) -> None:
    with _LOCK:
        if len(_IDLE) < KEPT_IDLE:
            _IDLE.append(drawer)
            return
    drawer.stop()


def stop_drawers() -> None:
    """Stop the idle drawing processes (at shutdown; the next document starts one)."""
    with _LOCK:
        idle = list(_IDLE)
        _IDLE.clear()
    for drawer in idle:
        drawer.stop()


def idle_drawers() -> int:
    with _LOCK:
        return len(_IDLE)


class Budget:
    """The time one document may take, shared by its steps (the charts, then the PDF)."""

    def __init__(self, what: str, limit_s: float) -> None:
        self.what = what
        self.limit_s = limit_s
        self._until = time.monotonic() + limit_s

    def run(self, function: Callable[[A], R], argument: A) -> R:
        """`function(argument)` in a drawing process; DocumentTooSlow (the process killed)
        when the budget runs out first. `function` must be a module-level function and its
        argument and result picklable."""
        left = self._until - time.monotonic()
        if left <= 0:
            raise DocumentTooSlow(self.what, self.limit_s)
        drawer = _take()
        try:
            if not drawer.ready:
                if not drawer.pipe.poll(left):
                    drawer.stop()
                    raise DocumentTooSlow(self.what, self.limit_s)
                drawer.ready = drawer.pipe.recv() == READY
            # A drawing process that said it reads takes any size of message.
            drawer.pipe.send((function, argument))
            if not drawer.pipe.poll(max(0.0, self._until - time.monotonic())):
                drawer.stop()
                raise DocumentTooSlow(self.what, self.limit_s)
            succeeded, value = drawer.pipe.recv()
        except (EOFError, OSError):
            drawer.stop()
            raise RuntimeError(f"drawing the {self.what} stopped without an answer") from None
        _give_back(drawer)
        if not succeeded:
            raise value
        result: R = value
        return result

    def step(self, function: Callable[[A], R]) -> Callable[[A], R]:
        """`function` as a step of this budget."""
        return lambda argument: self.run(function, argument)


def _serve(pipe: Connection) -> None:
    """The drawing process: draw what is sent, send back the result or the error raised."""
    pipe.send(READY)
    while True:
        try:
            function, argument = pipe.recv()
        except EOFError:
            return  # the server closed its end
        try:
            answer: tuple[bool, Any] = (True, function(argument))
        except Exception as error:  # sent back and raised in the server, as if drawn there
            answer = (False, error)
        try:
            pipe.send(answer)
        except Exception as unpicklable:
            pipe.send((False, RuntimeError(f"{answer[1]!r} ({unpicklable})")))
