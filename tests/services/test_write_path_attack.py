"""The cheaper write path, attacked (issue 14, Speed): a log or a morning makes the next
situation from the read just before it (services.next_situation) and a read of a later day
moves the newest one on (situation.moved_on). Whatever the clock, the order of a day's
logs, a lock, a refused write, a back-dated entry, another catalogue or another writer in
between, every situation remembered must be what a full read of the same history that day
makes, the kept state must be a rebuild, and no lock may be lost or come late."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from anklet.domain.errors import AnkletError, Conflict, StaleVersion
from anklet.domain.exercises import Catalogue, Category
from anklet.domain.program import SessionKind
from anklet.domain.training_log import CheckIn
from anklet.services.lookup import get_athlete
from anklet.services.memo import memo
from anklet.services.plans import create_plan
from anklet.services.situation import read_situation, remembered
from anklet.services.training import LogRequest, log_session, logged_session, record_check_in
from anklet.storage.engine import make_engine
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock
from tests.services.test_kept_state import (
    CATALOGUE,
    NORMS,
    _agrees,
    _made_is_a_read,
    _moves_on_as_read,
    _read_today,
    _start,
)
from tests.stores import Store, open_store

# TODAY is a Monday: mobility and strength are planned; Wednesday: mobility and technique.
TWO_KINDS = (SessionKind.STRENGTH, SessionKind.MOBILITY)


@pytest.fixture(params=["fake", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request.param, request, tmp_path)


@pytest.fixture(params=["sqlite", "postgres"])
def sql_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request.param, request, tmp_path)


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    memo.clear()
    yield
    memo.clear()


class StillClock(FakeClock):
    """A clock that reads the same instant every time (two writes in one tick)."""

    def now(self) -> datetime:
        return self._now


class SetClock(FakeClock):
    """A clock whose instant is set by the test (a clock put back, say)."""

    def at(self, moment: datetime) -> SetClock:
        self._now = moment
        return self

    def now(self) -> datetime:
        return self._now


def _log(
    store: Store,
    clock: FakeClock,
    *,
    kind: SessionKind | None = None,
    pain: int = 2,
    day: date | None = None,
    replace: bool = False,
    sharp: bool = False,
    catalogue: Catalogue = CATALOGUE,
    expected_version: int | None = None,
) -> None:
    request = LogRequest(
        day=day or clock.today(), pain_during=pain, actuals={}, kind=kind, sharp_pain=sharp
    )
    log_session(
        uow=store.open(),
        handle="a",
        request=request,
        clock=clock,
        replace_existing=replace,
        catalogue=catalogue,
        norm_table=NORMS,
        expected_version=expected_version,
    )


def _made(store: Store, today: date) -> bool:
    """Whether a situation of `today` is remembered for the history as it stands."""
    uow = store.open()
    with uow:
        athlete, athlete_id = get_athlete(uow, "a")
        return remembered(uow, athlete, athlete_id, today=today) is not None


def _holds(store: Store, today: date) -> None:
    """What the write made (if anything) is a full read; the state is a rebuild; a read
    moved on is a full read of the later day."""
    _made_is_a_read(store.open(), "a", today)
    _agrees(store.open(), "a", today)
    _moves_on_as_read(store.open(), "a", today)


def _locked(store: Store, today: date) -> bool:
    uow = store.open()
    with uow:
        read = read_situation(uow, "a", today=today, catalogue=CATALOGUE, norm_table=NORMS)
        return read.situation.lock.locked


# --- the order of a day's logs --------------------------------------------------------------


def test_a_replaced_log_recorded_in_the_same_instant_as_the_days_other_keeps_its_place(
    store: Store,
) -> None:
    """The store orders a day's sessions by the time recorded, then id; a replaced log keeps
    its id, so with a clock that reads one instant it stays before the day's later one:
    the situation the replacement makes must keep that order (it appended it last)."""
    _start(store.open(), "a", FakeClock(today=TODAY))
    clock = StillClock(today=TODAY)
    _log(store, clock, kind=SessionKind.STRENGTH, pain=2)
    _log(store, clock, kind=SessionKind.MOBILITY, pain=1)
    _read_today(store.open(), "a", TODAY)
    _log(store, clock, kind=SessionKind.STRENGTH, pain=3, replace=True)
    assert _made(store, TODAY), "the replacement made the next situation"
    _holds(store, TODAY)


def test_a_log_recorded_before_the_days_other_by_a_clock_put_back_is_placed_first(
    store: Store,
) -> None:
    """A clock put back (a wall clock corrected) records today's second log before the
    first: the store reads it first, and so must the situation the write makes; then the
    first log replaced at a later instant goes last."""
    _start(store.open(), "a", FakeClock(today=TODAY))
    noon = datetime(TODAY.year, TODAY.month, TODAY.day, 12)
    _log(store, SetClock(today=TODAY).at(noon), kind=SessionKind.STRENGTH, pain=2)
    _read_today(store.open(), "a", TODAY)
    _log(store, SetClock(today=TODAY).at(noon - timedelta(hours=1)), kind=SessionKind.MOBILITY)
    assert _made(store, TODAY)
    _holds(store, TODAY)
    _read_today(store.open(), "a", TODAY)
    back = SetClock(today=TODAY).at(noon - timedelta(hours=2))
    _log(store, back, kind=SessionKind.STRENGTH, pain=4, replace=True)
    _holds(store, TODAY)
    _read_today(store.open(), "a", TODAY)
    _log(store, SetClock(today=TODAY).at(noon + timedelta(hours=1)), kind=SessionKind.MOBILITY,
         pain=0, replace=True)  # fmt: skip
    _holds(store, TODAY)


# --- locks: never lost, never late ---------------------------------------------------------


def test_a_sharp_pain_log_after_a_read_locks_the_very_next_read(store: Store) -> None:
    _start(store.open(), "a", FakeClock(today=TODAY))
    clock = FakeClock(today=TODAY)
    _log(store, clock, kind=SessionKind.MOBILITY, pain=1)
    _read_today(store.open(), "a", TODAY)
    assert not _locked(store, TODAY)
    _log(store, clock, kind=SessionKind.STRENGTH, pain=3, sharp=True)
    assert _locked(store, TODAY), "the next read shows the lock the log stored"
    _holds(store, TODAY)
    # The same sharp pain logged again, replacing (the lock is stored already: the write
    # may make the next situation, which must hold the lock), then without it.
    _read_today(store.open(), "a", TODAY)
    _log(store, clock, kind=SessionKind.STRENGTH, pain=3, sharp=True, replace=True)
    assert _locked(store, TODAY)
    _holds(store, TODAY)
    _read_today(store.open(), "a", TODAY)
    _log(store, clock, kind=SessionKind.STRENGTH, pain=1, replace=True)
    assert _locked(store, TODAY), "a lock is never taken back by a later log"
    _holds(store, TODAY)
    tomorrow = TODAY + timedelta(days=1)
    assert _locked(store, tomorrow), "nor by a read of a later day moved on"


def test_a_morning_with_warning_signs_after_a_read_locks_the_very_next_read(store: Store) -> None:
    _start(store.open(), "a", FakeClock(today=TODAY))
    clock = FakeClock(today=TODAY)
    record_check_in(
        uow=store.open(), handle="a", check_in=CheckIn(TODAY, 1, 1), clock=clock
    )  # a morning remembered as the newest situation
    _read_today(store.open(), "a", TODAY)
    later = FakeClock(today=TODAY + timedelta(days=1))
    _read_today(store.open(), "a", later.today())  # moved on from today's
    record_check_in(
        uow=store.open(),
        handle="a",
        check_in=CheckIn(later.today(), 2, 2, swelling=True),
        clock=later,
    )
    assert _locked(store, later.today())
    _holds(store, later.today())
    _read_today(store.open(), "a", later.today())
    record_check_in(
        uow=store.open(),
        handle="a",
        check_in=CheckIn(later.today(), 0, 0),
        clock=later,
        replace_existing=True,
    )
    assert _locked(store, later.today()), "the lock stays when the morning is corrected"
    _holds(store, later.today())


# --- a write refused after the read --------------------------------------------------------


def test_a_write_refused_after_its_read_leaves_only_what_a_read_makes(store: Store) -> None:
    """Each refusal comes after the write read the situation (and on the databases after
    its first statement took the athlete's row): nothing of it may be remembered, and the
    next read and the next write are as if it had not been tried."""
    _start(store.open(), "a", FakeClock(today=TODAY))
    clock = FakeClock(today=TODAY)
    _log(store, clock, kind=SessionKind.STRENGTH, pain=2)
    record_check_in(uow=store.open(), handle="a", check_in=CheckIn(TODAY, 1, 1), clock=clock)
    version = logged_session(uow=store.open(), handle="a", day=TODAY, kind=SessionKind.STRENGTH)
    refusals: list[tuple[type[AnkletError], dict[str, Any]]] = [
        (Conflict, {"kind": SessionKind.STRENGTH}),  # logged already, not replacing
        (StaleVersion, {"kind": SessionKind.STRENGTH, "expected_version": 7}),
        (Conflict, {"kind": SessionKind.MOBILITY, "expected_version": 1}),  # none to replace
    ]
    for refused, asked in refusals:
        _read_today(store.open(), "a", TODAY)
        with pytest.raises(refused):
            _log(store, clock, pain=9, **asked)
        _holds(store, TODAY)
    _read_today(store.open(), "a", TODAY)
    with pytest.raises(Conflict):
        record_check_in(uow=store.open(), handle="a", check_in=CheckIn(TODAY, 5, 5), clock=clock)
    with pytest.raises(StaleVersion):
        record_check_in(
            uow=store.open(),
            handle="a",
            check_in=CheckIn(TODAY, 5, 5),
            clock=clock,
            expected_version=9,
        )
    _holds(store, TODAY)
    assert logged_session(uow=store.open(), handle="a", day=TODAY, kind=SessionKind.STRENGTH) == (
        version
    )
    _read_today(store.open(), "a", TODAY)
    _log(store, clock, kind=SessionKind.STRENGTH, pain=4, expected_version=version.version)
    assert _made(store, TODAY)
    _holds(store, TODAY)


# --- back-dated entries, the clock moving back --------------------------------------------


def test_back_dated_logs_and_mornings_inside_and_before_the_window(store: Store) -> None:
    """An athlete of four months on a plan of three weeks: a log and a morning back-dated
    into the window (not its last day), and mornings before its first day (older than any
    read looks at, LOOKBACK_DAYS), each after a read."""
    start = TODAY - timedelta(days=130)
    _start(store.open(), "a", FakeClock(today=start))
    for n in range(0, 130, 3):
        day = start + timedelta(days=n)
        record_check_in(
            uow=store.open(), handle="a", check_in=CheckIn(day, 1, 1), clock=FakeClock(day)
        )
    create_plan(
        uow=store.open(),
        handle="a",
        clock=FakeClock(TODAY - timedelta(days=20)),
        catalogue=CATALOGUE,
        norm_table=NORMS,
    )
    clock = FakeClock(today=TODAY)
    for back in (1, 0):
        _log(store, clock, day=TODAY - timedelta(days=back), kind=SessionKind.MOBILITY, pain=1)
    for back in (3, 5, 12, 2, 95, 100, 125):
        day = TODAY - timedelta(days=back)
        if back < 20:
            _read_today(store.open(), "a", TODAY)
            _log(store, clock, day=day, pain=back % 7, kind=SessionKind.MOBILITY, replace=True)
            _holds(store, TODAY)
        _read_today(store.open(), "a", TODAY)
        record_check_in(
            uow=store.open(),
            handle="a",
            check_in=CheckIn(day, back % 4, 1),
            clock=clock,
            replace_existing=True,
        )
        _holds(store, TODAY)


def test_a_clock_moved_back_a_day_reads_that_day_as_a_full_read(store: Store) -> None:
    _start(store.open(), "a", FakeClock(today=TODAY))
    tomorrow = TODAY + timedelta(days=1)
    _log(store, FakeClock(today=tomorrow), pain=1)  # made and remembered for tomorrow
    _read_today(store.open(), "a", tomorrow)
    _made_is_a_read(store.open(), "a", TODAY)  # the newest is tomorrow's: never moved back
    _read_today(store.open(), "a", TODAY)
    _log(store, FakeClock(today=TODAY), pain=2)  # the clock back: a write of the day before
    _holds(store, TODAY)
    _holds(store, tomorrow)


# --- another catalogue ----------------------------------------------------------------------


def test_a_catalogue_of_other_plyometric_exercises_or_only_another_copy(store: Store) -> None:
    """A copy of the catalogue (equal, not the same object) and one without a plyometric
    exercise (another set of contact exercises): a situation remembered with one is never
    taken for the other, and what a write makes with either is a full read with it."""
    _start(store.open(), "a", FakeClock(today=TODAY))
    clock = FakeClock(today=TODAY)
    copy = Catalogue(CATALOGUE.exercises)
    plyometric = [e for e in CATALOGUE if e.category is Category.PLYOMETRIC]
    assert plyometric
    fewer = Catalogue(tuple(e for e in CATALOGUE if e.id != plyometric[-1].id))
    _log(store, clock, kind=SessionKind.MOBILITY, pain=1)
    for catalogue in (copy, fewer, CATALOGUE, fewer):
        uow = store.open()
        with uow:
            read_situation(uow, "a", today=TODAY, catalogue=catalogue, norm_table=NORMS)
        _log(store, clock, kind=SessionKind.STRENGTH, pain=2, replace=True, catalogue=catalogue)
        uow = store.open()
        with uow:
            athlete, athlete_id = get_athlete(uow, "a")
            made = remembered(uow, athlete, athlete_id, today=TODAY)
        if made is not None:
            assert made.catalogue is catalogue
            memo.clear()
            with uow:
                fresh = read_situation(uow, "a", today=TODAY, catalogue=catalogue, **_NORMS)
            assert made.read == fresh
        _agrees(store.open(), "a", TODAY)


_NORMS = {"norm_table": NORMS}


# --- two writers ----------------------------------------------------------------------------


def test_two_writers_of_one_athlete_and_day_at_once(sql_store: Store) -> None:
    """Two threads, each a unit of work of its own on the same engine, log the day's two
    sessions and check in at once, each after a read: the writes follow each other (the
    athlete's row), and what is remembered after is a full read."""
    _start(sql_store.open(), "a", FakeClock(today=TODAY))
    clock = StillClock(today=TODAY)
    for round_ in range(3):
        _read_today(sql_store.open(), "a", TODAY)
        errors: list[BaseException] = []

        def write(
            kind: SessionKind, round_: int = round_, errors: list[BaseException] = errors
        ) -> None:
            try:
                _log(sql_store, clock, kind=kind, pain=round_ + 1, replace=round_ > 0)
                # Replacing: two first mornings of a day at once may both find none (on
                # PostgreSQL); the second replaces the first, it is not refused.
                record_check_in(
                    uow=sql_store.open(),
                    handle="a",
                    check_in=CheckIn(TODAY, round_, 1, sharp_pain=round_ == 2),
                    clock=clock,
                    replace_existing=True,
                )
            except BaseException as error:  # pragma: no cover - reported below
                errors.append(error)

        threads = [threading.Thread(target=write, args=(kind,)) for kind in TWO_KINDS]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        _holds(sql_store, TODAY)
        assert _locked(sql_store, TODAY) == (round_ == 2)


@pytest.fixture
def postgres_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store("postgres", request, tmp_path)


# Statements of a log's transaction (after its read) before which another process commits.
BETWEEN = {
    "the read's mornings": r"^SELECT .* FROM check_ins",
    "the day's logs": r"^SELECT .* FROM session_logs .*session_logs\.day = ",
    "the first write": r"^UPDATE athletes SET history_version",
}
# And of a morning's (its read is the remembered today page's: it reads none itself).
BETWEEN_MORNING = {
    "the day's morning": r"^SELECT .* FROM check_ins",
    "the first write": r"^UPDATE athletes SET history_version",
}


@pytest.mark.parametrize("point", sorted(BETWEEN))
@pytest.mark.parametrize("other", ["log", "sharp", "check-in", "mobility"])
def test_another_process_commits_inside_a_logs_transaction_on_postgres(
    postgres_store: Store, point: str, other: str
) -> None:
    """READ COMMITTED: each statement sees what is committed when it runs. Another process
    (an engine of its own) commits a write of the same athlete and day just before one
    statement of a log's transaction: the log's read is then older than its write, and
    nothing older may be taken for the history after both (nor a lock lost). Theirs a
    mobility session too, ours replacing: ours replaces it whenever it came (not refused
    as logged already when it came after ours found none)."""

    def ours(store: Store) -> None:
        if point == "the read's mornings":
            memo.clear()  # the log reads the situation itself, and is overtaken inside it
        clock = FakeClock(today=TODAY)
        _log(store, clock, kind=SessionKind.MOBILITY, pain=2, replace=other == "mobility")

    _overtaken(postgres_store, BETWEEN[point], other, ours)
    assert _locked(postgres_store, TODAY) == (other == "sharp")
    mobility = logged_session(
        uow=postgres_store.open(), handle="a", day=TODAY, kind=SessionKind.MOBILITY
    )
    assert mobility.pain_during == 2


@pytest.mark.parametrize("point", sorted(BETWEEN_MORNING))
@pytest.mark.parametrize("other", ["log", "sharp", "check-in"])
@pytest.mark.parametrize("swelling", [False, True])
def test_another_process_commits_inside_a_mornings_transaction_on_postgres(
    postgres_store: Store, point: str, other: str, swelling: bool
) -> None:
    """The same inside a morning's check-in of the day after (the today page of that day
    moved on from the day's before, then the morning): whichever commits first, the
    history after both is read as it is, with both writes' locks."""
    tomorrow = TODAY + timedelta(days=1)

    def ours(store: Store) -> None:
        morning = CheckIn(tomorrow, 1, 1, swelling=swelling)
        record_check_in(
            uow=store.open(),
            handle="a",
            check_in=morning,
            clock=FakeClock(today=tomorrow),
            replace_existing=True,
        )

    _overtaken(postgres_store, BETWEEN_MORNING[point], other, ours, day=tomorrow)
    assert _locked(postgres_store, tomorrow) == (other == "sharp" or swelling)


def _overtaken(
    store: Store,
    statement: str,
    other: str,
    ours: Callable[[Store], None],
    *,
    day: date = TODAY,
) -> None:
    """An athlete with a strength session today and the today page of `day` read; then
    `ours` through an engine of its own, another engine committing `other` (a log of the
    day's strength, one with sharp pain, a morning of `day`, or a log of the day's
    mobility) just before the first
    statement of `ours` that matches `statement`. What is remembered after is a full read
    and the kept state a rebuild."""
    import re

    _start(store.open(), "a", FakeClock(today=TODAY))
    _log(store, FakeClock(today=TODAY), kind=SessionKind.STRENGTH, pain=1)
    _read_today(store.open(), "a", TODAY)
    _read_today(store.open(), "a", day)  # the read before, remembered (moved on)
    assert store.url is not None
    mine = make_engine(store.url)
    other_engine = make_engine(store.url)
    theirs = Store("postgres", lambda: SqlUnitOfWork(other_engine), dict)
    done = [False]
    pattern = re.compile(statement)
    clock = FakeClock(today=day)

    def between(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if done[0] or not pattern.search(" ".join(sql.split())):
            return
        done[0] = True
        if other == "check-in":
            record_check_in(
                uow=theirs.open(),
                handle="a",
                check_in=CheckIn(day, 3, 3),
                clock=clock,
                replace_existing=True,
            )
        else:
            kind = SessionKind.MOBILITY if other == "mobility" else SessionKind.STRENGTH
            _log(theirs, clock, day=TODAY, kind=kind, pain=4, replace=True,
                 sharp=other == "sharp")  # fmt: skip

    event.listen(mine, "before_cursor_execute", between)
    try:
        ours(Store("postgres", lambda: SqlUnitOfWork(mine), dict))
    finally:
        event.remove(mine, "before_cursor_execute", between)
        mine.dispose()
        other_engine.dispose()
    assert done[0], f"no statement matched {statement}"
    _holds(store, day)


# --- the runs remembered by their text --------------------------------------------------


def test_every_run_remembered_by_its_text_is_the_run_the_text_decodes_to(
    sql_store: Store,
) -> None:
    """storage.state_repository.KNOWN_RUNS gives the run a write stored (a copy of the one
    in memory) for its text instead of decoding it: it must be the run another process
    decodes from the same text, field for field (a field the text does not carry, or
    carries otherwise, would make this process's walks differ from a replay elsewhere)."""
    import json

    from anklet.domain.progression import EngineRun
    from anklet.domain.stored_form import decode
    from anklet.storage.state_repository import KNOWN_RUNS
    from tests.services.test_kept_state import _write

    _start(sql_store.open(), "a", FakeClock(today=TODAY))
    history = [
        ("check-in", 0, 0, 1), ("log", 0, 0, 2), ("sessions", 2, 0, 3), ("check-in", 1, 0, 9),
        ("clearance", 0, 0, 0), ("log", 1, 0, 7), ("log", 0, 1, 4), ("screening", 2, 0, 2),
        ("clearance", 0, 0, 0), ("retest", 0, 0, 3), ("log:mobility", 1, 0, 10),
        ("check-in", 9, 0, 2), ("plan", 0, 0, 0), ("log", 2, 3, 1), ("baseline", 0, 0, 2),
    ]  # fmt: skip
    today = TODAY
    for kind, moves_on, back, value in history:
        today += timedelta(days=moves_on)
        clock = FakeClock(today=today)
        _read_today(sql_store.open(), "a", today)
        with contextlib.suppress(AnkletError):
            _write(
                sql_store.open(), "a", clock, kind, today - timedelta(days=back), value,
                replace=True,
            )  # fmt: skip
    with KNOWN_RUNS._lock:
        known = list(KNOWN_RUNS._runs.items())
    assert known
    for text, run in known:
        decoded = decode(EngineRun, json.loads(text))
        assert isinstance(decoded, EngineRun)
        assert decoded == run
    _holds(sql_store, today)


# --- what a situation carries over, day after day ------------------------------------------


def test_a_situation_carried_on_for_months_still_keeps_the_days_it_is_asked_for(
    store: Store,
) -> None:
    """Each morning's check-in and each first read of a day make the next situation from
    the one before (next_situation, moved_on), carrying over the running guidance and
    squat depths it read, up to DAYS_KEPT days. Carried on for months of week views (seven
    days each), the days carried must not fill it: today's guidance, read once, is kept."""
    from anklet.services.plans import day_view, week_view

    _start(store.open(), "a", FakeClock(today=TODAY))
    for n in range(70):
        clock = FakeClock(today=TODAY + timedelta(days=n))
        day = clock.today()
        week_view(uow=store.open(), handle="a", day=day, clock=clock, **_READ)
        record_check_in(uow=store.open(), handle="a", check_in=CheckIn(day, 1, 1), clock=clock)
        day_view(uow=store.open(), handle="a", day=day, clock=clock, **_READ)
        uow = store.open()
        with uow:
            athlete, athlete_id = get_athlete(uow, "a")
            found = remembered(uow, athlete, athlete_id, today=day)
        assert found is not None, "the morning made the day's situation"
        assert found.read.known_running(day) is not None, f"day {n}: today's not kept"
    _holds(store, day)


_READ: dict[str, Any] = {"catalogue": CATALOGUE, "norm_table": NORMS}


class _Broken(Exception):
    """The database gone in the middle of a write (a statement that fails)."""


@pytest.mark.parametrize(
    "statement",
    [r"^INSERT INTO session_logs", r"^DELETE FROM engine_decisions", r"^UPDATE athlete_states"],
)
@pytest.mark.parametrize("write", ["log", "check-in"])
def test_a_write_that_fails_midway_after_its_read_remembers_nothing(
    sql_store: Store, statement: str, write: str
) -> None:
    """A log or a morning whose transaction fails at a statement after its read (its own
    row, the engine's decisions, the kept state): it is rolled back, nothing of it is
    remembered (the today page after it is what a full read makes), and the same write
    again goes through and holds."""
    import re

    _start(sql_store.open(), "a", FakeClock(today=TODAY))
    clock = FakeClock(today=TODAY)
    _log(sql_store, clock, kind=SessionKind.MOBILITY, pain=1)
    _read_today(sql_store.open(), "a", TODAY)
    assert sql_store.url is not None
    mine = make_engine(sql_store.url)
    ours = Store(sql_store.kind, lambda: SqlUnitOfWork(mine), dict)
    pattern = re.compile(
        statement.replace("session_logs", "check_ins") if write == "check-in" else statement
    )

    def fail(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        if pattern.search(" ".join(sql.split())):
            raise _Broken(sql)

    def again() -> None:
        if write == "log":
            _log(ours, clock, kind=SessionKind.STRENGTH, pain=3, sharp=True)
        else:
            morning = CheckIn(TODAY, 2, 2, swelling=True)
            record_check_in(uow=ours.open(), handle="a", check_in=morning, clock=clock)

    event.listen(mine, "before_cursor_execute", fail)
    try:
        with pytest.raises(_Broken):
            again()
    finally:
        event.remove(mine, "before_cursor_execute", fail)
    try:
        assert not _locked(sql_store, TODAY), "nothing of the failed write is read"
        _holds(sql_store, TODAY)
        again()
        assert _locked(sql_store, TODAY)
        _holds(sql_store, TODAY)
    finally:
        mine.dispose()
