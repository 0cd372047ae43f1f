"""Training use cases on SQLite and PostgreSQL (issue 5, points 1, 2 and 5): log a session with
the target kept next to the actual, check in in the morning, set a baseline, lock on a warning
sign, see the engine's change in the next session, and read status and history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.errors import Conflict, InvalidValue, NotFound
from anklet.domain.program import Plan, SessionKind, SideChoice
from anklet.domain.progression import Verdict
from anklet.domain.training_log import CheckIn
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete, show_athlete
from anklet.services.plans import create_plan, day_view
from anklet.services.safety import record_clearance, record_screening
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
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock, row_counts

NORMS = load_heel_raise_norms()
CATALOGUE = load_catalogue()

# The plan starts on TODAY (a Monday); sam trains Monday, Wednesday and Friday.
MON_1 = TODAY
WED_1 = TODAY + timedelta(days=2)
FRI_1 = TODAY + timedelta(days=4)
MON_2 = TODAY + timedelta(days=7)
MON_3 = TODAY + timedelta(days=14)  # the first day after a clearance recorded on `later`
HEEL_RAISE = "single-leg-heel-raise"
LEFT_RAISE = (HEEL_RAISE, SideChoice.LEFT)
RIGHT_RAISE = (HEEL_RAISE, SideChoice.RIGHT)


@pytest.fixture
def later() -> FakeClock:
    """The clock of the training days: two weeks into the plan, so the logged days are past."""
    return FakeClock(today=TODAY + timedelta(days=13))


@pytest.fixture
def plan(uow: SqlUnitOfWork, clock: FakeClock) -> Plan:
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
    created = create_plan(uow=uow, handle="sam", catalogue=CATALOGUE, norm_table=NORMS, clock=clock)
    assert {s.kind for s in created.on(MON_1)} >= {SessionKind.STRENGTH}
    assert {s.kind for s in created.on(WED_1)} >= {SessionKind.TECHNIQUE}
    return created


def _log(
    uow: SqlUnitOfWork,
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
    uow: SqlUnitOfWork,
    clock: FakeClock,
    day: date,
    pain: int = 1,
    stiffness: int = 1,
    **signs: Any,
) -> CheckInOutcome:
    return record_check_in(
        uow=uow,
        handle="sam",
        clock=clock,
        check_in=CheckIn(day=day, morning_pain=pain, stiffness=stiffness, **signs),
    )


def _top(sets: int, load_kg: float | None = None) -> Actual:
    """Every set at the top of the 10-20 range."""
    return Actual(sets=sets, reps=20, load_kg=load_kg)


# --- logging ---------------------------------------------------------------------------------


def test_a_day_logged_as_prescribed_keeps_each_target_next_to_what_was_done(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
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
    assert left.target_load_kg is None  # body weight: no load prescribed yet
    for item in log.items:
        assert item.sets_done == item.target_sets and item.reps_done == item.target_reps
    # Without a morning check-in nothing moves up: every item holds, with its rule.
    assert outcome.decisions and {d.verdict for d in outcome.decisions} == {Verdict.HOLD}
    assert {d.rule for d in outcome.decisions} == {"guard.no-morning-check"}


def test_actuals_are_stored_beside_the_targets_and_missing_items_can_be_skipped(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
    actuals = {LEFT_RAISE: Actual(sets=3, reps=12, load_kg=5), RIGHT_RAISE: Actual(skipped=True)}
    log = _log(uow, later, MON_1, pain=1, actuals=actuals).log
    items = {(i.exercise_id, i.side): i for i in log.items}
    left, right = items[LEFT_RAISE], items[RIGHT_RAISE]
    assert (left.target_sets, left.target_reps, left.target_load_kg) == (4, 10, None)
    assert (left.sets_done, left.reps_done, left.load_kg) == (3, 12, 5.0)
    assert right.skipped and right.sets_done == 0 and right.reps_done is None
    assert right.target_sets == 3
    # Items not given, with as_prescribed=False, count as not done.
    only = _log(uow, later, FRI_1, actuals={LEFT_RAISE: Actual(reps=15)}, as_prescribed=False)
    done = [(i.exercise_id, i.side) for i in only.log.items if not i.skipped]
    assert done == [LEFT_RAISE]
    left = next(i for i in only.log.items if (i.exercise_id, i.side) == LEFT_RAISE)
    assert (left.sets_done, left.reps_done) == (4, 15)  # sets as prescribed, reps as done
    assert [log.day for log in history(uow=uow, handle="sam").logs] == [MON_1, FRI_1]


def test_a_skipped_exercise_is_not_done_on_any_side_and_must_be_planned(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan, engine: Engine
) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidValue, match=r"skip: 'box-jump'.*banded-eversion"):
        _log(uow, later, MON_1, skipped_exercises=frozenset({"box-jump"}))
    assert row_counts(engine) == before
    log = _log(
        uow,
        later,
        MON_1,
        actuals={RIGHT_RAISE: Actual(reps=12)},
        skipped_exercises=frozenset({HEEL_RAISE, "banded-eversion"}),
    ).log
    skipped = {(i.exercise_id, i.side) for i in log.items if i.skipped}
    assert skipped == {
        LEFT_RAISE,
        ("banded-eversion", SideChoice.LEFT),
        ("banded-eversion", SideChoice.RIGHT),
    }, "what was given explicitly wins over the skip"


def test_logging_the_same_day_twice_is_a_conflict_unless_replacing(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan, engine: Engine
) -> None:
    _log(uow, later, MON_1, pain=2)
    before = row_counts(engine)
    with pytest.raises(Conflict, match="replac"):
        _log(uow, later, MON_1, pain=5)
    assert row_counts(engine) == before
    replaced = _log(uow, later, MON_1, pain=5, replace_existing=True)
    assert replaced.log.pain_during == 5
    assert row_counts(engine) == before, "the old log is replaced, not kept beside the new one"
    (stored,) = history(uow=uow, handle="sam").logs
    assert stored.pain_during == 5
    # Another session of the same day is not the same log.
    _log(uow, later, MON_1, pain=1, kind=SessionKind.MOBILITY)
    assert len(history(uow=uow, handle="sam").logs) == 2


def test_an_unknown_item_names_the_allowed_ones_and_writes_nothing(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan, engine: Engine
) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidValue) as raised:
        _log(uow, later, MON_1, actuals={("box-jump", SideChoice.BOTH): Actual(sets=3)})
    message = str(raised.value)
    assert "box-jump:both" in message
    assert "single-leg-heel-raise:left" in message and "banded-eversion:right" in message
    # The right exercise on a side the plan does not have is unknown too.
    with pytest.raises(InvalidValue, match="single-leg-heel-raise:both"):
        _log(uow, later, MON_1, actuals={(HEEL_RAISE, SideChoice.BOTH): Actual(sets=3)})
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    ("day_offset", "pain", "options", "field"),
    [
        (14, 2, {}, "date"),  # after the clock's today: a date in the future
        (-1, 2, {}, "date"),  # the day before the plan: nothing planned
        (0, 11, {}, "pain"),
        (0, 2, {"rpe": 0}, "rpe"),
        (0, 2, {"kind": SessionKind.TECHNIQUE}, "session"),
    ],
)
def test_bad_logs_are_refused_by_field_and_write_nothing(
    uow: SqlUnitOfWork,
    later: FakeClock,
    plan: Plan,
    engine: Engine,
    day_offset: int,
    pain: int,
    options: dict[str, Any],
    field: str,
) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidValue) as raised:
        _log(uow, later, TODAY + timedelta(days=day_offset), pain=pain, **options)
    assert raised.value.field == field
    assert row_counts(engine) == before


def test_a_log_needs_a_plan_and_an_athlete(uow: SqlUnitOfWork, clock: FakeClock) -> None:
    with pytest.raises(NotFound, match="athlete"):
        _log(uow, clock, TODAY)
    add_athlete(uow=uow, athlete=Athlete(handle="sam", name="Sam"), clock=clock)
    with pytest.raises(NotFound, match="no plan to log against"):
        _log(uow, clock, TODAY)


# --- check-ins and the baseline --------------------------------------------------------------


def test_the_first_three_mornings_set_the_baseline_and_an_explicit_one_wins(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
    first = _check_in(uow, later, MON_1, pain=2, stiffness=3)
    assert first.baseline is not None
    assert (first.baseline.morning_pain, first.baseline.stiffness) == (2, 3)
    _check_in(uow, later, MON_1 + timedelta(days=1), pain=0, stiffness=1)
    third = _check_in(uow, later, MON_1 + timedelta(days=2), pain=4, stiffness=2)
    assert third.baseline is not None
    assert (third.baseline.morning_pain, third.baseline.stiffness) == (2, 2)  # medians
    assert "first 3" in third.baseline.basis
    fourth = _check_in(uow, later, MON_1 + timedelta(days=3), pain=0, stiffness=0)
    assert fourth.baseline == third.baseline, "only the first three mornings count"
    assert not fourth.locked and fourth.check_in.id is not None
    explicit = set_baseline(uow=uow, handle="sam", morning_pain=1, stiffness=0, clock=later)
    assert explicit.basis == f"set by you on {later.today().isoformat()}"
    fifth = _check_in(uow, later, MON_1 + timedelta(days=4))
    assert fifth.baseline == explicit
    assert (
        status(
            uow=uow, handle="sam", today=later.today(), catalogue=CATALOGUE, norm_table=NORMS
        ).baseline
        == explicit
    )


def test_a_morning_is_checked_in_once_unless_replaced(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan, engine: Engine
) -> None:
    _check_in(uow, later, MON_1, pain=1)
    before = row_counts(engine)
    with pytest.raises(Conflict, match="replac"):
        _check_in(uow, later, MON_1, pain=3)
    with pytest.raises(InvalidValue, match="date"):
        _check_in(uow, later, later.today() + timedelta(days=1))
    with pytest.raises(InvalidValue, match="stiffness"):
        _check_in(uow, later, MON_1 + timedelta(days=1), stiffness=11)
    with pytest.raises(InvalidValue, match="morning_pain"):
        set_baseline(uow=uow, handle="sam", morning_pain=-1, stiffness=0, clock=later)
    assert row_counts(engine) == before
    replaced = record_check_in(
        uow=uow,
        handle="sam",
        clock=later,
        check_in=CheckIn(day=MON_1, morning_pain=3, stiffness=1),
        replace_existing=True,
    )
    assert replaced.check_in.morning_pain == 3
    assert [c.morning_pain for c in history(uow=uow, handle="sam").check_ins] == [3]


def test_swelling_at_a_check_in_locks_loading_until_a_clearance(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
    _check_in(uow, later, MON_1)
    outcome = _check_in(uow, later, MON_1 + timedelta(days=1), swelling=True)
    assert outcome.locked
    (refer,) = outcome.decisions
    assert refer.verdict is Verdict.REFER and refer.rule == "guard.warning-signs"
    assert "swelling" in refer.reason and refer.source and refer.change
    lock = show_athlete(uow=uow, handle="sam").lock
    assert lock.locked and "swelling" in lock.reason
    assert status(
        uow=uow, handle="sam", today=later.today(), catalogue=CATALOGUE, norm_table=NORMS
    ).lock.locked
    # The next strength day keeps only mobility until a clearance.
    view = day_view(
        uow=uow, handle="sam", day=FRI_1, catalogue=CATALOGUE, norm_table=NORMS, clock=later
    )
    assert {s.kind for s in view.sessions} == {SessionKind.MOBILITY}
    assert view.warnings[0].rule == "safety.loading-lock"
    # A session logged while locked moves nothing up, whatever it was.
    locked_log = _log(uow, later, WED_1, pain=0)
    assert {d.rule for d in locked_log.decisions} == {"safety.loading-lock"}
    assert show_athlete(uow=uow, handle="sam").lock.locked, "logging does not lift the lock"

    # A warning-sign lock asks for the red-flag questions again before it can be cleared.
    with pytest.raises(Conflict, match="red-flag questions again"):
        record_clearance(uow=uow, handle="sam", note="fine", cleared_by="Dr Lee", clock=later)
    record_screening(uow=uow, handle="sam", yes=[], clock=later)
    record_clearance(uow=uow, handle="sam", note="fine", cleared_by="Dr Lee", clock=later)
    assert not show_athlete(uow=uow, handle="sam").lock.locked
    assert not status(
        uow=uow, handle="sam", today=later.today(), catalogue=CATALOGUE, norm_table=NORMS
    ).lock.locked
    cleared_day = day_view(
        uow=uow, handle="sam", day=later.today(), catalogue=CATALOGUE, norm_table=NORMS, clock=later
    )
    assert {s.kind for s in cleared_day.sessions} <= {SessionKind.MOBILITY, SessionKind.RETEST}
    resumed = day_view(
        uow=uow, handle="sam", day=MON_3, catalogue=CATALOGUE, norm_table=NORMS, clock=later
    )
    assert SessionKind.STRENGTH in {s.kind for s in resumed.sessions}, (
        "the current plan resumes its loading the day after the clearance, no new plan needed"
    )
    assert "safety.cleared" in {w.rule for w in resumed.warnings}


@pytest.mark.parametrize("sign", ["sharp_pain", "unusual_tightness"])
def test_every_warning_sign_refers_and_locks(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan, sign: str
) -> None:
    outcome = _check_in(uow, later, MON_1, **{sign: True})
    assert outcome.locked and outcome.decisions[0].verdict is Verdict.REFER
    assert sign.replace("_", " ") in outcome.decisions[0].reason


# --- the engine's changes in the plan --------------------------------------------------------


def test_a_green_session_at_the_top_of_the_range_raises_the_next_strength_day(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
    _check_in(uow, later, MON_1, pain=1, stiffness=1)  # a settled morning, the baseline
    outcome = _log(uow, later, MON_1, pain=2, actuals={LEFT_RAISE: _top(4, load_kg=10)})
    decisions = {(d.exercise_id, d.side): d for d in outcome.decisions}
    waiting = decisions[LEFT_RAISE]
    assert waiting.verdict is Verdict.HOLD and waiting.rule == "guard.awaiting-next-morning"
    assert "tomorrow morning" in waiting.reason
    # The step up comes with the next morning's settled check-in.
    morning = _check_in(uow, later, MON_1 + timedelta(days=1), pain=1, stiffness=1)
    (up,) = [d for d in morning.decisions if (d.exercise_id, d.side) == LEFT_RAISE]
    assert up.verdict is Verdict.PROGRESS and up.rule == "progress.double.load"
    assert up.change == "load 10 kg → 10.5 kg" and up.source
    # The items done at the bottom of the range keep their load and add reps.
    assert decisions[RIGHT_RAISE].verdict is Verdict.HOLD
    assert decisions[RIGHT_RAISE].rule == "progress.double.reps"

    view = day_view(
        uow=uow, handle="sam", day=FRI_1, catalogue=CATALOGUE, norm_table=NORMS, clock=later
    )
    (strength,) = [s for s in view.sessions if s.kind is SessionKind.STRENGTH]
    items = {(i.exercise_id, i.side): i for i in strength.items}
    changed = items[LEFT_RAISE]
    assert changed.load.startswith("10.5 kg")
    assert changed.why.rule == "progress.double.load"
    assert (MON_1 + timedelta(days=1)).isoformat() in changed.why.text
    assert "10 kg → 10.5 kg" in changed.why.text
    (planned,) = [s for s in plan.on(FRI_1) if s.kind is SessionKind.STRENGTH]
    unchanged = next(p for p in planned.items if (p.exercise_id, p.side) == RIGHT_RAISE)
    assert items[RIGHT_RAISE] == unchanged, "an item that held stays as planned"

    # The next log keeps the raised target next to what was lifted.
    _check_in(uow, later, FRI_1)
    friday = _log(uow, later, FRI_1, pain=1)
    left = next(i for i in friday.log.items if (i.exercise_id, i.side) == LEFT_RAISE)
    assert (left.target_load_kg, left.load_kg) == (10.5, 10.5)


def test_body_weight_work_at_the_top_of_its_range_adds_a_light_weight(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
    _check_in(uow, later, MON_1)
    _log(uow, later, MON_1, pain=0, actuals={LEFT_RAISE: _top(4)})
    outcome = _check_in(uow, later, MON_1 + timedelta(days=1))
    (up,) = [d for d in outcome.decisions if d.verdict is Verdict.PROGRESS]
    assert (up.exercise_id, up.side, up.rule) == (*LEFT_RAISE, "progress.double.load")
    (strength,) = [
        s
        for s in day_view(
            uow=uow, handle="sam", day=FRI_1, catalogue=CATALOGUE, norm_table=NORMS, clock=later
        ).sessions
        if s.kind is SessionKind.STRENGTH
    ]
    left = next(i for i in strength.items if (i.exercise_id, i.side) == LEFT_RAISE)
    assert left.load.startswith("add a light weight") and left.why.rule == "progress.double.load"


def test_pain_above_5_takes_a_set_off_the_next_strength_day(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
    """Pain above 5/10 steps each item back and pauses all loading until the red-flag
    questions are answered again and a clearance is recorded (the red-flag rule)."""
    _check_in(uow, later, MON_1)
    outcome = _log(uow, later, MON_1, pain=6)
    assert {(d.verdict, d.rule) for d in outcome.decisions} == {
        (Verdict.REGRESS, "guard.pain-above-5"),
        (Verdict.PAUSE, "guard.rescreen"),
    }
    paused = day_view(
        uow=uow, handle="sam", day=FRI_1, catalogue=CATALOGUE, norm_table=NORMS, clock=later
    )
    assert {s.kind for s in paused.sessions} <= {SessionKind.MOBILITY, SessionKind.RETEST}
    with pytest.raises(Conflict, match="red-flag questions again"):
        record_clearance(uow=uow, handle="sam", note="settled", cleared_by="myself", clock=later)
    record_screening(uow=uow, handle="sam", yes=[], clock=later)
    record_clearance(uow=uow, handle="sam", note="settled", cleared_by="myself", clock=later)
    (strength,) = [
        s
        for s in day_view(
            uow=uow, handle="sam", day=MON_3, catalogue=CATALOGUE, norm_table=NORMS, clock=later
        ).sessions
        if s.kind is SessionKind.STRENGTH
    ]
    left = next(i for i in strength.items if (i.exercise_id, i.side) == LEFT_RAISE)
    assert left.sets == 3 and left.why.rule == "guard.pain-above-5"  # 4 planned, one fewer
    on_the_day = FakeClock(today=MON_3)
    _check_in(uow, on_the_day, MON_3)
    monday = _log(uow, on_the_day, MON_3, pain=2)
    logged = next(i for i in monday.log.items if (i.exercise_id, i.side) == LEFT_RAISE)
    assert (logged.target_sets, logged.sets_done) == (3, 3)


def test_a_morning_above_baseline_steps_back_the_session_before_it(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
    set_baseline(uow=uow, handle="sam", morning_pain=1, stiffness=1, clock=later)
    _check_in(uow, later, MON_1)
    _log(uow, later, MON_1, pain=2, actuals={LEFT_RAISE: _top(4, load_kg=10)})
    worse = _check_in(uow, later, MON_1 + timedelta(days=1), pain=3, stiffness=1)
    assert not worse.locked
    rules = {(d.exercise_id, d.side): (d.verdict, d.rule, d.change) for d in worse.decisions}
    # The step up was still waiting for this morning, so nothing is taken back: a set goes.
    assert rules[LEFT_RAISE] == (Verdict.REGRESS, "guard.morning-above-baseline", "one set fewer")
    assert rules[RIGHT_RAISE][:2] == (Verdict.REGRESS, "guard.morning-above-baseline")


# --- status and history ----------------------------------------------------------------------


def _planned(plan: Plan, first: date, last: date) -> int:
    return sum(
        1 for s in plan.sessions if first <= s.day <= last and s.kind is not SessionKind.RETEST
    )


def test_status_gives_stages_retests_adherence_and_the_latest_decisions(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
    today = later.today()  # Sunday of week 2
    _check_in(uow, later, MON_1)
    _log(uow, later, MON_1, pain=2, actuals={LEFT_RAISE: _top(4, load_kg=10)})
    _log(uow, later, MON_1, pain=0, kind=SessionKind.MOBILITY)
    _check_in(uow, later, MON_1 + timedelta(days=1))
    _log(uow, later, WED_1, pain=1)
    _check_in(uow, later, MON_2)
    last = _log(uow, later, MON_2, pain=4)

    view = status(uow=uow, handle="sam", today=today, catalogue=CATALOGUE, norm_table=NORMS)
    assert view.handle == "sam" and view.today == today
    assert (view.stage_left, view.stage_right) == (1, 3)  # restricted left, able right
    assert view.phase is not None and view.phase.startswith("Weeks 1-4")
    assert not view.lock.locked
    assert view.next_retests == {
        "knee-to-wall-lunge": TODAY + timedelta(days=14),
        "paced-single-leg-heel-raise": TODAY + timedelta(days=28),
    }
    # Done against prescribed (mobility, strength and technique; re-tests are not sessions).
    assert (view.adherence_7.days, view.adherence_7.done) == (7, 1)
    assert view.adherence_7.prescribed == _planned(plan, today - timedelta(days=6), today) == 10
    assert (view.adherence_28.days, view.adherence_28.done) == (28, 4)
    assert view.adherence_28.prescribed == _planned(plan, TODAY, today) == 20
    assert view.adherence_28.percent == 20.0
    # Newest first, at most ten, each explained.
    assert view.decisions[: len(last.decisions)] == tuple(reversed(last.decisions))
    assert {d.rule for d in view.decisions[: len(last.decisions)]} == {"guard.pain-4-5"}
    assert len(view.decisions) == 10
    assert all(d.reason and d.source and d.rule for d in view.decisions)
    # Nothing is planned on a Sunday but daily mobility.
    assert [s.kind for s in view.today_sessions] == [SessionKind.MOBILITY]
    monday = status(uow=uow, handle="sam", today=MON_2, catalogue=CATALOGUE, norm_table=NORMS)
    (strength,) = [s for s in monday.today_sessions if s.kind is SessionKind.STRENGTH]
    left = next(i for i in strength.items if (i.exercise_id, i.side) == LEFT_RAISE)
    assert left.load.startswith("10.5 kg"), "today's session carries the raised load"


def test_status_before_any_log_and_outside_the_plan(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
    view = status(
        uow=uow,
        handle="sam",
        today=TODAY - timedelta(days=30),
        catalogue=CATALOGUE,
        norm_table=NORMS,
    )
    assert view.decisions == () and view.baseline is None
    assert (view.stage_left, view.stage_right, view.phase) == (None, None, None)
    assert view.adherence_7.prescribed == 0 and view.adherence_7.percent is None
    assert view.today_sessions == ()
    with pytest.raises(NotFound):
        status(uow=uow, handle="ghost", today=TODAY, catalogue=CATALOGUE, norm_table=NORMS)


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_status_on_a_day_outside_the_calendar_is_refused_not_an_overflow(
    uow: SqlUnitOfWork, plan: Plan, day: date
) -> None:
    with pytest.raises(InvalidValue, match="a date from 1900-01-01 to 2999-12-31"):
        status(uow=uow, handle="sam", today=day, catalogue=CATALOGUE, norm_table=NORMS)


def test_a_check_in_dated_year_one_is_refused_and_sets_no_baseline(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan, engine: Engine
) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidValue, match="on or after 1900-01-01"):
        _check_in(uow, later, date(1, 1, 1))
    assert row_counts(engine) == before


def test_notes_with_a_nul_byte_are_refused_on_every_database(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan, engine: Engine
) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidValue, match="without control characters"):
        _log(uow, later, MON_1, notes="felt good\x00")
    assert row_counts(engine) == before


def test_history_returns_logs_check_ins_and_decisions_in_time_order(
    uow: SqlUnitOfWork, later: FakeClock, plan: Plan
) -> None:
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
    assert seen.check_ins[-1].swelling
    verdicts = [d.verdict for d in seen.decisions]
    assert Verdict.PROGRESS in verdicts and Verdict.REGRESS in verdicts
    assert verdicts[-1] is Verdict.REFER
    assert [d.day for d in seen.decisions] == sorted(d.day for d in seen.decisions)
    assert history(uow=uow, handle="sam") == seen, "a replay gives the same decisions"


def test_four_adherent_weeks_without_a_real_lunge_change_show_a_plateau_in_status(
    uow: SqlUnitOfWork, clock: FakeClock, plan: Plan
) -> None:
    """the lunge plateau rule: no lunge change of at least the MDC over 4 weeks with at least 80 %
    of the sessions done is a plateau; status says so and how the next plan changes."""
    from anklet.services.training import status

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
    view = status(uow=uow, handle="sam", today=today, catalogue=CATALOGUE, norm_table=NORMS)
    plateau = [d for d in view.decisions if d.rule == "plateau.dorsiflexion"]
    assert plateau and "mobilisation with movement" in plateau[0].reason
    assert view.adherence_28.percent is not None and view.adherence_28.percent >= 80


def test_reads_use_the_state_kept_on_the_write(
    uow: SqlUnitOfWork, clock: FakeClock, plan: Plan
) -> None:
    """A write keeps the engine's state in its transaction; a read then takes it instead of
    replaying, and it agrees with a replay of the whole history."""
    from anklet.services.engine import engine_result, replay_history

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
