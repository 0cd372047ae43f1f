"""Plan use cases on SQLite and PostgreSQL: create from the latest test, read, respect locks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.errors import Action, Hint, InvalidValue, NotFound
from anklet.domain.program import PLAN_WEEKS_DEFAULT, Plan, SessionKind
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.plans import create_plan, current_plan, day_view, plan_history, week_view
from anklet.services.safety import record_screening
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock, Reference, row_counts

NORMS = load_heel_raise_norms()
CATALOGUE = load_catalogue()


@pytest.fixture
def sam(uow: SqlUnitOfWork, clock: FakeClock) -> str:
    athlete = Athlete(
        handle="sam",
        name="Sam",
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        equipment=frozenset({Equipment.BAND, Equipment.STEP}),
    )
    add_athlete(uow=uow, athlete=athlete, clock=clock)
    assessment = Assessment(
        taken_on=TODAY - timedelta(days=1),
        left=SideResult(lunge=8.5, heel_raise_reps=18, pain=1),
        right=SideResult(lunge=11.0, heel_raise_reps=26, pain=0),
        rater=Rater.TRAINED,
    )
    record_assessment(uow=uow, handle="sam", assessment=assessment, norm_table=NORMS, clock=clock)
    record_screening(uow=uow, handle="sam", yes=[], clock=clock)
    return "sam"


def _create(
    uow: SqlUnitOfWork,
    clock: FakeClock,
    handle: str,
    *,
    weeks: int = PLAN_WEEKS_DEFAULT,
    start: date | None = None,
) -> Plan:
    return create_plan(
        uow=uow,
        handle=handle,
        catalogue=CATALOGUE,
        norm_table=NORMS,
        clock=clock,
        weeks=weeks,
        start=start,
    )


def _read() -> Reference:
    return {"catalogue": CATALOGUE, "norm_table": NORMS}


def test_a_plan_is_built_from_the_latest_assessment_and_stored(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    plan = _create(uow, clock, sam, weeks=6)
    assert plan.start == TODAY and plan.weeks == 6
    lived = current_plan(uow=uow, handle=sam, clock=clock, **_read())
    # The first block is as made; later blocks show the rung the stage gate holds until the
    # step up is earned (no green days are logged yet).
    assert lived.in_week(1) == plan.in_week(1)
    assert lived.notes == plan.notes
    rules = {note.rule for note in plan.notes}
    assert "ladder.start.range-restricted" in rules
    assert "volume.extra-set.weaker-side" in rules


def test_a_new_plan_keeps_the_previous_one_as_history(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    _create(uow, clock, sam, weeks=4)
    second = _create(uow, clock, sam, weeks=8, start=TODAY + timedelta(days=7))
    history = plan_history(uow=uow, handle=sam)
    assert [(h.weeks, h.superseded_at is None) for h in history] == [(4, False), (8, True)]
    lived = current_plan(uow=uow, handle=sam, clock=clock, **_read())
    assert (lived.start, lived.weeks, lived.in_week(1)) == (second.start, 8, second.in_week(1))


def test_today_lists_the_sessions_of_the_day(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    plan = _create(uow, clock, sam)
    view = day_view(uow=uow, handle=sam, day=plan.start, clock=clock, **_read())
    assert view.week == 1
    assert view.sessions == plan.on(plan.start)
    assert view.sessions[0].kind is SessionKind.MOBILITY
    week = week_view(
        uow=uow, handle=sam, day=plan.start + timedelta(days=3), clock=clock, **_read()
    )
    assert [v.day for v in week] == [plan.start + timedelta(days=i) for i in range(7)]


def test_a_lock_recorded_after_the_plan_leaves_only_mobility_and_the_lunge_test(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    plan = _create(uow, clock, sam)
    record_screening(uow=uow, handle=sam, yes=[2], clock=clock)
    days = [plan.start + timedelta(days=offset) for offset in range(28)]
    kinds = set()
    for day in days:
        view = day_view(uow=uow, handle=sam, day=day, clock=clock, **_read())
        kinds |= {session.kind for session in view.sessions}
        assert view.warnings and view.warnings[0].rule == "safety.loading-lock"
        for session in view.sessions:
            if session.kind is SessionKind.RETEST:
                assert {i.exercise_id for i in session.items} == {"knee-to-wall-lunge"}
    assert kinds <= {SessionKind.MOBILITY, SessionKind.RETEST}


def test_a_plan_made_while_locked_is_mobility_only(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    record_screening(uow=uow, handle=sam, yes=[1], clock=clock)
    plan = _create(uow, clock, sam)
    assert plan.locked
    assert plan.notes[0].rule == "safety.loading-lock"
    assert {s.kind for s in plan.sessions} <= {SessionKind.MOBILITY, SessionKind.RETEST}


def test_bad_weeks_or_start_write_nothing(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, engine: Engine
) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidValue, match="weeks"):
        _create(uow, clock, sam, weeks=20)
    with pytest.raises(InvalidValue, match="start"):
        _create(uow, clock, sam, start=date(2030, 1, 1))
    with pytest.raises(NotFound, match="no plan for 'sam'") as missing:
        current_plan(uow=uow, handle=sam, clock=clock, **_read())
    # Interface-neutral: the next step is a hint each door renders, not a command in words.
    assert missing.value.hint == Hint(Action.CREATE_PLAN, sam)
    assert "anklet" not in str(missing.value)
    assert row_counts(engine) == before


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_a_day_outside_the_calendar_is_refused_not_an_overflow(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, day: date
) -> None:
    _create(uow, clock, sam)
    for view in (day_view, week_view):
        with pytest.raises(InvalidValue, match="a date from 1900-01-01 to 2999-12-31"):
            view(uow=uow, handle=sam, day=day, clock=clock, **_read())


def test_hops_join_a_new_plan_once_the_gate_passes_on_stance_tests_and_green_logs(
    uow: SqlUnitOfWork, clock: FakeClock
) -> None:
    """Potach & Chu 2016 pogo gate: paced heel raise at least 20 each side, LSI at least 90 %,
    30 s single-leg stance each side, and 7 days of a green tendon guard (from the logs)."""
    from anklet.domain.athlete import Goal
    from anklet.domain.training_log import CheckIn
    from anklet.services.training import LogRequest, log_session, record_check_in

    runner = Athlete(
        handle="run",
        name="Run",
        goal=Goal.RUNNING,
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=45,
        equipment=frozenset({Equipment.STEP, Equipment.WALL}),
    )
    start = TODAY - timedelta(days=21)
    past = FakeClock(today=start)
    add_athlete(uow=uow, athlete=runner, clock=past)
    record_screening(uow=uow, handle="run", yes=[], clock=past)
    ready = SideResult(lunge=12.0, heel_raise_reps=28, pain=0, single_leg_stance_s=40)
    record_assessment(
        uow=uow,
        handle="run",
        norm_table=NORMS,
        clock=past,
        assessment=Assessment(start, ready, ready, rater=Rater.TRAINED),
    )
    first = _create(uow, past, "run", weeks=4, start=start)
    assert "pogo-hop" not in {i.exercise_id for s in first.sessions for i in s.items}, (
        "no green days logged yet: the gate stays closed"
    )
    # Every morning checked in up to today (a day without a check-in is not green), every
    # session up to yesterday logged at pain 1/10.
    for offset in range(22):
        day = start + timedelta(days=offset)
        record_check_in(
            uow=uow, handle="run", clock=clock, check_in=CheckIn(day, morning_pain=0, stiffness=1)
        )
        for session in first.on(day) if day < TODAY else ():
            if session.kind is not SessionKind.RETEST:
                log_session(
                    uow=uow,
                    handle="run",
                    clock=clock,
                    request=LogRequest(day=day, kind=session.kind, pain_during=1, actuals={}),
                )
    lived = day_view(uow=uow, handle="run", day=TODAY, clock=clock, **_read())
    assert lived.week is not None
    week = week_view(uow=uow, handle="run", day=TODAY, clock=clock, **_read())
    assert "pogo-hop" in {i.exercise_id for v in week for s in v.sessions for i in s.items}, (
        "the plan lives: once the whole gate holds, hops join the current plan"
    )
    second = _create(uow, clock, "run", weeks=4)
    assert "pogo-hop" in {i.exercise_id for s in second.sessions for i in s.items}
    assert "plyometric.gate" not in {note.rule for note in second.notes}
