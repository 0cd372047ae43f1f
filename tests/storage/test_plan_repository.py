"""Plans on SQLite and PostgreSQL: exact round trip, history, scoping, all-or-nothing writes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, text

from anklet.domain.athlete import Athlete
from anklet.domain.program import (
    Phase,
    Plan,
    PlannedSession,
    Prescription,
    Reason,
    SessionKind,
    SideChoice,
)
from anklet.services.ports import PlanSummary
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import row_counts

START = date(2026, 6, 15)
CREATED = datetime(2026, 6, 14, 18, 30, 5, 123456)
LATER = datetime(2026, 7, 1, 9, 0, 0, 1)


def _why(rule: str) -> Reason:
    return Reason(text=f"Because of {rule} — in plain words.", rule=rule, source="Silbernagel 2007")


def _full_plan() -> Plan:
    """Every field set, and every optional field both set and left as None somewhere."""
    warm_up = Prescription(
        exercise_id="ankle-circles",
        exercise_name="Ankle circles",
        side=SideChoice.BOTH,
        sets=1,
        why=_why("warm-up.before-squat"),
        reps=10,
        minutes=1.5,
        block="warm-up",
    )
    left_stretch = Prescription(
        exercise_id="knee-to-wall-rocks",
        exercise_name="Knee-to-wall rocks",
        side=SideChoice.LEFT,
        sets=3,
        why=_why("ladder.extra-volume-weaker-side"),
        hold_s=30,
        rest_s=20,
        minutes=2.25,
    )
    right_stretch = Prescription(
        exercise_id="knee-to-wall-rocks",
        exercise_name="Knee-to-wall rocks",
        side=SideChoice.RIGHT,
        sets=2,
        why=_why("mobility.daily"),
        hold_s=30,
        rest_s=20,
        minutes=1.5,
    )
    heel_raise = Prescription(
        exercise_id="single-leg-heel-raise",
        exercise_name="Single-leg heel raise",
        side=SideChoice.LEFT,
        sets=4,
        why=_why("strength.hsr-step-down"),
        reps=15,
        reps_max=20,
        tempo="3-0-3",
        rest_s=120,
        load="a backpack: the last 2 reps hard",
        minutes=7.0,
    )
    strides = Prescription(
        exercise_id="strides",
        exercise_name="Strides",
        side=SideChoice.BOTH,
        sets=4,
        why=_why("technique.running"),
        distance_m=80,
        tempo="X-0-X",
        rest_s=60,
        minutes=6.0,
    )
    sessions = (
        PlannedSession(
            day=START,
            kind=SessionKind.MOBILITY,
            title="Daily mobility",
            items=(left_stretch, right_stretch),
            week=1,
            why=_why("mobility.daily"),
        ),
        # Same day, after the mobility session: the order of sessions is kept, not re-sorted.
        PlannedSession(
            day=START,
            kind=SessionKind.STRENGTH,
            title="Calf strength A",
            items=(warm_up, heel_raise),
            week=1,
            why=_why("strength.two-or-three-a-week"),
        ),
        PlannedSession(
            day=START + timedelta(days=1),
            kind=SessionKind.REST,
            title="Rest",
            items=(),
            week=1,
            why=_why("strength.no-consecutive-days"),
        ),
        PlannedSession(
            day=START + timedelta(days=2),
            kind=SessionKind.TECHNIQUE,
            title="Running technique",
            items=(warm_up, strides),
            week=1,
            why=_why("technique.goal-running"),
        ),
        PlannedSession(
            day=START + timedelta(days=13),
            kind=SessionKind.RETEST,
            title="Re-test: weight-bearing lunge",
            items=(left_stretch,),
            week=2,
            why=_why("retest.lunge-every-2-weeks"),
        ),
    )
    return Plan(
        start=START,
        weeks=8,
        phases=(
            Phase(
                name="Range of motion",
                first_week=1,
                last_week=4,
                stage_left=1,
                stage_right=2,
                why=_why("ladder.start-stage"),
            ),
            Phase(
                name="Light resistance",
                first_week=5,
                last_week=8,
                stage_left=2,
                stage_right=3,
                why=_why("ladder.next-stage"),
            ),
        ),
        sessions=sessions,
        notes=(_why("note.missing-heel-raise"), _why("note.not-a-diagnosis")),
        deload_weeks=(4, 8),
        locked=False,
    )


def _bare_plan() -> Plan:
    """A locked plan with no phases, notes, deload weeks or sessions."""
    return Plan(
        start=START, weeks=4, phases=(), sessions=(), notes=(), deload_weeks=(), locked=True
    )


def _long_plan(weeks: int) -> Plan:
    """About the size the generator makes: 9-10 sessions a week, 10 items each."""
    item = _full_plan().sessions[1].items[1]
    sessions: list[PlannedSession] = []
    for week in range(1, weeks + 1):
        for offset in range(7):
            day = START + timedelta(days=7 * (week - 1) + offset)
            kinds = [SessionKind.MOBILITY] + ([SessionKind.STRENGTH] if offset % 2 else [])
            sessions.extend(
                PlannedSession(
                    day=day,
                    kind=kind,
                    title=f"{kind.value} {week}.{offset}",
                    items=(item,) * 10,
                    week=week,
                    why=_why("long"),
                )
                for kind in kinds
            )
    return Plan(
        start=START,
        weeks=weeks,
        phases=(),
        sessions=tuple(sessions),
        notes=(),
        deload_weeks=tuple(range(4, weeks + 1, 4)),
    )


def _athlete(uow: SqlUnitOfWork, handle: str) -> int:
    athlete = uow.athletes.add(Athlete(handle=handle, name=handle.title()), created_at=CREATED)
    assert athlete.id is not None
    return int(athlete.id)


@pytest.fixture
def sam(uow: SqlUnitOfWork) -> int:
    with uow:
        athlete_id = _athlete(uow, "sam")
        uow.commit()
    return athlete_id


@contextmanager
def _statements(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements sent to the database inside the block (an executemany counts once
    per batch the driver sends)."""
    sent: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_stored_plan_reads_back_equal_to_the_one_stored(uow: SqlUnitOfWork, sam: int) -> None:
    """Round trip is exact: every field, None fields, sides, blocks, notes, phases, deload
    weeks and the order of sessions and items come back as they went in."""
    plan = _full_plan()
    with uow:
        uow.plans.add(sam, plan, created_at=CREATED)
        uow.commit()
    with uow:
        assert uow.plans.current(sam) == plan


def test_a_locked_plan_without_sessions_reads_back_equal(uow: SqlUnitOfWork, sam: int) -> None:
    """Empty collections and the loading lock survive the round trip."""
    with uow:
        uow.plans.add(sam, _bare_plan(), created_at=CREATED)
        uow.commit()
    with uow:
        assert uow.plans.current(sam) == _bare_plan()


def test_an_athlete_without_a_plan_has_no_current_plan_and_no_history(
    uow: SqlUnitOfWork, sam: int
) -> None:
    with uow:
        assert uow.plans.current(sam) is None
        assert uow.plans.history(sam) == []


def test_a_new_plan_supersedes_the_current_one_and_keeps_it_as_history(
    uow: SqlUnitOfWork, sam: int
) -> None:
    """`plan create` keeps the previous plan: it is marked superseded when the new one is
    stored, and the history lists both, oldest first."""
    with uow:
        first = uow.plans.add(sam, _full_plan(), created_at=CREATED)
        uow.commit()
    with uow:
        second = uow.plans.add(sam, _bare_plan(), created_at=LATER)
        uow.commit()
    with uow:
        assert uow.plans.current(sam) == _bare_plan()
        assert uow.plans.history(sam) == [
            PlanSummary(id=first, created_at=CREATED, start=START, weeks=8, superseded_at=LATER),
            PlanSummary(id=second, created_at=LATER, start=START, weeks=4, superseded_at=None),
        ]


def test_plans_are_scoped_per_athlete(uow: SqlUnitOfWork, sam: int) -> None:
    """A plan for one athlete neither shows up for nor supersedes another athlete's plan."""
    with uow:
        ann = _athlete(uow, "ann")
        uow.plans.add(sam, _full_plan(), created_at=CREATED)
        uow.plans.add(ann, _bare_plan(), created_at=LATER)
        uow.commit()
    with uow:
        assert uow.plans.current(sam) == _full_plan()
        assert uow.plans.current(ann) == _bare_plan()
        assert [s.superseded_at for s in uow.plans.history(sam)] == [None]
        assert [s.weeks for s in uow.plans.history(ann)] == [4]


def test_a_failure_half_way_writes_nothing(uow: SqlUnitOfWork, sam: int, engine: Engine) -> None:
    """One transaction per use case: a plan stored but not committed leaves no row behind,
    and the previous plan stays current."""
    with uow:
        first = uow.plans.add(sam, _bare_plan(), created_at=CREATED)
        uow.commit()
    before = row_counts(engine)
    with pytest.raises(RuntimeError), uow:
        uow.plans.add(sam, _full_plan(), created_at=LATER)
        raise RuntimeError("the use case failed half-way")
    assert row_counts(engine) == before
    with uow:
        assert uow.plans.current(sam) == _bare_plan()
        assert [(s.id, s.superseded_at) for s in uow.plans.history(sam)] == [(first, None)]


def test_a_long_plan_is_stored_and_loaded_in_a_fixed_number_of_statements(
    uow: SqlUnitOfWork, sam: int, engine: Engine
) -> None:
    """No round trip per session or prescription: a 16-week plan (160 sessions and
    1,600 prescriptions) takes as many reads as a one-week plan, and a handful of writes."""
    long_plan = _long_plan(16)
    with uow:
        with _statements(engine) as writes:
            uow.plans.add(sam, long_plan, created_at=CREATED)
        uow.commit()
    assert len(writes) <= 10
    with uow, _statements(engine) as long_reads:
        assert uow.plans.current(sam) == long_plan
    with uow:
        uow.plans.add(sam, _long_plan(1), created_at=LATER)
        with _statements(engine) as short_reads:
            assert uow.plans.current(sam) == _long_plan(1)
    assert len(long_reads) == len(short_reads) == 5


def test_deleting_an_athlete_removes_their_plans(
    uow: SqlUnitOfWork, sam: int, engine: Engine
) -> None:
    """Plans, sessions and prescriptions cascade with the athlete on both engines."""
    with uow:
        uow.plans.add(sam, _full_plan(), created_at=CREATED)
        uow.commit()
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM athletes"))
    counts = row_counts(engine)
    assert [counts[t] for t in ("plans", "plan_sessions", "prescriptions", "plan_notes")] == [
        0,
        0,
        0,
        0,
    ]


def _wait_until_blocked(engine: Engine, timeout_s: float = 10.0) -> None:
    """Return once another session of this database waits on a lock."""
    deadline = time.monotonic() + timeout_s
    query = text(
        "SELECT COUNT(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    )
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if connection.execute(query).scalar_one():
                return
        time.sleep(0.02)
    pytest.fail("the second transaction never waited for the first")


@pytest.mark.parametrize("previous_plan", [False, True], ids=["first-plan", "replacing"])
def test_two_plans_created_at_once_leave_exactly_one_current_plan(
    uow: SqlUnitOfWork, sam: int, engine: Engine, previous_plan: bool
) -> None:
    """PostgreSQL runs transactions side by side: when two `plan create` commands race, the
    second waits on the athlete's row (every history write takes it first) and then makes its
    plan the current one, superseding the first: never two current plans, and no error."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; there is no race to lose")
    if previous_plan:
        with uow:
            uow.plans.add(sam, _bare_plan(), created_at=CREATED)
            uow.commit()
    errors: list[BaseException] = []

    def second() -> None:
        try:
            with SqlUnitOfWork(engine) as other:
                other.plans.add(sam, _bare_plan(), created_at=LATER)
                other.commit()
        except BaseException as error:  # handed to the test thread
            errors.append(error)

    with SqlUnitOfWork(engine) as first:
        first.plans.add(sam, _full_plan(), created_at=LATER)
        racer = threading.Thread(target=second)
        racer.start()
        _wait_until_blocked(engine)
        first.commit()
    racer.join(timeout=10)
    assert errors == []
    with uow:
        assert uow.plans.current(sam) == _bare_plan(), "the second, which waited, is current"
        assert [s.superseded_at for s in uow.plans.history(sam)].count(None) == 1


def test_an_unverified_reason_reads_back_equal_and_says_so_once(
    uow: SqlUnitOfWork, sam: int
) -> None:
    """A reason whose source is [U] is stored with its "unverified" sentence and read back
    equal: rebuilding it from the row does not add the sentence a second time."""
    from anklet.domain.evidence import UNVERIFIED_NOTE

    deload = Reason("Lighter weeks: 4, 8.", "deload.every-fourth-week", "Bell 2023 [V]; size [U]")
    plan = replace(_full_plan(), notes=(deload,))
    with uow:
        uow.plans.add(sam, plan, created_at=CREATED)
        uow.commit()
    with uow:
        stored = uow.plans.current(sam)
    assert stored == plan
    assert stored is not None and stored.notes[0].text.count(UNVERIFIED_NOTE) == 1
