"""The engine's rules as stories (issue 5, point 6): one scenario per rule, named after it.

Each test tells a short training story and checks the decision the engine makes, with the
rule id it must cite. The rules are Silbernagel 2007 (tendon-load guard), 4.1 (double
progression), 4.4 (deload trigger), 8 item 10 and the source article's "pause and seek
medical guidance on sharp pain, swelling or unusual tightness".

A step up waits for the next morning (guard rule (b)): the session that earns it holds with
guard.awaiting-next-morning, and the PROGRESS comes on the next calendar day, when that
morning is at or below the baseline. So the stories below check in the morning after the
session (`morning(n + 1)`) whenever they expect a progression, and look for it on that day.
Pain above 5/10 in a session also pauses all loading (guard.rescreen): stories about the
other pause rules pick out their own rule among the pauses.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

from anklet.domain.adjustments import adjust_sessions
from anklet.domain.program import PlannedSession, Prescription, Reason, SessionKind, SideChoice
from anklet.domain.progression import (
    LOAD_STEP_FRACTION,
    Decision,
    EngineResult,
    ItemState,
    Verdict,
    replay,
)
from anklet.domain.safety import Clearance, LockEvent, loading_lock
from anklet.domain.screening import Restriction
from anklet.domain.training_log import Baseline, CheckIn, LoggedItem, SessionLog

MON = date(2026, 6, 1)
CALF = "weighted-heel-raise"
TIB = "tib-raise"
LEFT = SideChoice.LEFT
BASELINE = Baseline(morning_pain=1, stiffness=2, basis="set by you on 2026-05-31")
MAX_STEP = 0.10  # ACSM 2009: +2-10 %


def day(n: int) -> date:
    return MON + timedelta(days=n)


def at(n: int, hour: int) -> datetime:
    return datetime.combine(day(n), datetime.min.time()) + timedelta(hours=hour)


def calf(
    *,
    load: float | None = 40.0,
    reps: int = 12,
    sets: int | None = None,
    exercise: str = CALF,
) -> LoggedItem:
    """3 × 8-12 at `load` kg (None: body weight); `reps` done in every set."""
    return LoggedItem(
        exercise_id=exercise,
        side=LEFT,
        target_sets=3,
        target_reps=8,
        target_reps_max=12,
        target_hold_s=None,
        target_load_kg=load,
        sets_done=3 if sets is None else sets,
        reps_done=reps,
        load_kg=load,
    )


def session(n: int, *items: LoggedItem, pain: int = 2, hour: int | None = None) -> SessionLog:
    return SessionLog(
        day=day(n),
        kind=SessionKind.STRENGTH,
        items=items or (calf(),),
        pain_during=pain,
        recorded_at=None if hour is None else at(n, hour),
    )


def morning(
    n: int,
    *,
    pain: int = 1,
    stiffness: int = 2,
    sharp_pain: bool = False,
    swelling: bool = False,
    unusual_tightness: bool = False,
) -> CheckIn:
    """A morning at the baseline unless told otherwise."""
    return CheckIn(
        day=day(n),
        morning_pain=pain,
        stiffness=stiffness,
        sharp_pain=sharp_pain,
        swelling=swelling,
        unusual_tightness=unusual_tightness,
    )


def run(
    logs: list[SessionLog],
    check_ins: list[CheckIn],
    *,
    baseline: Baseline | None = BASELINE,
    lock_events: tuple[LockEvent, ...] = (),
    clearances: tuple[Clearance, ...] = (),
) -> EngineResult:
    return replay(
        logs, check_ins, baseline=baseline, lock_events=lock_events, clearances=clearances
    )


def on(result: EngineResult, n: int, exercise: str = CALF) -> list[Decision]:
    return [d for d in result.decisions if d.day == day(n) and d.exercise_id == exercise]


def only(result: EngineResult, n: int, exercise: str = CALF) -> Decision:
    found = on(result, n, exercise)
    assert len(found) == 1, found
    return found[0]


def whole_program(result: EngineResult, verdict: Verdict) -> list[Decision]:
    return [d for d in result.decisions if d.exercise_id == "*" and d.verdict is verdict]


# --- progress --------------------------------------------------------------------------------


def test_progress_double_load_raises_the_load_by_the_smallest_step() -> None:
    """Rule progress.double.load: pain 0-3, a settled morning and every set at the top of the
    range: the load goes up by the smallest step (5 %), never more than 10 %, once the next
    morning is settled too."""
    # Pat wakes at baseline, does 3 × 12 at 40 kg with pain 2/10, and wakes at baseline again.
    result = run([session(0, calf(load=40.0, reps=12), pain=2)], [morning(0), morning(1)])

    waiting = only(result, 0)
    assert (waiting.verdict, waiting.rule) == (Verdict.HOLD, "guard.awaiting-next-morning")
    decision = only(result, 1)  # Tuesday morning is settled: now the load goes up
    assert decision.verdict is Verdict.PROGRESS
    assert decision.rule == "progress.double.load"
    assert decision.change == "load 40 kg → 42 kg"
    new_load = result.states[(CALF, LEFT)].load_kg
    assert new_load == round(40.0 * (1 + LOAD_STEP_FRACTION), 1) == 42.0
    assert new_load <= 40.0 * (1 + MAX_STEP)


def test_progress_double_load_on_a_light_load_stays_within_10_percent() -> None:
    """Rule progress.double.load on light loads: where 5 % rounds to nothing at 0.1 kg, the step
    is still about 5 % and never more than 10 % (0.5 kg → 0.6 kg would be +20 %)."""
    for light in (0.5, 0.9, 1.0):
        result = run([session(0, calf(load=light), pain=1)], [morning(0), morning(1)])

        assert only(result, 1).verdict is Verdict.PROGRESS
        new_load = result.states[(CALF, LEFT)].load_kg
        assert new_load is not None
        assert light < new_load <= light * (1 + MAX_STEP)


def test_progress_double_load_on_body_weight_work_adds_a_light_weight() -> None:
    """Rule progress.double.load for body-weight work: at the top of the range with a green
    guard, the next step is a light weight, not more reps forever."""
    result = run([session(0, calf(load=None, reps=12), pain=0)], [morning(0), morning(1)])

    decision = only(result, 1)
    assert decision.verdict is Verdict.PROGRESS
    assert "add a light weight" in decision.change
    state = result.states[(CALF, LEFT)]
    assert state.add_load
    assert state.load_kg is None


def test_progress_double_reps_holds_the_load_below_the_top_of_the_range() -> None:
    """Rule progress.double.reps: green guard, but the sets did not all reach the top of the
    range: keep the load and add reps first, even after a settled next morning."""
    result = run([session(0, calf(reps=10), pain=1)], [morning(0), morning(1)])

    decision = only(result, 0)
    assert decision.verdict is Verdict.HOLD
    assert decision.rule == "progress.double.reps"
    assert "12" in decision.reason
    assert not on(result, 1)  # nothing was waiting for Tuesday morning
    assert (CALF, LEFT) not in result.states


def test_progress_double_reps_counts_the_sets_too() -> None:
    """Rule progress.double.reps: every set must reach the top; two sets of 12 out of three
    prescribed is not the top of the range."""
    result = run([session(0, calf(reps=12, sets=2), pain=1)], [morning(0), morning(1)])

    assert only(result, 0).rule == "progress.double.reps"
    assert not on(result, 1)


def test_three_green_sessions_at_the_top_raise_the_load_three_times_by_the_smallest_step() -> None:
    """Rule progress.double.load, repeated: Monday, Wednesday and Friday Pat hits 3 × 12 with
    pain 1/10 and a settled morning before and after each time, each time at the load the
    engine set: the load goes up three times (on Tuesday, Thursday and Saturday mornings),
    each time by the smallest step."""
    loads = [40.0]
    for _ in range(3):
        loads.append(round(loads[-1] * (1 + LOAD_STEP_FRACTION), 1))
    logs = [session(n, calf(load=loads[i], reps=12), pain=1) for i, n in enumerate((0, 2, 4))]
    result = run(logs, [morning(n) for n in range(6)])

    progressions = [d for d in result.decisions if d.verdict is Verdict.PROGRESS]
    assert [d.day for d in progressions] == [day(1), day(3), day(5)]
    assert [d.change for d in progressions] == [
        f"load {a:g} kg → {b:g} kg" for a, b in pairwise(loads)
    ]
    assert loads == [40.0, 42.0, 44.1, 46.3]
    assert all(b <= a * (1 + MAX_STEP) for a, b in pairwise(loads))
    state = result.states[(CALF, LEFT)]
    assert state.load_kg == 46.3
    assert [s.load_kg for s in state.previous] == [None, 42.0, 44.1]


# --- the tendon-load guard (Silbernagel 2007) --------------------------------------------------


def test_guard_pain_4_5_holds_the_load() -> None:
    """Rule guard.pain-4-5: pain 4-5 during the session and settled mornings before and after:
    repeat the same load, even at the top of the range; nothing waits for the next morning."""
    for pain in (4, 5):
        result = run([session(0, calf(reps=12), pain=pain)], [morning(0), morning(1)])

        decision = only(result, 0)
        assert decision.verdict is Verdict.HOLD
        assert decision.rule == "guard.pain-4-5"
        assert not on(result, 1)
        assert (CALF, LEFT) not in result.states


def test_guard_pain_above_5_regresses_and_takes_the_last_progression_back() -> None:
    """Rule guard.pain-above-5: pain above 5 during a session steps back one step: the last
    progression is taken back."""
    # Two good sessions raise 40 → 42 → 44.1 kg (on the settled mornings after them); on
    # Friday it hurts 6/10.
    logs = [
        session(0, calf(load=40.0), pain=1),
        session(2, calf(load=42.0), pain=1),
        session(4, calf(load=44.1), pain=6),
    ]
    result = run(logs, [morning(n) for n in range(5)])

    assert [d.day for d in result.decisions if d.verdict is Verdict.PROGRESS] == [day(1), day(3)]
    decision = only(result, 4)
    assert decision.verdict is Verdict.REGRESS
    assert decision.rule == "guard.pain-above-5"
    assert decision.change == "the last step up is taken back"
    state = result.states[(CALF, LEFT)]
    assert state.load_kg == 42.0  # back to the first step up
    assert state.sets_delta == 0


def test_guard_pain_above_5_without_a_progression_drops_one_set() -> None:
    """Rule guard.pain-above-5, first session: nothing to take back, so one set fewer."""
    result = run([session(0, calf(), pain=7)], [morning(0)])

    decision = only(result, 0)
    assert decision.verdict is Verdict.REGRESS
    assert decision.rule == "guard.pain-above-5"
    assert decision.change == "one set fewer"
    assert result.states[(CALF, LEFT)] == ItemState(sets_delta=-1)


def test_guard_morning_above_baseline_regresses_the_previous_days_session() -> None:
    """Rule guard.morning-above-baseline: Monday's session earned a step, taken on Tuesday's
    settled morning. Wednesday's session earns another, but Thursday morning pain is above
    baseline: Wednesday was too much, the waiting step never comes and the Tuesday step is
    taken back."""
    logs = [session(0, calf(load=40.0), pain=2), session(2, calf(load=42.0), pain=2)]
    result = run(logs, [morning(0), morning(1), morning(2), morning(3, pain=3)])

    assert only(result, 1).verdict is Verdict.PROGRESS
    assert only(result, 2).rule == "guard.awaiting-next-morning"
    decision = only(result, 3)
    assert decision.verdict is Verdict.REGRESS
    assert decision.rule == "guard.morning-above-baseline"
    assert day(2).isoformat() in decision.reason
    assert decision.change == "the last step up is taken back"
    assert result.states[(CALF, LEFT)] == ItemState()


def test_guard_morning_above_baseline_counts_stiffness_too() -> None:
    """Rule guard.morning-above-baseline: stiffness above baseline is enough."""
    result = run([session(0, calf(), pain=2)], [morning(0), morning(1, stiffness=4)])

    assert only(result, 1).rule == "guard.morning-above-baseline"


def test_guard_morning_above_baseline_does_not_step_back_twice_for_one_incident() -> None:
    """Rule guard.morning-above-baseline, one incident one step back: Monday hurt 6/10 and was
    stepped back; Tuesday morning is sore as a result, and Pat records the morning twice. The
    sore morning does not step Monday back again."""
    result = run(
        [session(0, calf(), pain=6)],
        [morning(0), morning(1, pain=4), morning(1, pain=4)],
    )

    regressions = [d for d in result.decisions if d.verdict is Verdict.REGRESS]
    assert [(d.day, d.rule) for d in regressions] == [(day(0), "guard.pain-above-5")]
    assert result.states[(CALF, LEFT)] == ItemState(sets_delta=-1)


def test_guard_morning_above_baseline_once_even_when_the_morning_is_recorded_twice() -> None:
    """Rule guard.morning-above-baseline, one incident one step back: a green Monday, then a
    sore Tuesday morning entered twice (say, corrected). Monday is stepped back once."""
    result = run(
        [session(0, calf(reps=10), pain=2)],
        [morning(0), morning(1, pain=3), morning(1, pain=4)],
    )

    regressions = [d for d in result.decisions if d.verdict is Verdict.REGRESS]
    assert [(d.day, d.rule) for d in regressions] == [(day(1), "guard.morning-above-baseline")]
    assert result.states[(CALF, LEFT)] == ItemState(sets_delta=-1)


def test_guard_morning_above_baseline_holds_the_same_days_session() -> None:
    """Rule guard.morning-above-baseline: a sore morning before the session, with no session
    the day before: nothing moves up that day, and nothing waits for the next morning either
    (a settled Friday does not raise Thursday's load)."""
    result = run([session(3, calf(), pain=1)], [morning(3, pain=4), morning(4)])

    decision = only(result, 3)
    assert decision.verdict is Verdict.HOLD
    assert decision.rule == "guard.morning-above-baseline"
    assert not on(result, 4)
    assert (CALF, LEFT) not in result.states


def test_guard_no_morning_check_holds_until_the_morning_is_known() -> None:
    """Rule guard.no-morning-check: a perfect session and mornings before and after it, but no
    baseline to compare them with: the engine does not guess, it holds, and nothing waits.
    With a baseline but no morning at all, the step waits for a next morning that never
    comes: the engine still does not guess."""
    no_baseline = run([session(0, calf(), pain=0)], [morning(0), morning(1)], baseline=None)
    no_morning = run([session(0, calf(), pain=0)], [])

    decision = only(no_baseline, 0)
    assert (decision.verdict, decision.rule) == (Verdict.HOLD, "guard.no-morning-check")
    assert not on(no_baseline, 1)
    assert no_baseline.states == {}
    decision = only(no_morning, 0)
    assert (decision.verdict, decision.rule) == (Verdict.HOLD, "guard.awaiting-next-morning")
    assert no_morning.states == {}


# --- warning signs, pauses and locks ---------------------------------------------------------


def test_guard_warning_signs_refers_and_locks_loading_until_a_clearance() -> None:
    """Rule guard.warning-signs: sharp pain, swelling or unusual tightness at a check-in:
    refer, and lock all loading (the same lock as screening) until a later clearance. The
    step Monday's session earned does not happen on the morning the sign is reported."""
    signs = {
        "sharp pain": morning(1, sharp_pain=True),
        "swelling": morning(1, swelling=True),
        "unusual tightness": morning(1, unusual_tightness=True),
    }
    key = f"guard.warning-signs:{day(1).isoformat()}:all-loading"
    for sign, warning in signs.items():
        check_ins = [morning(0), warning, morning(3), morning(4), morning(6), morning(7)]
        logs = [session(0, pain=1), session(3, pain=1), session(6, pain=1)]
        cleared = Clearance(
            cleared_on=day(5),
            note="seen by Dr Lee",
            recorded_at=at(5, 12),
            cleared_by="Dr Lee, physiotherapist",
            lifts=(key,),
        )
        result = run(logs, check_ins, clearances=(cleared,))

        refer = whole_program(result, Verdict.REFER)
        assert [(d.day, d.rule) for d in refer] == [(day(1), "guard.warning-signs")]
        assert sign in refer[0].reason
        assert [(e.restriction, e.key, e.rule) for e in result.lock_events] == [
            (Restriction.ALL_LOADING, key, "guard.warning-signs")
        ]
        # Monday earned a step; Tuesday's warning sign means it never comes.
        assert only(result, 0).rule == "guard.awaiting-next-morning"
        assert not on(result, 1)
        # Thursday, before the clearance: locked, no step up, not on Friday morning either.
        thursday = only(result, 3)
        assert (thursday.verdict, thursday.rule) == (Verdict.HOLD, "safety.loading-lock")
        assert not on(result, 4)
        assert loading_lock(result.lock_events, ()).mobility_only
        # Sunday, after the clearance recorded on Saturday: Sunday's session earns a step
        # and Monday's settled morning takes it.
        assert only(result, 6).rule == "guard.awaiting-next-morning"
        assert only(result, 7).verdict is Verdict.PROGRESS
        assert not loading_lock(result.lock_events, (cleared,)).locked


def test_guard_warning_signs_lock_survives_a_clearance_recorded_before_it() -> None:
    """Rule guard.warning-signs: only a clearance recorded after the lock lifts it, even one
    that lifts every lock (a clearance recorded before clearances named their locks)."""
    early = Clearance(cleared_on=day(0), note="old note", recorded_at=at(0, 6))
    result = run(
        [session(3, pain=0)],
        [morning(1, sharp_pain=True), morning(3), morning(4)],
        clearances=(early,),
    )

    assert only(result, 3).rule == "safety.loading-lock"
    assert not on(result, 4)
    assert loading_lock(result.lock_events, (early,)).locked


def test_guard_two_regressions_in_7_days_pauses_heavy_and_impact_work() -> None:
    """Rule guard.two-regressions-in-7-days (Silbernagel 2007): Monday hurts 6/10, Thursday
    again: two step-backs within a week pause heavy, plyometric and impact work and suggest a
    clinician. (Each painful session also pauses all loading for the screening questions,
    guard.rescreen; this story is about the two-step-backs pause.)"""
    rule = "guard.two-regressions-in-7-days"
    result = run([session(0, pain=6), session(3, pain=7)], [morning(0), morning(3)])

    pauses = [d for d in whole_program(result, Verdict.PAUSE) if d.rule == rule]
    assert [d.day for d in pauses] == [day(3)]
    assert "clinician" in pauses[0].reason
    paused = [e for e in result.lock_events if e.rule == rule]
    assert [(e.on, e.restriction, e.key) for e in paused] == [
        (day(3), r, f"{rule}:{day(3).isoformat()}:{r.value}")
        for r in (Restriction.HEAVY_AND_PLYOMETRIC, Restriction.IMPACT)
    ]
    assert {e.rule for e in result.lock_events} == {rule, "guard.rescreen"}


def test_guard_two_regressions_in_7_days_not_when_they_are_further_apart() -> None:
    """Rule guard.two-regressions-in-7-days: step-backs eight days apart are not a pattern.
    Only each session's own rescreen pause is there."""
    result = run([session(0, pain=6), session(8, pain=6)], [morning(0), morning(8)])

    pauses = whole_program(result, Verdict.PAUSE)
    assert [(d.day, d.rule) for d in pauses] == [
        (day(0), "guard.rescreen"),
        (day(8), "guard.rescreen"),
    ]
    assert [(e.on, e.rule) for e in result.lock_events] == [
        (day(0), "guard.rescreen"),
        (day(8), "guard.rescreen"),
    ]


def test_guard_two_regressions_in_7_days_counts_a_sore_morning() -> None:
    """Rule guard.two-regressions-in-7-days: a session that hurt 6/10, then two days later a
    sore morning after the next session: two step-backs in a week, pause."""
    result = run(
        [session(0, pain=6), session(2, pain=2)],
        [morning(0), morning(2), morning(3, pain=4)],
    )

    pauses = whole_program(result, Verdict.PAUSE)
    assert [(d.day, d.rule) for d in pauses] == [
        (day(0), "guard.rescreen"),
        (day(3), "guard.two-regressions-in-7-days"),
    ]
    regressions = [d for d in result.decisions if d.verdict is Verdict.REGRESS]
    assert [(d.day, d.rule) for d in regressions] == [
        (day(0), "guard.pain-above-5"),
        (day(3), "guard.morning-above-baseline"),
    ]


def test_guard_three_painful_sessions_pauses() -> None:
    """Rule guard.three-painful-sessions (Silbernagel 2007): pain above 5 in three sessions in a
    row, spaced so that they are not two step-backs in a week: pause and see a clinician.
    Each painful session also pauses all loading (guard.rescreen) and the later ones are
    held by that lock, but pain above 5 still steps each of them back and still counts."""
    rule = "guard.three-painful-sessions"
    days = (0, 8, 16)  # gaps of 8 days: the pain rule fires before the missed-week rule
    result = run([session(n, pain=6) for n in days], [morning(n) for n in days])

    pauses = [d for d in whole_program(result, Verdict.PAUSE) if d.rule == rule]
    assert [d.day for d in pauses] == [day(16)]
    assert [only(result, n).rule for n in days] == ["guard.pain-above-5"] * 3
    paused = [e for e in result.lock_events if e.rule == rule]
    assert [(e.on, e.restriction) for e in paused] == [
        (day(16), Restriction.HEAVY_AND_PLYOMETRIC),
        (day(16), Restriction.IMPACT),
    ]
    rescreens = [e for e in result.lock_events if e.rule == "guard.rescreen"]
    assert [e.on for e in rescreens] == [day(n) for n in days]


def test_guard_three_painful_sessions_resets_after_a_bearable_one() -> None:
    """Rule guard.three-painful-sessions: the three must be in a row; a 4/10 session between
    them breaks the run (it is held by the rescreen lock, and still breaks it)."""
    days = (0, 8, 16, 24)
    pains = (6, 6, 4, 6)
    result = run(
        [session(n, pain=p) for n, p in zip(days, pains, strict=True)],
        [morning(n) for n in days],
    )

    assert only(result, 16).rule == "safety.loading-lock"
    pauses = whole_program(result, Verdict.PAUSE)
    assert [(d.day, d.rule) for d in pauses] == [(day(n), "guard.rescreen") for n in (0, 8, 24)]


def test_pause_lock_holds_progression_until_a_clearance() -> None:
    """The pause locks like a screening: after two step-backs in a week (two sore mornings,
    so the pause's is the only lock), a perfect session does not move up until the athlete
    records a clearance naming the pause's locks."""
    rule = "guard.two-regressions-in-7-days"
    logs = [session(0, pain=1), session(2, pain=1), session(5, pain=1), session(9, pain=1)]
    mornings = [morning(0), morning(1, pain=3), morning(2), morning(3, pain=3)]
    mornings += [morning(n) for n in (5, 6, 9, 10)]
    keys = tuple(f"{rule}:{day(3).isoformat()}:{r}" for r in ("heavy-and-plyometric", "impact"))
    cleared = Clearance(
        cleared_on=day(7),
        note="physio says fine",
        recorded_at=at(7, 9),
        cleared_by="physiotherapist",
        lifts=keys,
    )
    result = run(logs, mornings, clearances=(cleared,))

    assert [(d.day, d.rule) for d in whole_program(result, Verdict.PAUSE)] == [(day(3), rule)]
    assert tuple(e.key for e in result.lock_events) == keys
    assert only(result, 5).rule == "safety.loading-lock"
    assert not on(result, 6)
    assert only(result, 9).rule == "guard.awaiting-next-morning"
    assert only(result, 10).verdict is Verdict.PROGRESS


# --- missed sessions ---------------------------------------------------------------------


def test_missed_one_week_holds() -> None:
    """Rule missed.one-week: back after 9 days, at the top of the range with a green guard:
    hold this week (missed sessions are not failures, and not a reason to jump), and the
    settled morning after does not raise it either."""
    result = run([session(0, pain=1), session(9, pain=1)], [morning(0), morning(9), morning(10)])

    decision = only(result, 9)
    assert decision.verdict is Verdict.HOLD
    assert decision.rule == "missed.one-week"
    assert "9 days" in decision.reason
    assert not on(result, 10)


def test_missed_one_week_starts_at_seven_days() -> None:
    """Rule missed.one-week: 7 days is a missed week; 6 days is not (that session earns its
    step, taken the next morning)."""
    seven = run([session(0), session(7)], [morning(0), morning(7), morning(8)])
    six = run([session(0), session(6)], [morning(0), morning(6), morning(7)])

    assert only(seven, 7).rule == "missed.one-week"
    assert not on(seven, 8)
    assert only(six, 6).rule == "guard.awaiting-next-morning"
    assert only(six, 7).verdict is Verdict.PROGRESS


def test_missed_two_weeks_steps_back() -> None:
    """Rule missed.two-weeks: back after 14 days or more: one step lower (the step Monday's
    session earned on Tuesday morning is taken back), without blame."""
    for gap in (14, 20):
        result = run(
            [session(0, pain=1), session(gap, pain=1)], [morning(0), morning(1), morning(gap)]
        )

        assert only(result, 1).verdict is Verdict.PROGRESS
        decision = only(result, gap)
        assert decision.verdict is Verdict.REGRESS
        assert decision.rule == "missed.two-weeks"
        assert "not failures" in decision.reason
        assert decision.change == "the last step up is taken back"
        assert result.states[(CALF, LEFT)] == ItemState()


def test_missed_weeks_ignore_mobility_sessions() -> None:
    """Rule missed.two-weeks: daily mobility is not loading; only loaded sessions count."""
    mobility = SessionLog(day=day(7), kind=SessionKind.MOBILITY, items=(), pain_during=0)
    result = run([session(0), mobility, session(14)], [morning(0), morning(14)])

    assert only(result, 14).rule == "missed.two-weeks"


# --- the screening lock ----------------------------------------------------------------------


def test_safety_loading_lock_holds_until_a_clearance() -> None:
    """Rule safety.loading-lock: a red flag at screening locks loading; a perfect session on
    Tuesday holds (and Wednesday morning does not raise it), and after a clearance naming the
    flag on Wednesday, Thursday's earns its step, taken on Friday morning."""
    flag = LockEvent(
        recorded_at=at(0, 8),
        on=day(0),
        reason="red flag 9 (soon): fluoroquinolone",
        source="Alves 2019",
        restriction=Restriction.HEAVY_AND_PLYOMETRIC,
        key="screening:1:q9",
        rule="screening.red-flag-9",
    )
    cleared = Clearance(
        cleared_on=day(2),
        note="GP cleared me",
        recorded_at=at(2, 17),
        cleared_by="GP",
        lifts=(flag.key,),
    )
    logs = [session(1, pain=0), session(3, pain=0)]
    mornings = [morning(n) for n in (1, 2, 3, 4)]
    result = run(logs, mornings, lock_events=(flag,), clearances=(cleared,))

    tuesday = only(result, 1)
    assert (tuesday.verdict, tuesday.rule) == (Verdict.HOLD, "safety.loading-lock")
    assert not on(result, 2)
    assert only(result, 3).rule == "guard.awaiting-next-morning"
    assert only(result, 4).verdict is Verdict.PROGRESS
    assert result.lock_events == ()  # the screening's own event is not the engine's


def test_safety_loading_lock_does_not_reach_back_before_the_flag() -> None:
    """Rule safety.loading-lock: a session logged before the screening is not locked by it: it
    earns its step like any other. But the step waits for the next morning, and by then the
    flag holds, so it does not happen."""
    flag = LockEvent(at(0, 20), day(0), "red flag 2", "Wells 1997", Restriction.ALL_LOADING)
    result = run([session(0, pain=0, hour=18)], [morning(0), morning(1)], lock_events=(flag,))

    assert only(result, 0).rule == "guard.awaiting-next-morning"
    assert not on(result, 1)
    assert result.states == {}


def test_safety_loading_lock_still_lets_pain_step_back() -> None:
    """Rule guard.pain-above-5 wins over the lock: stepping back is always allowed."""
    flag = LockEvent(at(0, 8), day(0), "red flag 2", "Wells 1997", Restriction.ALL_LOADING)
    result = run([session(1, pain=6)], [morning(1)], lock_events=(flag,))

    assert only(result, 1).rule == "guard.pain-above-5"


# --- per exercise and side -------------------------------------------------------------------


def test_decisions_are_per_exercise_and_side() -> None:
    """Double progression is per item: the calf raise at the top moves up while the tib raise
    below the top holds, in the same green session; only the calf raise steps up the next
    morning."""
    items = (calf(reps=12), calf(reps=9, load=5.0, exercise=TIB))
    result = run([session(0, *items, pain=1)], [morning(0), morning(1)])

    assert only(result, 0, CALF).rule == "guard.awaiting-next-morning"
    assert only(result, 1, CALF).verdict is Verdict.PROGRESS
    assert only(result, 0, TIB).rule == "progress.double.reps"
    assert not on(result, 1, TIB)
    assert set(result.states) == {(CALF, LEFT)}


# --- adjust_sessions: the plan shows what changed and why ------------------------------------


def _prescription(exercise: str, *, block: str = "main", sets: int = 3) -> Prescription:
    return Prescription(
        exercise_id=exercise,
        exercise_name=exercise.replace("-", " "),
        side=LEFT,
        sets=sets,
        why=Reason("Planned.", "plan.rule", "Beyer 2015"),
        reps=8,
        reps_max=12,
        load="40 kg",
        minutes=6.0,
        block=block,
    )


def _planned(n: int, kind: SessionKind, *items: Prescription) -> PlannedSession:
    return PlannedSession(
        day=day(n),
        kind=kind,
        title=kind.value,
        items=items,
        week=1,
        why=Reason("Planned day.", "plan.day", "Potach & Chu 2016"),
    )


def test_adjust_sessions_lays_a_progression_over_loaded_work_only() -> None:
    """The plan shows the engine's step up on the strength day's main work, with the rule that
    made it, and leaves warm-ups and mobility days as planned."""
    result = run([session(0, calf(load=40.0), pain=1)], [morning(0), morning(1)])
    strength = _planned(
        2, SessionKind.STRENGTH, _prescription(CALF, block="warm-up"), _prescription(CALF)
    )
    mobility = _planned(3, SessionKind.MOBILITY, _prescription(CALF))

    new_strength, new_mobility = adjust_sessions(
        [strength, mobility], result.states, result.decisions
    )

    warm_up, main = new_strength.items
    assert warm_up == strength.items[0]
    assert main.load.startswith("42 kg")
    assert main.sets == 3
    assert main.why.rule == "progress.double.load"
    assert "load 40 kg → 42 kg" in main.why.text
    assert f"Changed on {day(1).isoformat()}" in main.why.text
    assert new_mobility == mobility


def test_adjust_sessions_shows_a_set_fewer_on_technique_days_after_a_regression() -> None:
    """A painful first session takes a set off the item on the coming technique day, and the
    item says which rule did it."""
    result = run([session(0, calf(), pain=7)], [morning(0)])
    technique = _planned(2, SessionKind.TECHNIQUE, _prescription(CALF), _prescription(TIB))

    (adjusted,) = adjust_sessions([technique], result.states, result.decisions)

    calf_item, tib_item = adjusted.items
    assert calf_item.sets == 2
    assert calf_item.minutes == 4.0
    assert calf_item.why.rule == "guard.pain-above-5"
    assert "one set fewer" in calf_item.why.text
    assert tib_item == technique.items[1]  # no decision about it, no change


def test_weekly_rise_in_morning_pain_holds_a_green_session() -> None:
    """Silbernagel 2007 weekly check: when this week's mornings average more pain or stiffness
    than last week's, no progression this week, even after a green session."""
    from datetime import date, datetime, timedelta

    from anklet.domain.program import SessionKind, SideChoice
    from anklet.domain.progression import Verdict, replay
    from anklet.domain.training_log import Baseline, CheckIn, LoggedItem, SessionLog

    start = date(2026, 3, 2)
    mornings = [
        CheckIn(
            start + timedelta(days=d),
            morning_pain=1 if d < 7 else 2,
            stiffness=1,
            recorded_at=datetime(2026, 3, 2, 7) + timedelta(days=d),
        )
        for d in range(14)
    ]
    item = LoggedItem(
        "tempo-heel-raise", SideChoice.BOTH, 3, 15, 20, None, 10.0, 3, 20, load_kg=10.0
    )
    log = SessionLog(
        start + timedelta(days=13),
        SessionKind.STRENGTH,
        (item,),
        pain_during=1,
        recorded_at=datetime(2026, 3, 15, 18),
    )
    # A baseline of 2 keeps every single morning "at baseline": only the trend speaks.
    result = replay([log], mornings, baseline=Baseline(2, 1, "set"))
    assert [(d.verdict, d.rule) for d in result.decisions] == [(Verdict.HOLD, "guard.weekly-rise")]


def test_a_weekly_rise_two_weeks_running_steps_back() -> None:
    """Silbernagel 2007: higher two weeks running → regress one step."""
    from datetime import date, datetime, timedelta

    from anklet.domain.program import SessionKind, SideChoice
    from anklet.domain.progression import Verdict, replay
    from anklet.domain.training_log import Baseline, CheckIn, LoggedItem, SessionLog

    start = date(2026, 3, 2)
    mornings = [
        CheckIn(
            start + timedelta(days=d),
            morning_pain=d // 7,
            stiffness=1,
            recorded_at=datetime(2026, 3, 2, 7) + timedelta(days=d),
        )
        for d in range(21)
    ]
    item = LoggedItem(
        "tempo-heel-raise", SideChoice.BOTH, 3, 15, 20, None, 10.0, 3, 20, load_kg=10.0
    )
    log = SessionLog(
        start + timedelta(days=20),
        SessionKind.STRENGTH,
        (item,),
        pain_during=1,
        recorded_at=datetime(2026, 3, 22, 18),
    )
    result = replay([log], mornings, baseline=Baseline(2, 1, "set"))
    assert [(d.verdict, d.rule) for d in result.decisions] == [
        (Verdict.REGRESS, "guard.weekly-rise-two-weeks")
    ]


def _mobility(
    n: int,
    *,
    pain: int = 1,
    sharp_pain: bool = False,
    swelling: bool = False,
    unusual_tightness: bool = False,
) -> SessionLog:
    """A mobility session: its items never progress by load."""
    item = LoggedItem(
        exercise_id="kneeling-ankle-rock",
        side=LEFT,
        target_sets=2,
        target_reps=10,
        target_reps_max=None,
        target_hold_s=None,
        target_load_kg=None,
        sets_done=2,
        reps_done=10,
    )
    return SessionLog(
        day=day(n),
        kind=SessionKind.MOBILITY,
        items=(item,),
        pain_during=pain,
        sharp_pain=sharp_pain,
        swelling=swelling,
        unusual_tightness=unusual_tightness,
    )


def test_warning_signs_or_pain_above_5_in_a_mobility_session_lock_loading_too() -> None:
    """The article's "if you experience sharp pain, swelling, or unusual tightness, pause the
    program" and the red-flag questions whenever pain is logged above 5/10 hold whatever the
    session: a mobility day that brings them locks loading as a strength day does, with the
    same rule; a calm mobility day decides nothing."""
    cases = {
        "sharp pain": (_mobility(1, sharp_pain=True), "guard.warning-signs-log", Verdict.REFER),
        "swelling": (_mobility(1, swelling=True), "guard.warning-signs-log", Verdict.REFER),
        "unusual tightness": (
            _mobility(1, unusual_tightness=True),
            "guard.warning-signs-log",
            Verdict.REFER,
        ),
        "pain 6/10": (_mobility(1, pain=6), "guard.rescreen", Verdict.PAUSE),
    }
    for name, (log, rule, verdict) in cases.items():
        result = run([session(0), log], [morning(1)])
        locks = [e for e in result.lock_events if e.on == day(1)]
        assert locks, f"{name} in a mobility session locked nothing"
        assert loading_lock(list(result.lock_events), []).locked, name
        found = [d for d in result.decisions if d.day == day(1) and d.rule == rule]
        assert found and found[0].verdict is verdict, name
    calm = run([session(0), _mobility(1, pain=5)], [morning(1)])
    assert not [d for d in calm.decisions if d.origin == "log:mobility"]
    assert not calm.lock_events
