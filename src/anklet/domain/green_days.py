"""Green days: the tendon-load guard day by day, as every "guard green" gate reads it.

A calendar day is green when it has a morning check-in with pain and stiffness at or below
the baseline, every session logged that day had pain during of at most 3/10, and no guard
decision fell on it: no hold for pain, no step back, no pause, no referral. A hold that only
asks for more reps before more load does not count against the day. A day without a check-in
is not green: unknown is not safe (Silbernagel 2007 pain-monitoring model [S]; the 3/10 cut-off
and the day rule are derived [D]).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from anklet.domain.progression import SETBACKS, Decision, Verdict
from anklet.domain.training_log import Baseline, CheckIn, SessionFacts

GREEN_SESSION_MAX_PAIN = 3  # pain during of at most 3/10 (zones 0-3) [D]
# Holds that say the pain or the mornings were too high: they make a day not green.
PAIN_HOLD_RULES = frozenset({"guard.pain-4-5", "guard.morning-above-baseline", "guard.weekly-rise"})
GREEN_STREAK_MAX_DAYS = 90  # the longest streak any gate asks about (GateMetric range)
GREEN_SOURCE = "Silbernagel 2007 pain-monitoring model [S]; green-day rule [D]"


@dataclass(frozen=True)
class GuardDays:
    """The history a green-day question needs, indexed by day."""

    mornings: dict[date, CheckIn]
    session_pain: dict[date, int]  # the highest pain during of the day's logged sessions
    spoiled: frozenset[date]  # days a guard decision fell on
    baseline: Baseline | None


def guard_days(
    check_ins: Iterable[CheckIn],
    logs: Iterable[SessionFacts],
    decisions: Iterable[Decision],
    baseline: Baseline | None,
) -> GuardDays:
    pain: dict[date, int] = {}
    for log in logs:
        pain[log.day] = max(pain.get(log.day, 0), log.pain_during)
    return GuardDays(
        mornings={c.day: c for c in check_ins},
        session_pain=pain,
        spoiled=frozenset(d.day for d in decisions if spoils_the_day(d)),
        baseline=baseline,
    )


def spoils_the_day(decision: Decision) -> bool:
    if decision.verdict in SETBACKS:
        return True
    return decision.verdict is Verdict.HOLD and decision.rule in PAIN_HOLD_RULES


def is_green(day: date, days: GuardDays) -> bool:
    morning = days.mornings.get(day)
    if morning is None or days.baseline is None or morning.warning_signs:
        return False
    if (
        morning.morning_pain > days.baseline.morning_pain
        or morning.stiffness > days.baseline.stiffness
    ):
        return False
    if days.session_pain.get(day, 0) > GREEN_SESSION_MAX_PAIN:
        return False
    return day not in days.spoiled


def green_streak(today: date, days: GuardDays) -> int:
    """Green days in a row ending today (today included: check in first)."""
    streak = 0
    while streak < GREEN_STREAK_MAX_DAYS and is_green(today - timedelta(days=streak), days):
        streak += 1
    return streak


def all_green(first: date, last: date, days: GuardDays) -> list[date]:
    """The days from `first` to `last` that are NOT green (empty when all are)."""
    count = (last - first).days + 1
    return [d for d in (first + timedelta(days=n) for n in range(count)) if not is_green(d, days)]


def highest_session_pain(logs: Sequence[SessionFacts], today: date, days: int) -> int | None:
    """The highest pain during of the sessions logged in the `days` days ending today."""
    first = today - timedelta(days=days - 1)
    pains = [log.pain_during for log in logs if first <= log.day <= today]
    return max(pains, default=None)
