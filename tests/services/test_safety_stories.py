"""Where the safety rules meet, told as a clinician would tell them, on SQLite and PostgreSQL.

Each story runs the real engine through the real services and storage: gates read what was
done (green days), only paced heel raises count, locks are stored and lifted only by a
clearance that names them, nobody loads before the red-flag questions, the newest result of
each test is used, and a red flag reads the same in every view.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from anklet.domain.assessment import Assessment, HeelRaiseProtocol, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Goal, Weekday
from anklet.domain.program import Plan, SessionKind
from anklet.domain.training_log import CheckIn
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import record_assessment
from anklet.services.athletes import add_athlete, show_athlete
from anklet.services.plans import (
    create_plan,
    current_plan,
    day_view,
    plan_for_export,
    plan_history,
    week_view,
)
from anklet.services.safety import lock_history, open_locks, record_clearance, record_screening
from anklet.services.training import (
    LogRequest,
    log_session,
    record_check_in,
    set_baseline,
    status,
)
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock, Reference

NORMS = load_heel_raise_norms()
CATALOGUE = load_catalogue()
READ: Reference = {"catalogue": CATALOGUE, "norm_table": NORMS}
START = TODAY - timedelta(days=21)  # the plan began three weeks ago
REACTIVE = {"pogo-hop", "single-leg-hop", "forefoot-strides"}
READY = SideResult(lunge=12.0, heel_raise_reps=28, pain=0, single_leg_stance_s=40)


def _athlete(uow: SqlUnitOfWork, handle: str, *, screened: bool = True) -> None:
    joined = FakeClock(today=START - timedelta(days=30))
    runner = Athlete(
        handle=handle,
        name=handle.title(),
        goal=Goal.RUNNING,
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=45,
        equipment=frozenset({Equipment.STEP, Equipment.WALL, Equipment.BAND}),
    )
    add_athlete(uow=uow, athlete=runner, clock=joined)
    if screened:
        record_screening(uow=uow, handle=handle, yes=[], clock=joined)
    set_baseline(uow=uow, handle=handle, morning_pain=0, stiffness=1, clock=joined)


def _assess(
    uow: SqlUnitOfWork,
    handle: str,
    day: date,
    left: SideResult = READY,
    right: SideResult = READY,
    protocol: HeelRaiseProtocol = HeelRaiseProtocol.PACED_60BPM,
) -> None:
    record_assessment(
        uow=uow,
        handle=handle,
        norm_table=NORMS,
        clock=FakeClock(today=day),
        assessment=Assessment(day, left, right, rater=Rater.TRAINED, heel_raise_protocol=protocol),
    )


def _plan(uow: SqlUnitOfWork, handle: str, weeks: int = 8) -> Plan:
    return create_plan(
        uow=uow,
        handle=handle,
        clock=FakeClock(today=START),
        weeks=weeks,
        start=START,
        **READ,
    )


def _train(uow: SqlUnitOfWork, handle: str, plan: Plan, first: date, last: date, pain: int) -> None:
    """Check in every morning at the baseline and log every planned session at `pain`."""
    day = first
    while day <= last:
        on_the_day = FakeClock(today=day)
        record_check_in(
            uow=uow,
            handle=handle,
            clock=on_the_day,
            check_in=CheckIn(day, morning_pain=0, stiffness=1),
        )
        for session in plan.on(day):
            if session.kind is not SessionKind.RETEST:
                log_session(
                    uow=uow,
                    handle=handle,
                    clock=on_the_day,
                    catalogue=CATALOGUE,
                    request=LogRequest(day=day, kind=session.kind, pain_during=pain, actuals={}),
                )
        day += timedelta(days=1)


def _exercises_this_week(uow: SqlUnitOfWork, handle: str, clock: FakeClock) -> set[str]:
    days = week_view(uow=uow, handle=handle, day=clock.today(), clock=clock, **READ)
    return {i.exercise_id for d in days for s in d.sessions for i in s.items}


# --- 1. gates read what was done ---------------------------------------------------------------


@pytest.mark.parametrize(("pain", "opens"), [(5, False), (1, True)])
def test_ten_days_at_pain_5_keep_pogo_hops_and_strides_out(
    uow: SqlUnitOfWork, pain: int, opens: bool
) -> None:
    """A green day needs sessions at pain 3/10 or less. Ten days of sessions at pain 5 (each
    a hold for pain) never open pogo hops or forefoot strides; the same ten days at pain 1
    open pogo hops (the control that shows the gate can open)."""
    _athlete(uow, "ria")
    _assess(uow, "ria", START - timedelta(days=1))
    plan = _plan(uow, "ria")
    _train(uow, "ria", plan, TODAY - timedelta(days=10), TODAY, pain)
    now = FakeClock(today=TODAY)
    seen = _exercises_this_week(uow, "ria", now)
    assert ("pogo-hop" in seen) is opens
    assert "forefoot-strides" not in seen or opens
    if not opens:
        whole = current_plan(uow=uow, handle="ria", clock=now, **READ)
        assert not REACTIVE & {i.exercise_id for s in whole.sessions for i in s.items}
        assert "plyometric.gate" in {n.rule for n in whole.notes}


def test_a_day_without_a_morning_check_in_is_not_green(uow: SqlUnitOfWork) -> None:
    """Green days in a row end today, and today needs its check-in: unknown is not safe."""
    _athlete(uow, "ria")
    _assess(uow, "ria", START - timedelta(days=1))
    plan = _plan(uow, "ria")
    _train(uow, "ria", plan, TODAY - timedelta(days=10), TODAY - timedelta(days=1), 1)
    now = FakeClock(today=TODAY)
    assert "pogo-hop" not in _exercises_this_week(uow, "ria", now)
    record_check_in(
        uow=uow, handle="ria", clock=now, check_in=CheckIn(TODAY, morning_pain=0, stiffness=1)
    )
    assert "pogo-hop" in _exercises_this_week(uow, "ria", now)


# --- 2. paced counts only -------------------------------------------------------------------


def test_an_unpaced_heel_raise_opens_no_gate_and_the_note_says_which_test_to_repeat(
    uow: SqlUnitOfWork,
) -> None:
    """Unpaced counts run far higher than paced ones (Green 2024): 35 unpaced reps open
    nothing, even with green days; the plan note asks for the paced 60-bpm test."""
    _athlete(uow, "una")
    strong = SideResult(lunge=12.0, heel_raise_reps=35, pain=0, single_leg_stance_s=40)
    _assess(uow, "una", START - timedelta(days=1), strong, strong, HeelRaiseProtocol.UNPACED)
    plan = _plan(uow, "una")
    _train(uow, "una", plan, TODAY - timedelta(days=10), TODAY, 1)
    now = FakeClock(today=TODAY)
    assert "pogo-hop" not in _exercises_this_week(uow, "una", now)
    whole = current_plan(uow=uow, handle="una", clock=now, **READ)
    (gate,) = [n for n in whole.notes if n.rule == "plyometric.gate"]
    assert "paced 60-bpm heel-raise test" in gate.text


# --- 3. only a clearance lifts a lock -------------------------------------------------------


def test_replacing_the_morning_that_locked_never_lifts_the_lock(uow: SqlUnitOfWork) -> None:
    """Swelling at a check-in locks loading; a corrected check-in for that morning, a
    re-logged session and a new baseline add nothing that unlocks. Only a clearance does."""
    _athlete(uow, "lee")
    _assess(uow, "lee", START - timedelta(days=1))
    plan = _plan(uow, "lee")
    now = FakeClock(today=TODAY)
    swollen = CheckIn(TODAY, morning_pain=0, stiffness=1, swelling=True)
    record_check_in(uow=uow, handle="lee", clock=now, check_in=swollen)
    (lock,) = open_locks(uow=uow, handle="lee").events
    record_check_in(
        uow=uow,
        handle="lee",
        clock=now,
        check_in=CheckIn(TODAY, morning_pain=0, stiffness=1),
        replace_existing=True,
    )
    set_baseline(uow=uow, handle="lee", morning_pain=3, stiffness=3, clock=now)
    assert open_locks(uow=uow, handle="lee").events == (lock,)
    assert show_athlete(uow=uow, handle="lee").lock.locked
    assert status(uow=uow, handle="lee", today=TODAY, **READ).lock.locked
    del plan


def test_relogging_a_painful_session_with_lower_pain_keeps_its_pause(uow: SqlUnitOfWork) -> None:
    """Pain 7/10 in a session pauses loading and asks for the screening again; logging the
    same session again at 2/10 does not take the pause back."""
    _athlete(uow, "lee")
    _assess(uow, "lee", START - timedelta(days=1))
    plan = _plan(uow, "lee")
    (monday,) = [s for s in plan.on(TODAY) if s.kind is SessionKind.STRENGTH]
    now = FakeClock(today=TODAY)
    for pain, again in ((7, False), (2, True)):
        log_session(
            uow=uow,
            handle="lee",
            clock=now,
            replace_existing=again,
            request=LogRequest(day=TODAY, kind=monday.kind, pain_during=pain, actuals={}),
        )
    (lock,) = open_locks(uow=uow, handle="lee").events
    assert lock.rule == "guard.rescreen"
    assert lock.key == f"guard.rescreen:{TODAY.isoformat()}:all-loading"


def test_a_clearance_lifts_the_locks_it_names_and_the_history_shows_each_in_order(
    uow: SqlUnitOfWork,
) -> None:
    """Two locks (a fluoroquinolone red flag, then swelling); a clearance naming the red flag
    leaves the swelling lock open. The history lists lock, lock, clearance with who cleared."""
    _athlete(uow, "kit")
    _assess(uow, "kit", START - timedelta(days=1))
    _plan(uow, "kit")
    now = FakeClock(today=TODAY)
    record_screening(uow=uow, handle="kit", yes=[9], clock=now)
    record_check_in(
        uow=uow,
        handle="kit",
        clock=now,
        check_in=CheckIn(TODAY, morning_pain=0, stiffness=1, swelling=True),
    )
    flag, swelling = open_locks(uow=uow, handle="kit").events
    assert flag.key.endswith(":q9") and swelling.rule == "guard.warning-signs"
    record_clearance(
        uow=uow,
        handle="kit",
        note="antibiotic course reviewed",
        cleared_by="Dr Lee, GP",
        lifts=[flag.key],
        clock=now,
    )
    assert open_locks(uow=uow, handle="kit").events == (swelling,)
    entries = lock_history(uow=uow, handle="kit")
    assert [(e.kind, e.key or e.cleared_by) for e in entries] == [
        ("lock", flag.key),
        ("lock", swelling.key),
        ("clearance", "Dr Lee, GP"),
    ]
    assert entries[-1].lifts == (flag.key,)
    assert [e.still_open for e in entries[:2]] == [False, True]


# --- 4. screened before loaded ----------------------------------------------------------------


def test_an_athlete_never_screened_gets_mobility_only_until_the_questions_are_answered(
    uow: SqlUnitOfWork,
) -> None:
    _athlete(uow, "new", screened=False)
    _assess(uow, "new", START - timedelta(days=1))
    plan = _plan(uow, "new")
    assert {s.kind for s in plan.sessions} <= {SessionKind.MOBILITY, SessionKind.RETEST}
    assert plan.notes[0].rule == "screening.missing"
    now = FakeClock(today=TODAY)
    today = day_view(uow=uow, handle="new", day=TODAY, clock=now, **READ)
    assert today.warnings[0].rule == "screening.missing"
    assert {s.kind for s in today.sessions} <= {SessionKind.MOBILITY, SessionKind.RETEST}
    record_screening(uow=uow, handle="new", yes=[], clock=now)
    answered = day_view(uow=uow, handle="new", day=TODAY, clock=now, **READ)
    assert SessionKind.STRENGTH in {s.kind for s in answered.sessions}
    assert len(plan_history(uow=uow, handle="new")) == 1, "the same plan, now loaded"


# --- 5. the newest result of each test ------------------------------------------------------


def test_a_lunge_only_retest_never_forgets_a_weak_calf(uow: SqlUnitOfWork) -> None:
    """The left calf was weak (LSI 58 %) on the full test; a later lunge-only re-test must
    keep the left calf's extra set and the stance results."""
    _athlete(uow, "cal")
    weak = SideResult(lunge=11.0, heel_raise_reps=15, pain=0, single_leg_stance_s=35)
    strong = SideResult(lunge=11.5, heel_raise_reps=26, pain=0, single_leg_stance_s=40)
    _assess(uow, "cal", START - timedelta(days=20), weak, strong)
    _assess(uow, "cal", START - timedelta(days=1), SideResult(lunge=12), SideResult(lunge=12))
    plan = _plan(uow, "cal")
    assert "volume.extra-set.weaker-side" in {n.rule for n in plan.notes}
    now = FakeClock(today=TODAY)
    whole = current_plan(uow=uow, handle="cal", clock=now, **READ)
    assert "volume.extra-set.weaker-side" in {n.rule for n in whole.notes}


# --- 8. a red flag reads the same everywhere ------------------------------------------------


def test_a_suspected_clot_leaves_no_calf_massage_no_loading_and_no_maximal_test_anywhere(
    uow: SqlUnitOfWork,
) -> None:
    """Red flag 2 (possible DVT) after the plan was made: today, the week, the plan and the
    calendar all hold mobility without calf soft-tissue work, and re-test days keep only the
    lunge. A clearance brings the planned loading back the next day, in the same plan."""
    _athlete(uow, "dee")
    _assess(uow, "dee", START - timedelta(days=1))
    plan = _plan(uow, "dee", weeks=8)
    now = FakeClock(today=TODAY)
    record_screening(uow=uow, handle="dee", yes=[2], clock=now)
    whole = current_plan(uow=uow, handle="dee", clock=now, **READ)
    _, calendar = plan_for_export(uow=uow, handle="dee", clock=now, **READ)
    days = week_view(uow=uow, handle="dee", day=TODAY, clock=now, **READ)
    views = [s for d in days for s in d.sessions]
    for shown in (views, whole.sessions, calendar.sessions):
        ahead = [s for s in shown if s.day >= TODAY]
        assert {s.kind for s in ahead} <= {SessionKind.MOBILITY, SessionKind.RETEST}
        items = {i.exercise_id for s in ahead for i in s.items}
        assert "calf-soft-tissue" not in items
        assert "paced-single-leg-heel-raise" not in items
    assert whole.sessions == calendar.sessions, "the calendar is the plan as lived"
    assert [s for s in whole.sessions if TODAY <= s.day < TODAY + timedelta(days=7)] == views
    record_clearance(uow=uow, handle="dee", note="scan clear", cleared_by="A&E", clock=now)
    same_day = day_view(uow=uow, handle="dee", day=TODAY, clock=now, **READ)
    assert SessionKind.STRENGTH not in {s.kind for s in same_day.sessions}
    rules = [w.rule for w in same_day.warnings]
    assert "safety.cleared-today" in rules and "safety.loading-lock" not in rules, (
        "the day of the clearance says loading resumes tomorrow, not that it is still locked"
    )
    tomorrow_loaded = [
        d
        for d in week_view(uow=uow, handle="dee", day=TODAY, clock=now, **READ)
        if d.day > TODAY and any(s.kind is SessionKind.STRENGTH for s in d.sessions)
    ]
    assert tomorrow_loaded, "loading is back from the next strength day"
    assert "safety.cleared" in {
        w.rule
        for w in day_view(
            uow=uow,
            handle="dee",
            day=TODAY + timedelta(days=1),
            clock=now,
            **READ,
        ).warnings
    }
    assert len(plan_history(uow=uow, handle="dee")) == 1
    assert plan.start == START


# --- a log knows its plan --------------------------------------------------------------------


def test_a_log_keeps_its_plan_and_what_was_prescribed_after_a_new_plan(
    uow: SqlUnitOfWork,
) -> None:
    """A session logged against one plan keeps that plan's id and the prescription in words
    when a new plan replaces it, so the log can be read without the plan it came from."""
    _athlete(uow, "log")
    _assess(uow, "log", START - timedelta(days=1))
    first = _plan(uow, "log")
    now = FakeClock(today=TODAY)
    (strength,) = [s for s in first.on(TODAY) if s.kind is SessionKind.STRENGTH]
    logged = log_session(
        uow=uow,
        handle="log",
        clock=now,
        catalogue=CATALOGUE,
        norm_table=NORMS,
        request=LogRequest(day=TODAY, kind=strength.kind, pain_during=1, actuals={}),
    ).log
    create_plan(uow=uow, handle="log", clock=now, weeks=4, **READ)
    with uow:
        athlete = uow.athletes.by_handle("log")
        assert athlete is not None and athlete.id is not None
        (stored,) = uow.session_logs.on(athlete.id, TODAY)
        history = uow.plans.history(athlete.id)
    assert stored.plan_id is not None and stored.plan_id == logged.plan_id
    assert stored.plan_id == history[0].id and history[0].superseded_at is not None
    shown = {(p.exercise_id, p.side): p for p in strength.items}
    for item in stored.items:
        planned = shown[(item.exercise_id, item.side)]
        assert item.prescribed.startswith(f"{item.target_sets} × ")
        assert item.prescribed_rule == planned.why.rule


# --- the plan lives, and says what changed it ---------------------------------------------


def test_the_plan_lists_what_changed_it_lock_clearance_gate_and_retest(
    uow: SqlUnitOfWork,
) -> None:
    """Made with the pogo gate closed; ten green days open it, a re-test follows, then a red
    flag locks and a clearance lifts: each is a dated revision of the same plan."""
    _athlete(uow, "rev")
    _assess(uow, "rev", START - timedelta(days=1))
    plan = _plan(uow, "rev")
    assert "plyometric.gate" in {n.rule for n in plan.notes}
    _train(uow, "rev", plan, TODAY - timedelta(days=10), TODAY - timedelta(days=1), 1)
    _assess(uow, "rev", TODAY - timedelta(days=2))
    now = FakeClock(today=TODAY)
    record_check_in(
        uow=uow, handle="rev", clock=now, check_in=CheckIn(TODAY, morning_pain=0, stiffness=1)
    )
    opened = current_plan(uow=uow, handle="rev", clock=now, **READ)
    rules = [r.why.rule for r in opened.revisions]
    assert "revision.gate-opened" in rules and "revision.retest" in rules
    record_screening(uow=uow, handle="rev", yes=[5], clock=now)
    record_clearance(uow=uow, handle="rev", note="x-ray clear", cleared_by="A&E", clock=now)
    lived = current_plan(uow=uow, handle="rev", clock=now, **READ)
    by_rule = {r.why.rule: r for r in lived.revisions}
    assert by_rule["revision.locked"].day == TODAY
    assert by_rule["revision.cleared"].day == TODAY + timedelta(days=1)
    assert "A&E" in by_rule["revision.cleared"].why.text
    assert [r.day for r in lived.revisions] == sorted(r.day for r in lived.revisions)
    assert len(plan_history(uow=uow, handle="rev")) == 1, "no new plan was needed"


def test_status_flags_what_a_coach_must_see_first(uow: SqlUnitOfWork) -> None:
    """A red flag at a screening: status carries the red-flag and locked flags with their
    reasons, the same lock every view reads."""
    _athlete(uow, "flag")
    _assess(uow, "flag", START - timedelta(days=1))
    _plan(uow, "flag")
    now = FakeClock(today=TODAY)
    record_screening(uow=uow, handle="flag", yes=[2], clock=now)
    view = status(uow=uow, handle="flag", today=TODAY, **READ)
    codes = [f.code for f in view.flags]
    assert codes[:2] == ["red-flag", "locked"]
    assert "blood clot" in view.flags[0].reason


def test_a_log_answers_with_its_own_decisions_not_the_mornings(uow: SqlUnitOfWork) -> None:
    """Swelling at this morning's check-in refers; the mobility session logged later that day
    answers with what it decided (nothing: mobility is not judged), not the morning's
    referral, which stays in the history."""
    _athlete(uow, "own")
    _assess(uow, "own", START - timedelta(days=1))
    _plan(uow, "own")
    now = FakeClock(today=TODAY)
    morning = record_check_in(
        uow=uow,
        handle="own",
        clock=now,
        check_in=CheckIn(TODAY, morning_pain=0, stiffness=1, swelling=True),
    )
    assert [d.rule for d in morning.decisions] == ["guard.warning-signs"]
    logged = log_session(
        uow=uow,
        handle="own",
        clock=now,
        catalogue=CATALOGUE,
        norm_table=NORMS,
        request=LogRequest(day=TODAY, kind=SessionKind.MOBILITY, pain_during=0, actuals={}),
    )
    assert logged.decisions == ()
