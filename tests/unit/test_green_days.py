"""Green days (the tendon-load guard day by day) and the newest result of each test.

A green day has a morning check-in at or below the baseline, sessions at pain 3/10 or less
and no guard decision (a hold for pain, a step back, a pause, a referral). Unknown is not
safe: no check-in, no baseline, no green.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from anklet.domain.assessment import Assessment, HeelRaiseProtocol, LungeMethod, SideResult
from anklet.domain.exercise_gates import GateFacts, is_open
from anklet.domain.green_days import all_green, green_streak, guard_days, is_green
from anklet.domain.latest_results import latest_results
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.progression import Decision, Verdict, replay
from anklet.domain.training_log import Baseline, CheckIn, SessionLog
from anklet.importers.catalogue import load_catalogue

DAY = date(2026, 6, 15)
BASELINE = Baseline(morning_pain=1, stiffness=1, basis="set")
POGO = load_catalogue().get("pogo-hop")


def _morning(
    day: date,
    pain: int = 1,
    *,
    sharp_pain: bool = False,
    swelling: bool = False,
    unusual_tightness: bool = False,
) -> CheckIn:
    return CheckIn(
        day,
        morning_pain=pain,
        stiffness=1,
        sharp_pain=sharp_pain,
        swelling=swelling,
        unusual_tightness=unusual_tightness,
    )


def _log(day: date, pain: int) -> SessionLog:
    return SessionLog(day, SessionKind.STRENGTH, (), pain_during=pain)


def _decision(day: date, verdict: Verdict, rule: str) -> Decision:
    return Decision(day, verdict, "x", SideChoice.LEFT, rule, "why", "source")


def test_a_settled_morning_and_a_gentle_session_make_a_green_day() -> None:
    days = guard_days([_morning(DAY)], [_log(DAY, 3)], [], BASELINE)
    assert is_green(DAY, days)


def test_no_check_in_no_baseline_or_warning_signs_are_never_green() -> None:
    assert not is_green(DAY, guard_days([], [_log(DAY, 0)], [], BASELINE))
    assert not is_green(DAY, guard_days([_morning(DAY)], [], [], None))
    assert not is_green(DAY, guard_days([_morning(DAY, swelling=True)], [], [], BASELINE))
    assert not is_green(DAY, guard_days([_morning(DAY, pain=2)], [], [], BASELINE))


def test_pain_4_in_a_session_or_a_guard_decision_spoils_the_day() -> None:
    assert not is_green(DAY, guard_days([_morning(DAY)], [_log(DAY, 4)], [], BASELINE))
    for verdict, rule in (
        (Verdict.HOLD, "guard.pain-4-5"),
        (Verdict.HOLD, "guard.morning-above-baseline"),
        (Verdict.REGRESS, "guard.pain-above-5"),
        (Verdict.PAUSE, "guard.two-regressions-in-7-days"),
        (Verdict.REFER, "guard.warning-signs"),
    ):
        days = guard_days([_morning(DAY)], [], [_decision(DAY, verdict, rule)], BASELINE)
        assert not is_green(DAY, days), rule


def test_a_hold_that_only_asks_for_more_reps_leaves_the_day_green() -> None:
    for rule in ("progress.double.reps", "guard.awaiting-next-morning", "progress.skipped"):
        days = guard_days([_morning(DAY)], [], [_decision(DAY, Verdict.HOLD, rule)], BASELINE)
        assert is_green(DAY, days), rule


def test_the_streak_counts_back_from_today_and_stops_at_the_first_gap() -> None:
    mornings = [_morning(DAY - timedelta(days=n)) for n in range(10) if n != 4]
    days = guard_days(mornings, [], [], BASELINE)
    assert green_streak(DAY, days) == 4
    assert all_green(DAY - timedelta(days=6), DAY, days) == [DAY - timedelta(days=4)]


@st.composite
def _histories(draw: st.DrawFn) -> tuple[list[CheckIn], list[SessionLog]]:
    mornings, logs = [], []
    for offset in range(14):
        day = DAY - timedelta(days=offset)
        if draw(st.booleans()):
            pain = draw(st.integers(0, 3))
            mornings.append(_morning(day, pain=pain, swelling=draw(st.booleans()) and pain > 2))
        if draw(st.booleans()):
            logs.append(_log(day, draw(st.integers(0, 7))))
    return mornings, logs


@settings(max_examples=150, deadline=None)
@given(_histories())
def test_no_gate_opens_unless_the_last_seven_days_were_each_green(
    history: tuple[list[CheckIn], list[SessionLog]],
) -> None:
    """Whatever the history, pogo hops (which ask for 7 green days) open only when each of
    the last 7 calendar days, today included, is green by the day rule."""
    mornings, logs = history
    result = replay(logs, mornings, baseline=BASELINE)
    days = guard_days(mornings, logs, result.decisions, BASELINE)
    facts = GateFacts(
        heel_raise_reps_left=30,
        heel_raise_reps_right=30,
        single_leg_stance_s_left=40,
        single_leg_stance_s_right=40,
        recent_pain=0,
        green_days=green_streak(DAY, days),
    )
    assert POGO is not None
    if is_open(POGO, facts):
        assert all_green(DAY - timedelta(days=6), DAY, days) == []


# --- the newest result of each test -------------------------------------------------------


def test_the_newest_result_of_each_test_and_side_is_kept_across_assessments() -> None:
    full = Assessment(
        DAY - timedelta(days=30),
        left=SideResult(lunge=9, heel_raise_reps=14, single_leg_stance_s=20, pain=2),
        right=SideResult(lunge=11, heel_raise_reps=25, single_leg_stance_s=30),
    )
    lunge_only = Assessment(DAY, left=SideResult(lunge=10.5), right=SideResult(lunge=11.5))
    latest = latest_results([full, lunge_only])
    assert latest is not None and latest.taken_on == DAY
    assert (latest.left.lunge, latest.left.heel_raise_reps) == (10.5, 14)
    assert latest.left.single_leg_stance_s == 20 and latest.right.heel_raise_reps == 25
    assert latest.left.pain == 2, "the pain of the test the calf result comes from"


def test_results_of_another_method_never_fill_in() -> None:
    """A tape lunge never fills in for an angle, an unpaced heel raise never for a paced one."""
    tape = Assessment(DAY - timedelta(days=9), left=SideResult(lunge=9, heel_raise_reps=30))
    angle = Assessment(
        DAY,
        right=SideResult(lunge=38.0, heel_raise_reps=20),
        lunge_method=LungeMethod.ANGLE_DEG,
        heel_raise_protocol=HeelRaiseProtocol.UNPACED,
    )
    latest = latest_results([tape, angle])
    assert latest is not None and latest.lunge_method is LungeMethod.ANGLE_DEG
    assert latest.left.lunge is None and latest.right.lunge == 38.0
    assert latest.heel_raise_protocol is HeelRaiseProtocol.UNPACED
    assert latest.left.heel_raise_reps is None


def test_no_assessment_no_result() -> None:
    assert latest_results([]) is None
