"""The situation reads a window of the history, not all of it (issue 14, point 4): what a
reader needs from further back still arrives.

A long history is written straight through the repositories: three first mornings more
than a year ago (the derived baseline), one pogo session months ago (the gate's "pain of the
latest pogo session"), then only green mornings. The read must give the baseline of those
first mornings, the old pogo pain, the longest green streak a gate asks about, and no log
from before its window. On the fake, SQLite and PostgreSQL.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.day_plan import LivedPlan
from anklet.domain.generation import POGO_ID, generate_plan
from anklet.domain.green_days import GREEN_STREAK_MAX_DAYS
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.progression import last_changing
from anklet.domain.safety import LoadingLock
from anklet.domain.screening import make_screening
from anklet.domain.training_log import Baseline, CheckIn, LoggedItem, SessionLog
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.kept import rebuild_state
from anklet.services.ports import UnitOfWork
from anklet.services.situation import (
    LOOKBACK_DAYS,
    RECENT_DECISIONS,
    contact_ids,
    read_situation,
    window_start,
)
from anklet.services.training import LogRequest, build_items, status
from tests.helpers import TODAY, FakeClock
from tests.stores import KINDS, Store, open_store

CATALOGUE = load_catalogue()
NORMS = load_heel_raise_norms()
JOINED = TODAY - timedelta(days=420)
POGO_DAY = TODAY - timedelta(days=300)
GREEN_FROM = TODAY - timedelta(days=GREEN_STREAK_MAX_DAYS + 30)


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request.param, request, tmp_path)


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, datetime.min.time()) + timedelta(hours=hour)


def _pogo(day: date, pain: int, *, skipped: bool = False) -> SessionLog:
    hop = LoggedItem(POGO_ID, SideChoice.BOTH, 2, 20, None, None, None, 2, 20, skipped=skipped)
    return SessionLog(
        day=day,
        kind=SessionKind.TECHNIQUE,
        items=(hop,),
        pain_during=pain,
        recorded_at=_at(day, 18),
    )


def _seed(uow: UnitOfWork) -> None:
    athlete = Athlete(
        handle="long",
        name="Long",
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        equipment=frozenset({Equipment.BAND, Equipment.STEP}),
    )
    with uow:
        stored = uow.athletes.add(athlete, created_at=_at(JOINED, 6))
        assert stored.id is not None
        screening = make_screening(taken_on=JOINED, yes=[], exercise_only=False)
        uow.screenings.add(stored.id, dataclasses.replace(screening, recorded_at=_at(JOINED, 7)))
        for offset, (pain, stiffness) in enumerate(((2, 1), (3, 2), (2, 1), (6, 6))):
            day = JOINED + timedelta(days=offset)
            uow.check_ins.add(stored.id, CheckIn(day, pain, stiffness, recorded_at=_at(day, 7)))
        uow.session_logs.add(stored.id, _pogo(POGO_DAY, 3))
        uow.session_logs.add(stored.id, _pogo(POGO_DAY + timedelta(days=2), 1, skipped=True))
        day = GREEN_FROM
        while day <= TODAY:
            uow.check_ins.add(stored.id, CheckIn(day, 1, 1, recorded_at=_at(day, 7)))
            day += timedelta(days=1)
        uow.commit()


def test_a_windowed_read_still_sees_what_lies_before_its_window(store: Store) -> None:
    _seed(store.open())
    uow = store.open()
    with uow:
        read = read_situation(uow, "long", today=TODAY, catalogue=CATALOGUE, norm_table=NORMS)
    situation = read.situation
    assert read.logs_from == window_start(TODAY, read.plan) == TODAY - timedelta(days=LOOKBACK_DAYS)
    assert read.logs_from > POGO_DAY, "the pogo session lies before the window"
    assert read.logs == ()
    # The first three mornings, more than a year back: median 2/10 pain, 1/10 stiffness.
    baseline = situation.guard.baseline
    assert baseline is not None
    assert (baseline.morning_pain, baseline.stiffness) == (2, 1)
    assert baseline == Baseline(2, 1, baseline.basis) and "first 3" in baseline.basis
    # The skipped pogo two days later does not count: the pain is that of the one done.
    assert situation.facts.pogo_pain == 3
    assert situation.facts.green_days == GREEN_STREAK_MAX_DAYS
    assert min(situation.guard.mornings) >= read.logs_from


def test_the_window_reaches_back_to_the_plans_stage_checks() -> None:
    """A plan that started long ago: its stage checks look at the two weeks before each of its
    blocks, so the window opens two weeks before the plan."""
    athlete = Athlete(handle="p", name="P", days=(Weekday.MON,), equipment=frozenset())
    start = TODAY - timedelta(days=200)
    plan = generate_plan(
        athlete=athlete,
        score=None,
        lock=LoadingLock(()),
        catalogue=CATALOGUE,
        start=start,
        weeks=12,
    )
    assert window_start(TODAY, plan) == start - timedelta(days=14)
    recent = generate_plan(
        athlete=athlete, score=None, lock=LoadingLock(()), catalogue=CATALOGUE, start=TODAY, weeks=4
    )
    assert window_start(TODAY, recent) == TODAY - timedelta(days=LOOKBACK_DAYS)


LOGGED_FROM = TODAY - timedelta(days=240)  # a plan whose sessions were all logged, long ago
LOGGED_WEEKS = 8


def _seed_old_progress(uow: UnitOfWork) -> None:
    """Eight weeks of planned sessions done in full at pain 2/10, every morning green, then
    nothing for months, then a plan from today: the engine's last change of each item lies
    far before the window of today's read."""
    athlete = Athlete(
        handle="old",
        name="Old",
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        equipment=frozenset({Equipment.BAND, Equipment.STEP, Equipment.WALL}),
    )
    with uow:
        stored = uow.athletes.add(athlete, created_at=_at(LOGGED_FROM - timedelta(days=1), 6))
        assert stored.id is not None
        screening = make_screening(taken_on=LOGGED_FROM, yes=[], exercise_only=False)
        recorded = _at(LOGGED_FROM - timedelta(days=1), 7)
        uow.screenings.add(stored.id, dataclasses.replace(screening, recorded_at=recorded))
        old = generate_plan(
            athlete=stored,
            score=None,
            lock=LoadingLock(()),
            catalogue=CATALOGUE,
            start=LOGGED_FROM,
            weeks=12,
        )
        uow.plans.add(stored.id, old, created_at=recorded)
        for offset in range(7 * LOGGED_WEEKS):
            day = LOGGED_FROM + timedelta(days=offset)
            uow.check_ins.add(stored.id, CheckIn(day, 1, 1, recorded_at=_at(day, 7)))
            for session in old.on(day):
                if session.kind is SessionKind.RETEST:
                    continue
                request = LogRequest(day=day, kind=session.kind, pain_during=2, actuals={})
                # Every set to the top of its range: the engine steps the item up.
                items = tuple(
                    dataclasses.replace(i, reps_done=i.target_reps_max or i.reps_done)
                    for i in build_items(session, request, {})
                )
                log = SessionLog(day, session.kind, items, 2, recorded_at=_at(day, 18))
                uow.session_logs.add(stored.id, log)
        ahead = generate_plan(
            athlete=stored,
            score=None,
            lock=LoadingLock(()),
            catalogue=CATALOGUE,
            start=TODAY,
            weeks=12,
        )
        uow.plans.add(stored.id, ahead, created_at=_at(TODAY, 6))
        uow.commit()


def test_a_windowed_read_explains_each_item_by_its_last_change_however_old(store: Store) -> None:
    """The read takes the window's decisions, the newest few and the last change of each
    item (kept with the run), never all of them; the day view and status say what every
    decision would have made them say."""
    _seed_old_progress(store.open())
    ids = contact_ids(CATALOGUE)  # kept for the catalogue read with, as every write keeps it
    rebuild_state(uow=store.open(), handle="old", clock=FakeClock(today=TODAY), contact_ids=ids)
    uow = store.open()
    with uow:
        read = read_situation(uow, "old", today=TODAY, catalogue=CATALOGUE, norm_table=NORMS)
        every = tuple(uow.states.decisions(read.athlete_id))
    window = read.situation.decisions
    assert read.logs_from > LOGGED_FROM + timedelta(weeks=LOGGED_WEEKS)
    assert len(window) < len(every) // 2, "most decisions lie before the window"
    changed = last_changing(every)
    assert changed and max(d.day for d in changed.values()) < read.logs_from
    assert last_changing(window) == changed
    assert window[-RECENT_DECISIONS:] == every[-RECENT_DECISIONS:]

    lived = read.lived(CATALOGUE)
    assert lived is not None
    whole = dataclasses.replace(
        read.situation, engine=dataclasses.replace(read.situation.engine, decisions=every)
    )
    shown = lived.on(TODAY).sessions
    assert shown == LivedPlan(lived.plan, whole, CATALOGUE).on(TODAY).sessions
    explained = [i.why.text for s in shown for i in s.items if "Changed on" in i.why.text]
    assert explained, "an old change still explains today's load"

    view = status(
        uow=store.open(), handle="old", today=TODAY, catalogue=CATALOGUE, norm_table=NORMS
    )
    assert view.decisions[-RECENT_DECISIONS:] == tuple(reversed(every))[:RECENT_DECISIONS]
