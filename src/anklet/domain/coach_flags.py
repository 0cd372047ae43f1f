"""The flags a coach reads first: who needs attention, and why, from one athlete's situation.

Each flag is a plain fact with its reason, derived from the same situation every view reads
(domain.day_plan), so the caseload of a coach and the athlete's own status cannot disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from anklet.domain.assessment import Assessment
from anklet.domain.progression import Decision, Verdict
from anklet.domain.running_load import LoadWarning, flag_reason
from anklet.domain.safety import LoadingLock
from anklet.domain.technique import HEEL_RAISE_RETEST_DAYS, LUNGE_RETEST_DAYS
from anklet.domain.training_log import CheckIn

ADHERENCE_FLAG_BELOW_PERCENT = 80.0  # plateau rules ask for at least 80 % (derived) [D]
TREND_MIN_MORNINGS = 3  # a weekly average needs at least three mornings [D]
WEEK_DAYS = 7


@dataclass(frozen=True)
class Flag:
    code: str  # locked, red-flag, regressions-this-week, mornings-rising, running-load ...
    reason: str


def coach_flags(
    *,
    today: date,
    lock: LoadingLock,
    decisions: Sequence[Decision],
    mornings: Mapping[date, CheckIn],
    assessments: Sequence[Assessment],
    adherence_28_percent: float | None,
    plateaus: int,
    running: Sequence[LoadWarning] = (),
) -> tuple[Flag, ...]:
    """Every flag that holds today, most urgent first."""
    flags = []
    red = [e for e in lock.events if e.key.startswith("screening:") and ":q" in e.key]
    if red:
        flags.append(Flag("red-flag", "; ".join(e.reason for e in red)))
    if lock.locked:
        flags.append(Flag("locked", lock.reason))
    week_ago = today - timedelta(days=WEEK_DAYS - 1)
    regressions = [d for d in decisions if d.verdict is Verdict.REGRESS and week_ago <= d.day]
    if regressions:
        flags.append(
            Flag("regressions-this-week", f"{len(regressions)} step-back(s) in the last 7 days")
        )
    rising = _rising(today, mornings)
    if rising:
        flags.append(Flag("mornings-rising", rising))
    overdue = _overdue(today, assessments)
    if overdue:
        flags.append(Flag("retest-overdue", overdue))
    if adherence_28_percent is not None and adherence_28_percent < ADHERENCE_FLAG_BELOW_PERCENT:
        flags.append(
            Flag(
                "adherence-low",
                f"{adherence_28_percent:g} % of the sessions of the last 4 weeks done "
                f"(below {ADHERENCE_FLAG_BELOW_PERCENT:g} %)",
            )
        )
    if plateaus:
        flags.append(Flag("plateau", f"{plateaus} test(s) without a real change: a plateau"))
    if running:
        flags.append(Flag("running-load", flag_reason(running)))
    return tuple(flags)


def _average(mornings: Mapping[date, CheckIn], last: date) -> tuple[float, float] | None:
    found = [m for n in range(WEEK_DAYS) if (m := mornings.get(last - timedelta(days=n)))]
    if len(found) < TREND_MIN_MORNINGS:
        return None
    return (
        sum(m.morning_pain for m in found) / len(found),
        sum(m.stiffness for m in found) / len(found),
    )


def _rising(today: date, mornings: Mapping[date, CheckIn]) -> str:
    """This week's average morning pain or stiffness above last week's (Silbernagel 2007
    weekly rule [S])."""
    now, before = _average(mornings, today), _average(mornings, today - timedelta(days=7))
    if now is None or before is None:
        return ""
    rises = [
        f"{name} {b:.1f} → {n:.1f}"
        for name, n, b in (("pain", now[0], before[0]), ("stiffness", now[1], before[1]))
        if n > b
    ]
    return "mornings rising week on week: " + ", ".join(rises) if rises else ""


def _overdue(today: date, assessments: Sequence[Assessment]) -> str:
    lunges = [a.taken_on for a in assessments if a.has_lunge]
    heels = [a.taken_on for a in assessments if a.has_heel_raise]
    late = []
    if lunges and (today - max(lunges)).days > LUNGE_RETEST_DAYS:
        late.append(f"lunge last tested {max(lunges).isoformat()} (every {LUNGE_RETEST_DAYS} days)")
    if heels and (today - max(heels)).days > HEEL_RAISE_RETEST_DAYS:
        late.append(
            f"heel raise last tested {max(heels).isoformat()} (every {HEEL_RAISE_RETEST_DAYS} days)"
        )
    return "; ".join(late)
