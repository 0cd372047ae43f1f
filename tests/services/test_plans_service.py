"""Plan use cases on SQLite and PostgreSQL: create from the latest test, read, respect locks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.errors import Action, Hint, InvalidValue, NotFound
from anklet.domain.program import PLAN_WEEKS_DEFAULT, Plan, SessionKind
from anklet.domain.running_load import LONG_RUN_RULE
from anklet.domain.training_log import CheckIn
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.importers.runs import read_run
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.plans import create_plan, current_plan, day_view, plan_history, week_view
from anklet.services.runs import (
    Outcome,
    RunFile,
    import_runs,
    log_squat_depth,
    running_guidance,
    squat_depth_on,
)
from anklet.services.safety import record_screening
from anklet.services.training import record_check_in
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock, Reference, row_counts
from tests.run_files import fit_run

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


def _run_file(name: str, start: datetime, distance_m: float, moving_s: float) -> RunFile:
    data = fit_run(start=start, distance_m=distance_m, moving_s=moving_s, serial=None).data
    return RunFile(name, lambda: read_run(data, name))


def test_the_day_and_the_week_show_a_run_and_a_squat_depth_stored_after_they_were_read(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    """The running guidance and the squat depth of a day are remembered with the situation
    (services.situation.AthleteSituation), read once per history stamp and day: a run
    imported or a depth saved moves the stamp, so the next read shows it, never what was
    remembered."""
    _create(uow, clock, sam)
    morning = datetime(TODAY.year, TODAY.month, TODAY.day, 7)
    easy = _run_file("easy.fit", morning - timedelta(days=2), 8000.0, 2600.0)
    import_runs(uow=uow, handle=sam, files=[easy], clock=clock)
    day = day_view(uow=uow, handle=sam, day=TODAY, clock=clock, **_read())
    week = week_view(uow=uow, handle=sam, day=TODAY, clock=clock, **_read())
    assert day.running.warnings == () and day.squat_depth is None
    assert all(d.running.warnings == () for d in week)
    assert day_view(uow=uow, handle=sam, day=TODAY, clock=clock, **_read()) == day  # remembered

    spike = _run_file("long.fit", morning, 16_000.0, 5200.0)
    assert import_runs(uow=uow, handle=sam, files=[spike], clock=clock).count(Outcome.IMPORTED)
    after = day_view(uow=uow, handle=sam, day=TODAY, clock=clock, **_read())
    assert [w.rule for w in after.running.warnings] == [LONG_RUN_RULE]
    again = week_view(uow=uow, handle=sam, day=TODAY, clock=clock, **_read())
    assert {d.day: d.running for d in again} == {
        d.day: running_guidance(uow=uow, handle=sam, today=d.day) for d in again
    }
    assert [w.rule for w in next(d for d in again if d.day == TODAY).running.warnings] == [
        LONG_RUN_RULE
    ]

    for height, version in ((35.0, 1), (None, 2)):
        log_squat_depth(uow=uow, handle=sam, day=TODAY, box_height_cm=height, clock=clock)
        depth = day_view(uow=uow, handle=sam, day=TODAY, clock=clock, **_read()).squat_depth
        assert depth is not None and (depth.box_height_cm, depth.version) == (height, version)


def test_a_morning_after_a_read_carries_the_days_running_guidance_and_depth_over(
    uow: SqlUnitOfWork, engine: Engine, clock: FakeClock, sam: str
) -> None:
    """A log or a morning makes the next situation from the one it read
    (services.next_situation) and changes neither runs nor squat depths, so what that one
    read of them is carried over: the day after the morning reads neither and shows what a
    fresh read does."""
    _create(uow, clock, sam)
    morning = datetime(TODAY.year, TODAY.month, TODAY.day, 7)
    runs = [
        _run_file("easy.fit", morning - timedelta(days=2), 8000.0, 2600.0),
        _run_file("long.fit", morning, 16_000.0, 5200.0),
    ]
    import_runs(uow=uow, handle=sam, files=runs, clock=clock)
    log_squat_depth(uow=uow, handle=sam, day=TODAY, box_height_cm=40.0, clock=clock)
    before = day_view(uow=uow, handle=sam, day=TODAY, clock=clock, **_read())
    assert before.running.warnings and before.squat_depth is not None
    record_check_in(uow=uow, handle=sam, check_in=CheckIn(TODAY, 0, 1), clock=clock)
    ran: list[str] = []

    def record(_c: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        ran.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        after = day_view(uow=uow, handle=sam, day=TODAY, clock=clock, **_read())
    finally:
        event.remove(engine, "before_cursor_execute", record)
    # The situation the check-in made, with what its read had read: no run or depth read.
    assert not [s for s in ran if "FROM runs" in s or "FROM squat_depths" in s], ran
    assert after.running == running_guidance(uow=uow, handle=sam, today=TODAY)
    assert after.squat_depth == squat_depth_on(uow=uow, handle=sam, day=TODAY)
    assert (after.running, after.squat_depth) == (before.running, before.squat_depth)


def test_a_squat_depth_saved_keeps_the_state_fresh(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    """A depth moves the history version (the day views remember it), so its write keeps
    the engine's state at the new version, as a run's import does: the next read takes the
    kept state and the next write walks on from it, neither replays the history."""
    _create(uow, clock, sam)
    with uow:
        athlete = uow.athletes.by_handle(sam)
        assert athlete is not None and athlete.id is not None
        assert uow.states.is_fresh(athlete.id)
    for height in (35.0, None):
        log_squat_depth(uow=uow, handle=sam, day=TODAY, box_height_cm=height, clock=clock)
        with uow:
            assert uow.states.is_fresh(athlete.id), "kept at the depth's version"
