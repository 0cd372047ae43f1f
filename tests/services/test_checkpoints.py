"""A change of an earlier day walks on from a checkpoint, not from the start (issue 14, Speed).

Five weeks of training (a morning every day, the planned sessions logged), then a fix of a
log ten days back, a replacement of one twelve days back that locks loading (pain above
5/10), and a morning checked in late for a day that had none: each write must read the
history from the newest checkpoint before the day it changed on (no read of every log or
every morning), must rewrite only the decisions from there, and must leave the kept state
that `anklet state rebuild` finds agreed. On the fake, SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.program import SessionKind
from anklet.domain.training_log import CheckIn
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.engine import CHECKPOINT_EVERY_DAYS, replay_history
from anklet.services.kept import rebuild_state
from anklet.services.lookup import get_athlete
from anklet.services.plans import create_plan
from anklet.services.ports import UnitOfWork
from anklet.services.safety import record_screening
from anklet.services.training import (
    LogRequest,
    edit_session_log,
    log_session,
    record_check_in,
)
from tests.helpers import TODAY, FakeClock
from tests.services.test_kept_state import _test
from tests.stores import KINDS, Store, open_store

CATALOGUE = load_catalogue()
NORMS = load_heel_raise_norms()
TRAINED_DAYS = 35
START = TODAY - timedelta(days=TRAINED_DAYS)
SKIPPED_MORNING = TODAY - timedelta(days=5)  # checked in late, at the end
TRAINING_DAYS = (Weekday.MON, Weekday.WED, Weekday.FRI)


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request.param, request, tmp_path)


@dataclass
class _Reads:
    """What a write asked the logs' and the mornings' repositories for."""

    every: list[str] = field(default_factory=list)  # for_athlete: the whole history
    # session_logs.since(day): the logs from a day on, which only the engine's walk reads
    # (a read's window takes them without their items: sessions_since).
    since: list[date] = field(default_factory=list)


class _CountedRepository:
    """A repository port as given, with its unbounded and bounded reads noted."""

    def __init__(self, inner: Any, name: str, reads: _Reads) -> None:
        self._inner, self._name, self._reads = inner, name, reads

    def for_athlete(self, athlete_id: int) -> Any:
        self._reads.every.append(self._name)
        return self._inner.for_athlete(athlete_id)

    def since(self, athlete_id: int, day: date) -> Any:
        if self._name == "session_logs":
            self._reads.since.append(day)
        return self._inner.since(athlete_id, day)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _CountedUnitOfWork:
    """A unit of work of the store under test whose log and morning reads are noted."""

    def __init__(self, inner: UnitOfWork, reads: _Reads) -> None:
        self._inner, self._reads = inner, reads

    def __enter__(self) -> _CountedUnitOfWork:
        self._inner.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._inner.__exit__(*exc)  # type: ignore[arg-type]

    @property
    def session_logs(self) -> Any:
        return _CountedRepository(self._inner.session_logs, "session_logs", self._reads)

    @property
    def check_ins(self) -> Any:
        return _CountedRepository(self._inner.check_ins, "check_ins", self._reads)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _counted(store: Store) -> tuple[UnitOfWork, _Reads]:
    reads = _Reads()
    return cast("UnitOfWork", _CountedUnitOfWork(store.open(), reads)), reads


def _fixed(store: Store, day: date, *, pain: int, clock: FakeClock) -> _Reads:
    """The strength log of `day` edited to `pain`, through a unit of work that counts reads."""
    uow, reads = _counted(store)
    edit_session_log(
        uow=uow,
        handle="cp",
        day=day,
        kind=SessionKind.STRENGTH,
        changes={"pain_during": pain},
        clock=clock,
        catalogue=CATALOGUE,
    )
    return reads


def _trained(store: Store) -> int:
    """Five weeks: a morning every day but one, every planned session logged at pain 2."""
    clock = FakeClock(today=START)
    athlete = Athlete(
        handle="cp",
        name="Kim",
        days=TRAINING_DAYS,
        equipment=frozenset({Equipment.BAND, Equipment.STEP}),
    )
    add_athlete(uow=store.open(), athlete=athlete, clock=clock)
    record_screening(uow=store.open(), handle="cp", yes=[], clock=clock)
    record_assessment(
        uow=store.open(), handle="cp", assessment=_test(START, 9.0), norm_table=NORMS, clock=clock
    )
    create_plan(uow=store.open(), handle="cp", clock=clock, catalogue=CATALOGUE, norm_table=NORMS)
    for offset in range(TRAINED_DAYS):
        day = START + timedelta(days=offset)
        clock = FakeClock(today=day)
        if day != SKIPPED_MORNING:
            morning = CheckIn(day=day, morning_pain=1, stiffness=2)
            record_check_in(uow=store.open(), handle="cp", check_in=morning, clock=clock)
        if _is_training_day(day):
            request = LogRequest(day=day, pain_during=2, actuals={})
            log_session(
                uow=store.open(),
                handle="cp",
                request=request,
                clock=clock,
                catalogue=CATALOGUE,
                norm_table=NORMS,
            )
    with store.open() as uow:
        return get_athlete(uow, "cp")[1]


def _training_day_back(days: int) -> date:
    """The latest training day at least `days` before today."""
    day = TODAY - timedelta(days=days)
    while not _is_training_day(day):
        day -= timedelta(days=1)
    return day


def _decisions(store: Store, athlete_id: int) -> tuple[Any, ...]:
    with store.open() as uow:
        return tuple(uow.states.decisions(athlete_id))


def _walked_from_a_checkpoint(reads: _Reads, changed_on: date) -> None:
    """No read of every log or every morning (a replay's); the walk read the logs from the
    day after a checkpoint of the week before the changed day at the earliest."""
    assert reads.every == []
    assert len(reads.since) == 1, "one walk, from its checkpoint on"
    assert changed_on - timedelta(days=CHECKPOINT_EVERY_DAYS) < reads.since[0] <= changed_on


def _rewritten_from_the_checkpoint(
    before: tuple[Any, ...], after: tuple[Any, ...], reads: _Reads
) -> None:
    """The decisions of the days before the checkpoint are those kept before: only the
    ones from the walk's first day on are new."""
    since = reads.since[0]
    assert [d for d in after if d.day < since] == [d for d in before if d.day < since]
    assert any(d.day < since for d in before), "a checkpoint after the first decisions"


def _agrees_with_a_rebuild(store: Store, athlete_id: int, today: date) -> None:
    with store.open() as uow:
        replayed = replay_history(uow, athlete_id)
        assert tuple(uow.states.decisions(athlete_id)) == replayed.decisions
        assert replayed.lock_events == (), "every lock the engine decided is stored"
    rebuilt = rebuild_state(uow=store.open(), handle="cp", clock=FakeClock(today=today))
    assert rebuilt.before == "agreed"


def test_earlier_days_changed_walk_on_from_a_checkpoint_and_agree_with_a_rebuild(
    store: Store,
) -> None:
    athlete_id = _trained(store)
    clock = FakeClock(today=TODAY - timedelta(days=1))

    # A fix of a log ten days back: how it went (the day's decisions hold instead).
    fixed_on = _training_day_back(10)
    before = _decisions(store, athlete_id)
    reads = _fixed(store, fixed_on, pain=4, clock=clock)
    _walked_from_a_checkpoint(reads, fixed_on)
    after = _decisions(store, athlete_id)
    assert after != before, "the fix changed the engine's decisions"
    _rewritten_from_the_checkpoint(before, after, reads)
    _agrees_with_a_rebuild(store, athlete_id, clock.today())

    # A log twelve days back logged again, painful: a lock from that day on.
    relogged_on = _training_day_back(12)
    before = _decisions(store, athlete_id)
    uow, reads = _counted(store)
    log_session(
        uow=uow,
        handle="cp",
        request=LogRequest(day=relogged_on, pain_during=7, actuals={}),
        clock=clock,
        replace_existing=True,
        catalogue=CATALOGUE,
        norm_table=NORMS,
    )
    _walked_from_a_checkpoint(reads, relogged_on)
    _rewritten_from_the_checkpoint(before, _decisions(store, athlete_id), reads)
    with store.open() as check:
        assert check.lock_events.for_athlete(athlete_id), "the painful session locked"
    _agrees_with_a_rebuild(store, athlete_id, clock.today())

    # A morning checked in late, for a day that had none: a back-dated append.
    before = _decisions(store, athlete_id)
    uow, reads = _counted(store)
    late = CheckIn(day=SKIPPED_MORNING, morning_pain=4, stiffness=5)
    record_check_in(uow=uow, handle="cp", check_in=late, clock=clock)
    _walked_from_a_checkpoint(reads, SKIPPED_MORNING)
    _rewritten_from_the_checkpoint(before, _decisions(store, athlete_id), reads)
    _agrees_with_a_rebuild(store, athlete_id, clock.today())


def test_a_change_older_than_every_checkpoint_replays_and_refills_them(store: Store) -> None:
    """The oldest day kept is about nine weeks back; before it (here: before the first
    checkpoint of a five-week history) the write replays the history, and the next change
    of an earlier day walks from a checkpoint again."""
    athlete_id = _trained(store)
    clock = FakeClock(today=TODAY - timedelta(days=1))
    assert _is_training_day(START), "the first day, before the first checkpoint"
    reads = _fixed(store, START, pain=4, clock=clock)
    assert sorted(reads.every) == ["check_ins", "session_logs"], "a replay"
    _agrees_with_a_rebuild(store, athlete_id, clock.today())
    fixed_on = _training_day_back(10)
    reads = _fixed(store, fixed_on, pain=3, clock=clock)
    _walked_from_a_checkpoint(reads, fixed_on)
    _agrees_with_a_rebuild(store, athlete_id, clock.today())


def _is_training_day(day: date) -> bool:
    return day.weekday() in {d.number for d in TRAINING_DAYS}
