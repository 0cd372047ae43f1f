"""The flags a coach reads first (domain.coach_flags), each from the situation's plain facts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from anklet.domain.assessment import Assessment, SideResult
from anklet.domain.coach_flags import coach_flags
from anklet.domain.program import SideChoice
from anklet.domain.progression import Decision, Verdict
from anklet.domain.safety import LoadingLock, LockEvent
from anklet.domain.screening import Restriction
from anklet.domain.training_log import CheckIn

TODAY = date(2026, 6, 28)
CLOT = LockEvent(
    datetime(2026, 6, 27, 9),
    date(2026, 6, 27),
    "red flag 2 (same-day): a possible blood clot in the leg (DVT)",
    "Wells 1997 [V]",
    Restriction.ALL_LOADING,
    key="screening:4:q2",
    rule="screening.red-flag-2",
)


def _flags(**changes: object) -> set[str]:
    facts: dict[str, object] = {
        "today": TODAY,
        "lock": LoadingLock(()),
        "decisions": (),
        "mornings": {},
        "assessments": (),
        "adherence_28_percent": 90.0,
        "plateaus": 0,
    }
    facts |= changes
    return {f.code for f in coach_flags(**facts)}  # type: ignore[arg-type]


def test_a_calm_athlete_raises_no_flag() -> None:
    assert _flags() == set()


def test_a_red_flag_lock_is_both_red_flag_and_locked() -> None:
    assert _flags(lock=LoadingLock((CLOT,))) == {"red-flag", "locked"}


def test_a_step_back_this_week_is_flagged_and_one_last_month_is_not() -> None:
    def back(days_ago: int) -> Decision:
        day = TODAY - timedelta(days=days_ago)
        return Decision(day, Verdict.REGRESS, "x", SideChoice.LEFT, "guard.pain-above-5", "", "")

    assert _flags(decisions=(back(2),)) == {"regressions-this-week"}
    assert _flags(decisions=(back(20),)) == set()


def test_mornings_rising_week_on_week() -> None:
    def week(pain: int, last: date) -> dict[date, CheckIn]:
        return {
            last - timedelta(days=n): CheckIn(last - timedelta(days=n), pain, 1) for n in range(7)
        }

    mornings = week(1, TODAY - timedelta(days=7)) | week(3, TODAY)
    assert _flags(mornings=mornings) == {"mornings-rising"}
    assert _flags(mornings=week(1, TODAY - timedelta(days=7)) | week(1, TODAY)) == set()


def test_a_lunge_older_than_two_weeks_is_overdue_and_low_adherence_is_flagged() -> None:
    old = Assessment(TODAY - timedelta(days=15), left=SideResult(lunge=10))
    assert _flags(assessments=(old,)) == {"retest-overdue"}
    assert _flags(adherence_28_percent=75.0, plateaus=1) == {"adherence-low", "plateau"}
