"""The service scenarios that need no SQL, on the in-memory fake (tests/fakes.py): athletes,
screening and clearance, assessments, plans and day views, logging and check-ins, status.

Each asserts what its SQL counterpart asserts (named in its docstring, in the files beside this
one), where `rows()` stands in for `row_counts(engine)`. The fake's fidelity is the
repository contract's job (tests/storage/test_repository_contract.py); the counterparts keep
the real-database runs of the same stories.

Set ANKLET_SCENARIOS_ON to run these very scenarios elsewhere, e.g.
`ANKLET_SCENARIOS_ON=sqlite,postgres` (or `fake,sqlite` to time one against the other).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anklet.domain.assessment import (
    Assessment,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    Rater,
    SideResult,
)
from anklet.domain.athlete import HANDLE_PATTERN, Athlete, Equipment, Goal, Sex, Weekday
from anklet.domain.errors import Action, Conflict, Hint, InvalidValue, NotFound
from anklet.domain.plausible_dates import DateNeedsConfirmation
from anklet.domain.program import PLAN_WEEKS_DEFAULT, Plan, SessionKind, SideChoice
from anklet.domain.progression import Verdict
from anklet.domain.screening import Action as FlagAction
from anklet.domain.screening import Restriction
from anklet.domain.training_log import CheckIn
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import assessment_history, record_assessment
from anklet.services.athletes import add_athlete, edit_athlete, list_athletes, show_athlete
from anklet.services.engine import engine_result, replay_history
from anklet.services.plans import create_plan, current_plan, day_view, plan_history, week_view
from anklet.services.ports import UnitOfWork
from anklet.services.safety import open_locks, record_clearance, record_screening
from anklet.services.training import (
    Actual,
    CheckInOutcome,
    LogOutcome,
    LogRequest,
    history,
    log_session,
    record_check_in,
    set_baseline,
    status,
)
from tests.helpers import TODAY, FakeClock, Reference
from tests.stores import Store, fake_store, open_store

NORMS = load_heel_raise_norms()
CATALOGUE = load_catalogue()
READ: Reference = {"catalogue": CATALOGUE, "norm_table": NORMS}
SCENARIOS_ON = tuple(os.environ.get("ANKLET_SCENARIOS_ON", "fake").split(","))

Rows = Callable[[], dict[str, int]]


@pytest.fixture(params=SCENARIOS_ON)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "fake":
        yield fake_store(request.getfixturevalue("fake_db"))
    else:
        yield from open_store(request.param, request, tmp_path)


@pytest.fixture
def uow(request: pytest.FixtureRequest, store: Store) -> UnitOfWork:
    if store.kind == "fake":
        fake: UnitOfWork = request.getfixturevalue("fake_uow")
        return fake
    return store.open()


@pytest.fixture
def rows(store: Store) -> Rows:
    return store.row_counts


# --- athletes (test_athletes_service.py) -----------------------------------------------------


def _runner() -> Athlete:
    return Athlete(
        handle="sam",
        name="Sam Runner",
        birth_year=1990,
        sex=Sex.FEMALE,
        goal=Goal.RUNNING,
        days=(Weekday.FRI, Weekday.MON, Weekday.WED),
        minutes=40,  # the day's minutes: 15 of mobility leave 25 for the loaded session
        equipment=frozenset({Equipment.BAND, Equipment.WALL}),
    )


def test_an_added_athlete_reads_back_identically(uow: UnitOfWork, clock: FakeClock) -> None:
    """test_an_added_athlete_reads_back_identically"""
    stored = add_athlete(uow=uow, athlete=_runner(), clock=clock)
    view = show_athlete(uow=uow, handle="sam")
    assert view.athlete == stored
    assert view.athlete.days == (Weekday.MON, Weekday.WED, Weekday.FRI)
    assert view.athlete.equipment == {Equipment.BAND, Equipment.WALL}
    assert not view.lock.locked
    assert (view.assessments, view.screenings) == (0, 0)


def test_handles_are_unique_and_a_list_is_sorted_by_handle(
    uow: UnitOfWork, clock: FakeClock, rows: Rows
) -> None:
    """test_handles_are_unique, test_list_is_sorted_by_handle"""
    add_athlete(uow=uow, athlete=_runner(), clock=clock)
    before = rows()
    with pytest.raises(Conflict, match="already taken"):
        add_athlete(uow=uow, athlete=_runner(), clock=clock)
    assert rows() == before
    for handle in ("zoe", "al", "mo"):
        add_athlete(uow=uow, athlete=Athlete(handle=handle, name=handle.title()), clock=clock)
    assert [a.handle for a in list_athletes(uow=uow)] == ["al", "mo", "sam", "zoe"]


def test_an_edit_changes_only_the_given_fields_and_a_bad_one_nothing(
    uow: UnitOfWork, clock: FakeClock
) -> None:
    """test_edit_changes_only_the_given_fields, test_a_bad_edit_changes_nothing"""
    add_athlete(uow=uow, athlete=_runner(), clock=clock)
    edit_athlete(uow=uow, handle="sam", changes={"minutes": 40, "goal": Goal.BOTH}, clock=clock)
    athlete = show_athlete(uow=uow, handle="sam").athlete
    assert (athlete.minutes, athlete.goal, athlete.name) == (40, Goal.BOTH, "Sam Runner")
    with pytest.raises(InvalidValue, match="minutes"):
        edit_athlete(uow=uow, handle="sam", changes={"name": "New", "minutes": 500}, clock=clock)
    assert show_athlete(uow=uow, handle="sam").athlete.name == "Sam Runner"


@pytest.mark.parametrize("handle", ["nobody", "\x00", "sam\x00", "sam\n", "x" * 5000])
def test_unknown_handles_say_how_to_find_the_right_one(
    uow: UnitOfWork, clock: FakeClock, handle: str
) -> None:
    """test_unknown_handles_say_how_to_find_the_right_one,
    test_a_handle_that_cannot_exist_is_not_found_on_every_database"""
    add_athlete(uow=uow, athlete=_runner(), clock=clock)
    with pytest.raises(NotFound, match="no athlete named") as missing:
        show_athlete(uow=uow, handle=handle)
    assert missing.value.hint == Hint(Action.LIST_ATHLETES)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(["handle", "name", "birth_year", "minutes"]),
    handle=st.text(max_size=40).filter(lambda t: not HANDLE_PATTERN.match(t) or len(t) > 32),
    name=st.sampled_from(["", "   ", "x" * 81]),
    birth_year=st.integers(max_value=1925) | st.integers(min_value=2017),
    minutes=st.integers(max_value=4) | st.integers(min_value=181),
)
def test_any_bad_athlete_value_is_refused_and_nothing_is_written(
    uow: UnitOfWork,
    clock: FakeClock,
    rows: Rows,
    field: str,
    handle: str,
    name: str,
    birth_year: int,
    minutes: int,
) -> None:
    """test_any_bad_athlete_value_is_refused_and_nothing_is_written"""
    sam = _runner()
    athlete = {
        "handle": dataclasses.replace(sam, handle=handle),
        "name": dataclasses.replace(sam, name=name),
        "birth_year": dataclasses.replace(sam, birth_year=birth_year),
        "minutes": dataclasses.replace(sam, minutes=minutes),
    }[field]
    before = rows()
    with pytest.raises(InvalidValue) as error:
        add_athlete(uow=uow, athlete=athlete, clock=clock)
    assert error.value.field == field
    assert rows() == before


def test_body_mass_is_optional_and_reads_back_exactly(uow: UnitOfWork, clock: FakeClock) -> None:
    """test_body_mass_is_optional_and_reads_back_exactly_on_every_database"""
    add_athlete(uow=uow, athlete=_runner(), clock=clock)
    assert show_athlete(uow=uow, handle="sam").athlete.body_mass_kg is None
    heavy = dataclasses.replace(_runner(), handle="bo", body_mass_kg=104.5)
    assert add_athlete(uow=uow, athlete=heavy, clock=clock).body_mass_kg == 104.5
    edit_athlete(uow=uow, handle="bo", changes={"body_mass_kg": 98}, clock=clock)
    assert show_athlete(uow=uow, handle="bo").athlete.body_mass_kg == 98.0
    edit_athlete(uow=uow, handle="bo", changes={"body_mass_kg": None}, clock=clock)
    assert show_athlete(uow=uow, handle="bo").athlete.body_mass_kg is None


# --- screening and clearance (test_safety_service.py, test_safety_stories.py) ----------------


@pytest.fixture
def sam(uow: UnitOfWork, clock: FakeClock) -> str:
    add_athlete(uow=uow, athlete=Athlete(handle="sam", name="Sam"), clock=clock)
    return "sam"


def test_a_same_day_flag_locks_loading_until_cleared(
    uow: UnitOfWork, clock: FakeClock, sam: str
) -> None:
    """test_a_same_day_flag_locks_loading_until_cleared"""
    outcome = record_screening(uow=uow, handle=sam, yes=[5], clock=clock)
    assert outcome.result.action is FlagAction.SAME_DAY
    assert outcome.lock.locked
    assert show_athlete(uow=uow, handle=sam).lock.restrictions == {Restriction.ALL_LOADING}
    record_screening(uow=uow, handle=sam, yes=[], clock=clock)
    assert show_athlete(uow=uow, handle=sam).lock.locked, "a clean screening must not unlock"
    clearance = record_clearance(
        uow=uow, handle=sam, note="x-ray clear", cleared_by="Dr Lee, physiotherapist", clock=clock
    )
    assert clearance.cleared_on == TODAY
    assert clearance.cleared_by == "Dr Lee, physiotherapist"
    assert not show_athlete(uow=uow, handle=sam).lock.locked


def test_every_answer_is_stored_and_read_back(
    uow: UnitOfWork, clock: FakeClock, sam: str, rows: Rows
) -> None:
    """test_every_answer_is_stored_and_read_back"""
    record_screening(uow=uow, handle=sam, yes=[6, 7], exercise_only=True, clock=clock)
    assert rows()["screening_answers"] == 10
    with uow:
        athlete = uow.athletes.by_handle(sam)
        assert athlete is not None and athlete.id is not None
        stored = uow.screenings.for_athlete(athlete.id)
    assert [(s.yes, s.exercise_only) for s in stored] == [(frozenset({6, 7}), True)]


def test_refused_screenings_and_clearances_write_nothing(
    uow: UnitOfWork, clock: FakeClock, sam: str, rows: Rows
) -> None:
    """test_clearing_when_nothing_is_locked_is_refused, test_a_bad_screening_writes_nothing,
    test_a_clearance_note_with_a_nul_byte_is_refused_and_writes_nothing"""
    before = rows()
    with pytest.raises(Conflict, match="nothing to clear"):
        record_clearance(uow=uow, handle=sam, note="ok", cleared_by="Dr Lee", clock=clock)
    with pytest.raises(InvalidValue):
        record_screening(uow=uow, handle=sam, yes=[3, 12], clock=clock)
    with pytest.raises(NotFound):
        record_screening(uow=uow, handle="ghost", yes=[1], clock=clock)
    assert rows() == before
    record_screening(uow=uow, handle=sam, yes=[5], clock=clock)
    before = rows()
    with pytest.raises(InvalidValue, match="without control characters"):
        record_clearance(uow=uow, handle=sam, note="Dr Lee\x00", cleared_by="Dr Lee", clock=clock)
    assert rows() == before
    assert show_athlete(uow=uow, handle=sam).lock.locked


def test_locks_are_per_athlete(uow: UnitOfWork, clock: FakeClock, sam: str) -> None:
    """test_locks_are_per_athlete"""
    add_athlete(uow=uow, athlete=Athlete(handle="kim", name="Kim"), clock=clock)
    record_screening(uow=uow, handle=sam, yes=[1], clock=clock)
    assert show_athlete(uow=uow, handle=sam).lock.locked
    assert not show_athlete(uow=uow, handle="kim").lock.locked


# --- assessments (test_assessments_service.py) -----------------------------------------------

JOINED = date(2026, 1, 5)


@pytest.fixture
def tester(uow: UnitOfWork) -> str:
    athlete = Athlete(handle="sam", name="Sam", sex=Sex.MALE, birth_year=1990)
    add_athlete(uow=uow, athlete=athlete, clock=FakeClock(JOINED))
    return "sam"


def _test(day: date, lunge_l: float, lunge_r: float, reps_l: int, reps_r: int) -> Assessment:
    return Assessment(
        taken_on=day,
        left=SideResult(lunge=lunge_l, heel_raise_reps=reps_l, heel_height_cm=9.0, pain=1),
        right=SideResult(lunge=lunge_r, heel_raise_reps=reps_r),
        rater=Rater.TRAINED,
    )


def _angle(day: date, left: float, right: float, placement: LungePlacement | None) -> Assessment:
    return Assessment(
        taken_on=day,
        left=SideResult(lunge=left),
        right=SideResult(lunge=right),
        lunge_method=LungeMethod.ANGLE_DEG,
        lunge_device=LungeDevice.INCLINOMETER,
        lunge_placement=placement,
        rater=Rater.TRAINED,
    )


def _record(uow: UnitOfWork, clock: FakeClock, assessment: Assessment, **kw: bool) -> Any:
    return record_assessment(
        uow=uow, handle="sam", assessment=assessment, norm_table=NORMS, clock=clock, **kw
    )


def test_an_assessment_is_scored_against_the_previous_and_history_round_trips(
    uow: UnitOfWork, clock: FakeClock, tester: str
) -> None:
    """test_an_assessment_is_stored_and_scored_against_the_previous_one,
    test_history_round_trips_every_value"""
    first = _test(date(2026, 6, 1), 8.9, 11.0, 20, 28)
    _record(uow, clock, first)
    score = _record(uow, clock, _test(TODAY, 10.6, 11.2, 27, 29))
    assert score.lunge is not None and score.heel_raise is not None
    lunge_left = [c for c in score.changes if c.test == "lunge" and c.side.value == "left"]
    assert [(c.delta, c.real) for c in lunge_left] == [(1.7, True)]
    assert score.heel_raise.lsi_percent == 93.1
    past = assessment_history(uow=uow, handle=tester, norm_table=NORMS)
    assert [h.assessment.taken_on for h in past] == [date(2026, 6, 1), TODAY]
    assert dataclasses.replace(past[0].assessment, id=None, recorded_at=None) == first
    assert past[0].changes == () and len(past[1].changes) > 0


def test_a_back_dated_assessment_is_compared_only_with_earlier_ones(
    uow: UnitOfWork, clock: FakeClock, tester: str
) -> None:
    """test_a_back_dated_assessment_is_compared_only_with_earlier_ones"""
    _record(uow, clock, _test(TODAY, 12.0, 12.0, 30, 30))
    assert _record(uow, clock, _test(date(2026, 5, 1), 9.0, 9.0, 20, 20)).changes == ()


def test_angles_at_different_placements_are_never_compared(
    uow: UnitOfWork, clock: FakeClock, tester: str
) -> None:
    """test_an_angle_taken_15_cm_below_is_never_compared_with_one_at_the_tuberosity"""
    _record(uow, clock, _angle(date(2026, 5, 1), 39.0, 39.0, LungePlacement.TUBEROSITY))
    score = _record(uow, clock, _angle(TODAY, 44.9, 45.0, LungePlacement.BELOW_TUBEROSITY_15_CM))
    assert score.changes == ()
    assert "not-comparable" in {f.code for f in score.findings}
    placements = [
        h.assessment.lunge_placement
        for h in assessment_history(uow=uow, handle=tester, norm_table=NORMS)
    ]
    assert placements == [LungePlacement.TUBEROSITY, LungePlacement.BELOW_TUBEROSITY_15_CM]


def test_a_test_dated_before_the_athlete_was_added_needs_confirming(
    uow: UnitOfWork, clock: FakeClock, tester: str, rows: Rows
) -> None:
    """test_a_test_dated_before_the_athlete_was_added_needs_confirming"""
    before = rows()
    with pytest.raises(DateNeedsConfirmation) as error:
        _record(uow, clock, _test(date(2025, 6, 1), 10, 10, 25, 25))
    assert error.value.field == "date"
    assert "before the athlete was added on 2026-01-05" in str(error.value)
    assert rows() == before
    score = _record(uow, clock, _test(date(2025, 6, 1), 10, 10, 25, 25), confirm_date=True)
    assert score.assessment.taken_on == date(2025, 6, 1)


def test_while_loading_is_locked_the_heel_raise_is_refused_but_the_lunge_is_measured(
    uow: UnitOfWork, clock: FakeClock, tester: str, rows: Rows
) -> None:
    """test_while_loading_is_locked_the_heel_raise_is_refused_but_the_lunge_is_measured"""
    record_screening(uow=uow, handle=tester, yes=[5], clock=clock)
    before = rows()
    with pytest.raises(InvalidValue) as error:
        _record(uow, clock, _test(TODAY, 10.0, 10.5, 0, 25))
    assert error.value.field == "heel_raise_left"
    assert "while loading is locked" in str(error.value)
    assert rows() == before
    lunge_and_stance = Assessment(
        taken_on=TODAY,
        left=SideResult(lunge=10.0, single_leg_stance_s=35),
        right=SideResult(lunge=10.5, single_leg_stance_s=40),
    )
    assert _record(uow, clock, lunge_and_stance).lunge is not None


# --- plans and day views (test_plans_service.py) ---------------------------------------------


@pytest.fixture
def assessed(uow: UnitOfWork, clock: FakeClock) -> str:
    athlete = Athlete(
        handle="sam",
        name="Sam",
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=45,  # the day's minutes: 15 of mobility leave a 30-minute strength session
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
    uow: UnitOfWork,
    clock: FakeClock,
    handle: str = "sam",
    *,
    weeks: int = PLAN_WEEKS_DEFAULT,
    start: date | None = None,
) -> Plan:
    return create_plan(uow=uow, handle=handle, clock=clock, weeks=weeks, start=start, **READ)


def test_a_plan_is_built_from_the_latest_assessment_and_stored(
    uow: UnitOfWork, clock: FakeClock, assessed: str
) -> None:
    """test_a_plan_is_built_from_the_latest_assessment_and_stored"""
    plan = _create(uow, clock, weeks=6)
    assert plan.start == TODAY and plan.weeks == 6
    lived = current_plan(uow=uow, handle=assessed, clock=clock, **READ)
    assert lived.in_week(1) == plan.in_week(1)
    assert lived.notes == plan.notes
    rules = {note.rule for note in plan.notes}
    assert {"ladder.start.range-restricted", "volume.extra-set.weaker-side"} <= rules


def test_a_new_plan_keeps_the_previous_one_as_history(
    uow: UnitOfWork, clock: FakeClock, assessed: str
) -> None:
    """test_a_new_plan_keeps_the_previous_one_as_history"""
    _create(uow, clock, weeks=4)
    second = _create(uow, clock, weeks=8, start=TODAY + timedelta(days=7))
    past = plan_history(uow=uow, handle=assessed)
    assert [(h.weeks, h.superseded_at is None) for h in past] == [(4, False), (8, True)]
    lived = current_plan(uow=uow, handle=assessed, clock=clock, **READ)
    assert (lived.start, lived.weeks, lived.in_week(1)) == (second.start, 8, second.in_week(1))


def test_today_lists_the_sessions_of_the_day(
    uow: UnitOfWork, clock: FakeClock, assessed: str
) -> None:
    """test_today_lists_the_sessions_of_the_day"""
    plan = _create(uow, clock)
    view = day_view(uow=uow, handle=assessed, day=plan.start, clock=clock, **READ)
    assert view.week == 1
    assert view.sessions == plan.on(plan.start)
    assert view.sessions[0].kind is SessionKind.MOBILITY
    week = week_view(
        uow=uow, handle=assessed, day=plan.start + timedelta(days=3), clock=clock, **READ
    )
    assert [v.day for v in week] == [plan.start + timedelta(days=i) for i in range(7)]


def test_a_lock_after_the_plan_leaves_only_mobility_and_the_lunge_test(
    uow: UnitOfWork, clock: FakeClock, assessed: str
) -> None:
    """test_a_lock_recorded_after_the_plan_leaves_only_mobility_and_the_lunge_test"""
    plan = _create(uow, clock)
    record_screening(uow=uow, handle=assessed, yes=[2], clock=clock)
    kinds = set()
    for offset in range(28):
        view = day_view(
            uow=uow, handle=assessed, day=plan.start + timedelta(days=offset), clock=clock, **READ
        )
        kinds |= {session.kind for session in view.sessions}
        assert view.warnings and view.warnings[0].rule == "safety.loading-lock"
        for session in view.sessions:
            if session.kind is SessionKind.RETEST:
                assert {i.exercise_id for i in session.items} == {"knee-to-wall-lunge"}
    assert kinds <= {SessionKind.MOBILITY, SessionKind.RETEST}


def test_a_plan_made_while_locked_is_mobility_only(
    uow: UnitOfWork, clock: FakeClock, assessed: str
) -> None:
    """test_a_plan_made_while_locked_is_mobility_only"""
    record_screening(uow=uow, handle=assessed, yes=[1], clock=clock)
    plan = _create(uow, clock)
    assert plan.locked and plan.notes[0].rule == "safety.loading-lock"
    assert {s.kind for s in plan.sessions} <= {SessionKind.MOBILITY, SessionKind.RETEST}


def test_bad_weeks_or_start_write_nothing(
    uow: UnitOfWork, clock: FakeClock, assessed: str, rows: Rows
) -> None:
    """test_bad_weeks_or_start_write_nothing"""
    before = rows()
    with pytest.raises(InvalidValue, match="weeks"):
        _create(uow, clock, weeks=20)
    with pytest.raises(InvalidValue, match="start"):
        _create(uow, clock, start=date(2030, 1, 1))
    with pytest.raises(NotFound, match="no plan for 'sam'") as missing:
        current_plan(uow=uow, handle=assessed, clock=clock, **READ)
    assert missing.value.hint == Hint(Action.CREATE_PLAN, assessed)
    assert rows() == before


# --- logging and check-ins (test_training_service.py, test_check_in_dates.py) ----------------

MON_1 = TODAY
WED_1 = TODAY + timedelta(days=2)
FRI_1 = TODAY + timedelta(days=4)
MON_2 = TODAY + timedelta(days=7)
MON_3 = TODAY + timedelta(days=14)
HEEL_RAISE = "single-leg-heel-raise"
LEFT_RAISE = (HEEL_RAISE, SideChoice.LEFT)
RIGHT_RAISE = (HEEL_RAISE, SideChoice.RIGHT)


@pytest.fixture
def later() -> FakeClock:
    return FakeClock(today=TODAY + timedelta(days=13))


@pytest.fixture
def plan(uow: UnitOfWork, clock: FakeClock, assessed: str) -> Plan:
    return _create(uow, clock)


def _log(
    uow: UnitOfWork,
    clock: FakeClock,
    day: date,
    pain: int = 2,
    actuals: dict[tuple[str, SideChoice], Actual] | None = None,
    **options: Any,
) -> LogOutcome:
    replace_existing = bool(options.pop("replace_existing", False))
    request = LogRequest(day=day, pain_during=pain, actuals=actuals or {}, **options)
    return log_session(
        uow=uow, handle="sam", request=request, clock=clock, replace_existing=replace_existing
    )


def _check_in(
    uow: UnitOfWork, clock: FakeClock, day: date, pain: int = 1, stiffness: int = 1, **signs: Any
) -> CheckInOutcome:
    return record_check_in(
        uow=uow,
        handle="sam",
        clock=clock,
        check_in=CheckIn(day=day, morning_pain=pain, stiffness=stiffness, **signs),
    )


def _top(sets: int, load_kg: float | None = None) -> Actual:
    return Actual(sets=sets, reps=20, load_kg=load_kg)


def test_a_day_logged_as_prescribed_keeps_each_target_next_to_what_was_done(
    uow: UnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """test_a_day_logged_as_prescribed_keeps_each_target_next_to_what_was_done"""
    outcome = _log(uow, later, MON_1, pain=2, rpe=6, notes="  felt fine  ")
    log = outcome.log
    assert log.id is not None and log.kind is SessionKind.STRENGTH and log.pain_during == 2
    assert log.rpe == 6 and log.notes == "felt fine"
    (strength,) = [s for s in plan.on(MON_1) if s.kind is SessionKind.STRENGTH]
    assert [(i.exercise_id, i.side) for i in log.items] == [
        (p.exercise_id, p.side) for p in strength.items if p.block != "warm-up"
    ]
    left = next(i for i in log.items if (i.exercise_id, i.side) == LEFT_RAISE)
    assert (left.target_sets, left.target_reps, left.target_reps_max) == (4, 10, 20)
    assert (left.sets_done, left.reps_done, left.load_kg, left.skipped) == (4, 10, None, False)
    assert {d.verdict for d in outcome.decisions} == {Verdict.HOLD}
    assert {d.rule for d in outcome.decisions} == {"guard.no-morning-check"}


def test_logging_the_same_day_twice_is_a_conflict_unless_replacing(
    uow: UnitOfWork, later: FakeClock, plan: Plan, rows: Rows
) -> None:
    """test_logging_the_same_day_twice_is_a_conflict_unless_replacing"""
    _log(uow, later, MON_1, pain=2)
    before = rows()
    with pytest.raises(Conflict, match="replac"):
        _log(uow, later, MON_1, pain=5)
    assert rows() == before
    assert _log(uow, later, MON_1, pain=5, replace_existing=True).log.pain_during == 5
    assert rows() == before, "the old log is replaced, not kept beside the new one"
    (stored,) = history(uow=uow, handle="sam").logs
    assert stored.pain_during == 5
    _log(uow, later, MON_1, pain=1, kind=SessionKind.MOBILITY)
    assert len(history(uow=uow, handle="sam").logs) == 2


def test_an_unknown_item_names_the_allowed_ones_and_writes_nothing(
    uow: UnitOfWork, later: FakeClock, plan: Plan, rows: Rows
) -> None:
    """test_an_unknown_item_names_the_allowed_ones_and_writes_nothing"""
    before = rows()
    with pytest.raises(InvalidValue) as raised:
        _log(uow, later, MON_1, actuals={("box-jump", SideChoice.BOTH): Actual(sets=3)})
    message = str(raised.value)
    assert "box-jump:both" in message
    (strength,) = [s for s in plan.on(MON_1) if s.kind is SessionKind.STRENGTH]
    for item in strength.items:
        if item.block != "warm-up":
            assert f"{item.exercise_id}:{item.side.value}" in message
    assert rows() == before


@pytest.mark.parametrize(
    ("day_offset", "pain", "options", "field"),
    [
        (14, 2, {}, "date"),
        (-1, 2, {}, "date"),
        (0, 11, {}, "pain"),
        (0, 2, {"rpe": 0}, "rpe"),
        (0, 2, {"kind": SessionKind.TECHNIQUE}, "session"),
    ],
)
def test_bad_logs_are_refused_by_field_and_write_nothing(
    uow: UnitOfWork,
    later: FakeClock,
    plan: Plan,
    rows: Rows,
    day_offset: int,
    pain: int,
    options: dict[str, Any],
    field: str,
) -> None:
    """test_bad_logs_are_refused_by_field_and_write_nothing"""
    before = rows()
    with pytest.raises(InvalidValue) as raised:
        _log(uow, later, TODAY + timedelta(days=day_offset), pain=pain, **options)
    assert raised.value.field == field
    assert rows() == before


def test_the_first_three_mornings_set_the_baseline_and_an_explicit_one_wins(
    uow: UnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """test_the_first_three_mornings_set_the_baseline_and_an_explicit_one_wins"""
    first = _check_in(uow, later, MON_1, pain=2, stiffness=3)
    assert first.baseline is not None
    assert (first.baseline.morning_pain, first.baseline.stiffness) == (2, 3)
    _check_in(uow, later, MON_1 + timedelta(days=1), pain=0, stiffness=1)
    third = _check_in(uow, later, MON_1 + timedelta(days=2), pain=4, stiffness=2)
    assert third.baseline is not None
    assert (third.baseline.morning_pain, third.baseline.stiffness) == (2, 2)
    assert "first 3" in third.baseline.basis
    fourth = _check_in(uow, later, MON_1 + timedelta(days=3), pain=0, stiffness=0)
    assert fourth.baseline == third.baseline
    explicit = set_baseline(uow=uow, handle="sam", morning_pain=1, stiffness=0, clock=later)
    assert explicit.basis == f"set by you on {later.today().isoformat()}"
    assert _check_in(uow, later, MON_1 + timedelta(days=4)).baseline == explicit
    assert status(uow=uow, handle="sam", today=later.today(), **READ).baseline == explicit


def test_a_morning_is_checked_in_once_unless_replaced(
    uow: UnitOfWork, later: FakeClock, plan: Plan, rows: Rows
) -> None:
    """test_a_morning_is_checked_in_once_unless_replaced"""
    _check_in(uow, later, MON_1, pain=1)
    before = rows()
    with pytest.raises(Conflict, match="replac"):
        _check_in(uow, later, MON_1, pain=3)
    with pytest.raises(InvalidValue, match="stiffness"):
        _check_in(uow, later, MON_1 + timedelta(days=1), stiffness=11)
    with pytest.raises(InvalidValue, match="morning_pain"):
        set_baseline(uow=uow, handle="sam", morning_pain=-1, stiffness=0, clock=later)
    assert rows() == before
    replaced = record_check_in(
        uow=uow,
        handle="sam",
        clock=later,
        check_in=CheckIn(day=MON_1, morning_pain=3, stiffness=1),
        replace_existing=True,
    )
    assert replaced.check_in.morning_pain == 3
    assert [c.morning_pain for c in history(uow=uow, handle="sam").check_ins] == [3]


def test_a_morning_typed_a_year_early_is_refused_until_confirmed(
    uow: UnitOfWork, clock: FakeClock, rows: Rows
) -> None:
    """test_check_in_dates.py::test_a_morning_typed_a_year_early_is_refused_until_confirmed"""
    add_athlete(
        uow=uow, athlete=Athlete(handle="sam", name="Sam"), clock=FakeClock(date(2026, 6, 1))
    )
    before = rows()
    early = CheckIn(day=date(2025, 6, 14), morning_pain=1, stiffness=2)
    with pytest.raises(DateNeedsConfirmation) as error:
        record_check_in(uow=uow, handle="sam", clock=clock, check_in=early)
    assert "before the athlete was added on 2026-06-01" in str(error.value)
    assert rows() == before
    confirmed = record_check_in(
        uow=uow, handle="sam", clock=clock, check_in=early, confirm_date=True
    )
    assert confirmed.check_in.day == date(2025, 6, 14)


def test_swelling_at_a_check_in_locks_loading_until_a_clearance(
    uow: UnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """test_swelling_at_a_check_in_locks_loading_until_a_clearance"""
    _check_in(uow, later, MON_1)
    outcome = _check_in(uow, later, MON_1 + timedelta(days=1), swelling=True)
    assert outcome.locked
    (refer,) = outcome.decisions
    assert refer.verdict is Verdict.REFER and refer.rule == "guard.warning-signs"
    lock = show_athlete(uow=uow, handle="sam").lock
    assert lock.locked and "swelling" in lock.reason
    view = day_view(uow=uow, handle="sam", day=FRI_1, clock=later, **READ)
    assert {s.kind for s in view.sessions} == {SessionKind.MOBILITY}
    assert view.warnings[0].rule == "safety.loading-lock"
    assert {d.rule for d in _log(uow, later, WED_1, pain=0).decisions} == {"safety.loading-lock"}
    with pytest.raises(Conflict, match="red-flag questions again"):
        record_clearance(uow=uow, handle="sam", note="fine", cleared_by="Dr Lee", clock=later)
    record_screening(uow=uow, handle="sam", yes=[], clock=later)
    record_clearance(uow=uow, handle="sam", note="fine", cleared_by="Dr Lee", clock=later)
    assert not show_athlete(uow=uow, handle="sam").lock.locked
    assert not status(uow=uow, handle="sam", today=later.today(), **READ).lock.locked
    resumed = day_view(uow=uow, handle="sam", day=MON_3, clock=later, **READ)
    assert SessionKind.STRENGTH in {s.kind for s in resumed.sessions}
    assert "safety.cleared" in {w.rule for w in resumed.warnings}


def test_replacing_the_morning_that_locked_never_lifts_the_lock(
    uow: UnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """test_safety_stories.py::test_replacing_the_morning_that_locked_never_lifts_the_lock"""
    _check_in(uow, later, MON_1, swelling=True)
    (lock,) = open_locks(uow=uow, handle="sam").events
    record_check_in(
        uow=uow,
        handle="sam",
        clock=later,
        check_in=CheckIn(MON_1, morning_pain=0, stiffness=1),
        replace_existing=True,
    )
    set_baseline(uow=uow, handle="sam", morning_pain=3, stiffness=3, clock=later)
    assert open_locks(uow=uow, handle="sam").events == (lock,)
    assert show_athlete(uow=uow, handle="sam").lock.locked
    assert status(uow=uow, handle="sam", today=later.today(), **READ).lock.locked


def test_a_green_session_at_the_top_of_the_range_raises_the_next_strength_day(
    uow: UnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """test_a_green_session_at_the_top_of_the_range_raises_the_next_strength_day"""
    _check_in(uow, later, MON_1, pain=1, stiffness=1)
    outcome = _log(uow, later, MON_1, pain=2, actuals={LEFT_RAISE: _top(4, load_kg=10)})
    decisions = {(d.exercise_id, d.side): d for d in outcome.decisions}
    assert decisions[LEFT_RAISE].rule == "guard.awaiting-next-morning"
    morning = _check_in(uow, later, MON_1 + timedelta(days=1), pain=1, stiffness=1)
    (up,) = [d for d in morning.decisions if (d.exercise_id, d.side) == LEFT_RAISE]
    assert up.verdict is Verdict.PROGRESS and up.rule == "progress.double.load"
    assert up.change == "load 10 kg → 10.5 kg"
    view = day_view(uow=uow, handle="sam", day=FRI_1, clock=later, **READ)
    (strength,) = [s for s in view.sessions if s.kind is SessionKind.STRENGTH]
    items = {(i.exercise_id, i.side): i for i in strength.items}
    assert items[LEFT_RAISE].load.startswith("10.5 kg")
    (planned,) = [s for s in plan.on(FRI_1) if s.kind is SessionKind.STRENGTH]
    unchanged = next(p for p in planned.items if (p.exercise_id, p.side) == RIGHT_RAISE)
    assert items[RIGHT_RAISE] == unchanged
    _check_in(uow, later, FRI_1)
    friday = _log(uow, later, FRI_1, pain=1)
    left = next(i for i in friday.log.items if (i.exercise_id, i.side) == LEFT_RAISE)
    assert (left.target_load_kg, left.load_kg) == (10.5, 10.5)


def test_pain_above_5_takes_a_set_off_the_next_strength_day(
    uow: UnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """test_pain_above_5_takes_a_set_off_the_next_strength_day"""
    _check_in(uow, later, MON_1)
    outcome = _log(uow, later, MON_1, pain=6)
    assert {(d.verdict, d.rule) for d in outcome.decisions} == {
        (Verdict.REGRESS, "guard.pain-above-5"),
        (Verdict.PAUSE, "guard.rescreen"),
    }
    paused = day_view(uow=uow, handle="sam", day=FRI_1, clock=later, **READ)
    assert {s.kind for s in paused.sessions} <= {SessionKind.MOBILITY, SessionKind.RETEST}
    record_screening(uow=uow, handle="sam", yes=[], clock=later)
    record_clearance(uow=uow, handle="sam", note="settled", cleared_by="myself", clock=later)
    (strength,) = [
        s
        for s in day_view(uow=uow, handle="sam", day=MON_3, clock=later, **READ).sessions
        if s.kind is SessionKind.STRENGTH
    ]
    left = next(i for i in strength.items if (i.exercise_id, i.side) == LEFT_RAISE)
    assert left.sets == 3 and left.why.rule == "guard.pain-above-5"


# --- status and history (test_training_service.py) -------------------------------------------


def test_status_gives_stages_retests_adherence_and_the_latest_decisions(
    uow: UnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """test_status_gives_stages_retests_adherence_and_the_latest_decisions"""
    today = later.today()
    _check_in(uow, later, MON_1)
    _log(uow, later, MON_1, pain=2, actuals={LEFT_RAISE: _top(4, load_kg=10)})
    _log(uow, later, MON_1, pain=0, kind=SessionKind.MOBILITY)
    _check_in(uow, later, MON_1 + timedelta(days=1))
    _log(uow, later, WED_1, pain=1)
    _check_in(uow, later, MON_2)
    last = _log(uow, later, MON_2, pain=4)
    view = status(uow=uow, handle="sam", today=today, **READ)
    assert (view.stage_left, view.stage_right) == (1, 3)
    assert view.phase is not None and view.phase.startswith("Weeks 1-4")
    assert view.next_retests == {
        "knee-to-wall-lunge": TODAY + timedelta(days=14),
        "paced-single-leg-heel-raise": TODAY + timedelta(days=28),
    }
    assert (view.adherence_7.days, view.adherence_7.done, view.adherence_7.prescribed) == (
        7,
        1,
        10,
    )
    assert (view.adherence_28.done, view.adherence_28.prescribed) == (4, 20)
    assert view.adherence_28.percent == 20.0
    assert view.decisions[: len(last.decisions)] == tuple(reversed(last.decisions))
    assert len(view.decisions) == 10
    assert [s.kind for s in view.today_sessions] == [SessionKind.MOBILITY]


def test_status_before_any_log_and_outside_the_plan(
    uow: UnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """test_status_before_any_log_and_outside_the_plan"""
    view = status(uow=uow, handle="sam", today=TODAY - timedelta(days=30), **READ)
    assert view.decisions == () and view.baseline is None
    assert (view.stage_left, view.stage_right, view.phase) == (None, None, None)
    assert view.adherence_7.prescribed == 0 and view.adherence_7.percent is None
    assert view.today_sessions == ()
    with pytest.raises(NotFound):
        status(uow=uow, handle="ghost", today=TODAY, **READ)


def test_history_returns_logs_check_ins_and_decisions_in_time_order(
    uow: UnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """test_history_returns_logs_check_ins_and_decisions_in_time_order"""
    _check_in(uow, later, MON_1)
    monday = _log(uow, later, MON_1, pain=2, actuals={LEFT_RAISE: _top(4, load_kg=10)})
    _check_in(uow, later, MON_1 + timedelta(days=1))
    _log(uow, later, FRI_1, pain=2, actuals={LEFT_RAISE: _top(4, load_kg=10.5)})
    _check_in(uow, later, FRI_1 + timedelta(days=1), pain=3)
    _check_in(uow, later, FRI_1 + timedelta(days=2), swelling=True)
    seen = history(uow=uow, handle="sam")
    assert [(log.day, log.kind) for log in seen.logs] == [
        (MON_1, SessionKind.STRENGTH),
        (FRI_1, SessionKind.STRENGTH),
    ]
    assert seen.logs[0].items == monday.log.items
    assert [c.day for c in seen.check_ins] == [
        MON_1,
        MON_1 + timedelta(days=1),
        FRI_1 + timedelta(days=1),
        FRI_1 + timedelta(days=2),
    ]
    verdicts = [d.verdict for d in seen.decisions]
    assert Verdict.PROGRESS in verdicts and Verdict.REGRESS in verdicts
    assert verdicts[-1] is Verdict.REFER
    assert history(uow=uow, handle="sam") == seen, "a replay gives the same decisions"


def test_four_adherent_weeks_without_a_real_lunge_change_show_a_plateau_in_status(
    uow: UnitOfWork, plan: Plan
) -> None:
    """test_four_adherent_weeks_without_a_real_lunge_change_show_a_plateau_in_status"""
    today = TODAY + timedelta(days=28)
    later = FakeClock(today=today)
    for offset in range(29):
        day = TODAY + timedelta(days=offset)
        for session in plan.on(day):
            if session.kind is not SessionKind.RETEST:
                _log(uow, later, day, pain=1, kind=session.kind)
    retest = Assessment(
        taken_on=today,
        left=SideResult(lunge=9.0, heel_raise_reps=20),
        right=SideResult(lunge=11.2, heel_raise_reps=27),
        rater=Rater.TRAINED,
    )
    record_assessment(uow=uow, handle="sam", assessment=retest, norm_table=NORMS, clock=later)
    view = status(uow=uow, handle="sam", today=today, **READ)
    plateau = [d for d in view.decisions if d.rule == "plateau.dorsiflexion"]
    assert plateau and "mobilisation with movement" in plateau[0].reason
    assert view.adherence_28.percent is not None and view.adherence_28.percent >= 80


def test_reads_use_the_state_kept_on_the_write(uow: UnitOfWork, plan: Plan) -> None:
    """A write keeps the engine's state in its transaction; a read then takes it instead of
    replaying, and it agrees with a replay of the whole history."""
    later = FakeClock(today=TODAY + timedelta(days=3))
    _check_in(uow, later, MON_1)
    with uow:
        athlete = uow.athletes.by_handle("sam")
        assert athlete is not None and athlete.id is not None
        assert uow.states.fresh(athlete.id) is not None
        assert engine_result(uow, athlete.id) == replay_history(uow, athlete.id)
    _log(uow, later, MON_1, pain=6)
    with uow:
        after = engine_result(uow, athlete.id)
        kept = uow.states.fresh(athlete.id)
        assert after == replay_history(uow, athlete.id)
    assert kept is not None and kept.decision_count == len(after.decisions)
    assert any(d.rule == "guard.pain-above-5" for d in after.decisions)
