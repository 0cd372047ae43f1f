"""The writers of one SQLite file queue in this process and get in in the order they came; a
writer that waits past its busy timeout gets StorageBusy and leaves the queue; the turn is
given back however a write ends; a reader never waits. Real files, real threads: the test
thread holds a write while the others queue, and waits until each is queued before the next
comes, so the order they arrive in is known without any timing."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from anklet.domain.athlete import Athlete
from anklet.domain.errors import Conflict, StorageBusy
from anklet.storage.engine import make_engine, writer_queue
from anklet.storage.tables import athletes
from anklet.storage.unit_of_work import RETRY_AFTER_S, SqlUnitOfWork
from anklet.storage.writer_gate import WriterGate

# Long enough never to run out on a busy machine: these writers must get in.
PATIENT_MS = 60_000
# Short, for the writer whose wait is meant to run out.
HASTY_MS = 300
# Against a hung test only: no assertion is about how long anything took.
HANG_GUARD_S = 60


@pytest.fixture
def database(tmp_path: Path, sqlite_template: Path) -> Path:
    path = tmp_path / "anklet.db"
    shutil.copy(sqlite_template, path)
    return path


@pytest.fixture
def engines(database: Path) -> Iterator[Callable[[int], Engine]]:
    made: list[Engine] = []

    def make(busy_ms: int) -> Engine:
        made.append(make_engine(f"sqlite:///{database}", sqlite_busy_timeout_ms=busy_ms))
        return made[-1]

    yield make
    for engine in made:
        engine.dispose()


def _gate(engine: Engine) -> WriterGate:
    queue = writer_queue(engine)
    assert queue is not None
    return queue.gate


def _add(uow: SqlUnitOfWork, handle: str) -> None:
    uow.athletes.add(Athlete(handle=handle, name=handle.title()), created_at=datetime(2026, 6, 1))


def _handles(engine: Engine) -> list[str]:
    """Every stored athlete's handle, in the order the rows were inserted."""
    with SqlUnitOfWork(engine, read_only=True) as uow:
        found = uow.connection.execute(select(athletes.c.handle).order_by(athletes.c.id))
        return list(found.scalars())


def _wait_until_queued(gate: WriterGate, count: int, what: str) -> None:
    deadline = time.monotonic() + HANG_GUARD_S
    while gate.queued != count:
        if time.monotonic() > deadline:
            pytest.fail(f"never {count} queued ({what}): {gate.queued}")
        time.sleep(0.002)


class Writer(threading.Thread):
    """Adds one athlete in a write unit of work of its own; records when it got in."""

    def __init__(self, engine: Engine, handle: str, got_in: list[str]) -> None:
        super().__init__(daemon=True)
        self.engine, self.handle, self.got_in = engine, handle, got_in
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with SqlUnitOfWork(self.engine) as uow:
                self.got_in.append(self.handle)
                _add(uow, self.handle)
                uow.commit()
        except BaseException as error:  # handed to the test thread
            self.error = error

    def finish(self) -> None:
        self.join(HANG_GUARD_S)
        assert not self.is_alive(), f"{self.handle} never finished"


def test_writers_get_in_in_the_order_they_queued(engines: Callable[[int], Engine]) -> None:
    engine = engines(PATIENT_MS)
    gate = _gate(engine)
    got_in: list[str] = []
    writers = [Writer(engine, f"writer{number}", got_in) for number in range(8)]
    with SqlUnitOfWork(engine) as holder:
        _add(holder, "holder")
        for queued, writer in enumerate(writers, start=1):
            writer.start()
            _wait_until_queued(gate, queued, writer.handle)
        assert got_in == []  # all wait behind the holder
        holder.commit()
    for writer in writers:
        writer.finish()
    assert [writer.error for writer in writers] == [None] * len(writers)
    expected = [writer.handle for writer in writers]
    assert got_in == expected
    assert _handles(engine) == ["holder", *expected]  # committed in that order too
    assert not gate.held


def test_a_writer_that_waits_past_its_timeout_gets_busy_and_leaves_the_queue(
    engines: Callable[[int], Engine],
) -> None:
    patient, hasty = engines(PATIENT_MS), engines(HASTY_MS)
    gate = _gate(patient)
    assert _gate(hasty) is gate  # one queue per file, whichever engine opened it
    got_in: list[str] = []
    gives_up = Writer(hasty, "hasty", got_in)
    waits = Writer(patient, "patient", got_in)
    with SqlUnitOfWork(patient) as holder:
        _add(holder, "holder")
        gives_up.start()
        _wait_until_queued(gate, 1, "the hasty writer")
        waits.start()
        gives_up.finish()
        # Only the patient writer is left: the hasty one took itself out of the queue.
        _wait_until_queued(gate, 1, "the patient writer alone")
        holder.commit()
    waits.finish()
    assert isinstance(gives_up.error, StorageBusy)
    assert gives_up.error.retry_after_s == RETRY_AFTER_S
    assert f"more than {HASTY_MS / 1000:g} s; nothing was written" in str(gives_up.error)
    assert waits.error is None
    assert got_in == ["patient"]
    assert _handles(patient) == ["holder", "patient"]
    assert not gate.held


@pytest.mark.parametrize("failure", ["use case raises", "database refuses"])
def test_a_write_that_fails_midway_gives_its_turn_back(
    engines: Callable[[int], Engine], failure: str
) -> None:
    engine = engines(PATIENT_MS)
    _add_committed(engine, "kim")
    expected = ValueError if failure == "use case raises" else Conflict
    with pytest.raises(expected), SqlUnitOfWork(engine) as uow:
        _add(uow, "sam")
        if failure == "use case raises":
            raise ValueError("the use case failed after its first write")
        _add(uow, "kim")  # the handle is unique: the insert fails in the database
    assert not _gate(engine).held
    # A writer that would not wait at all still gets in at once.
    _add_committed(engines(0), "lee")
    assert _handles(engine) == ["kim", "lee"]  # the failed write left nothing


def test_a_begin_refused_by_another_process_gives_the_turn_back(
    engines: Callable[[int], Engine], database: Path
) -> None:
    engine = engines(HASTY_MS)
    # Another program's writer (the CLI beside the server) holds SQLite's own lock: this
    # process's queue is empty, and SQLite's busy timeout is what the writer waits on.
    other = sqlite3.connect(database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(StorageBusy), SqlUnitOfWork(engine):
            pass
        assert not _gate(engine).held
    finally:
        other.execute("ROLLBACK")
        other.close()
    _add_committed(engine, "kim")
    assert _handles(engine) == ["kim"]


def test_a_reader_does_not_wait_for_a_held_turn(engines: Callable[[int], Engine]) -> None:
    writer_engine, reader_engine = engines(PATIENT_MS), engines(HASTY_MS)
    _add_committed(writer_engine, "kim")
    with SqlUnitOfWork(writer_engine) as writing:
        _add(writing, "sam")
        assert _gate(writer_engine).held
        # In the same thread: a reader that took the turn would wait for this very write
        # and fail with StorageBusy; it reads the last committed state instead.
        with SqlUnitOfWork(reader_engine, read_only=True) as reading:
            assert reading.athletes.by_handle("kim") is not None
            assert reading.athletes.by_handle("sam") is None
        assert _gate(writer_engine).queued == 0
        writing.commit()
    assert _handles(reader_engine) == ["kim", "sam"]


def test_postgresql_writers_take_no_turn(engine: Engine) -> None:
    queue = writer_queue(engine)
    assert (queue is None) == (engine.dialect.name == "postgresql")


def _add_committed(engine: Engine, handle: str) -> None:
    with SqlUnitOfWork(engine) as uow:
        _add(uow, handle)
        uow.commit()
