"""What is kept per athlete on every write, so that no read replays the history.

`KeptState` is the engine part-way through the history (trimmed to the windows its rules
read) and the flags a coach reads first, as of the write. It is derived, never a source:
a rebuild from the history gives it again, and a property test holds the kept state of any
sequence of writes equal to a rebuild (tests/services/test_kept_state.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from anklet.domain.assessment import Assessment
from anklet.domain.coach_flags import Flag
from anklet.domain.progression import KEEP_DECISIONS_DAYS, EngineRun, Verdict
from anklet.domain.safety import LoadingLock
from anklet.domain.technique import HEEL_RAISE_RETEST_DAYS, LUNGE_RETEST_DAYS

__all__ = ["CaseFlags", "KeptState", "case_flags"]


RED_FLAG_WEIGHT = 100  # above any number of other flags (there are at most 7)
LOCKED_WEIGHT = 10


@dataclass(frozen=True)
class CaseFlags:
    """The coach's flags of one athlete as of a day, with the dates a caseload needs to say
    which of them still hold on a later day without reading the history again."""

    as_of: date
    flags: tuple[Flag, ...]
    locked: bool
    red_flag: bool
    last_activity_on: date | None  # the newest session or morning check-in
    # The newest step back of the week before the run's last day (older ones are trimmed
    # from a kept run, so a kept and a replayed run only agree that far back; the caseload
    # asks only whether there was one this week).
    last_regression_on: date | None
    lunge_due_on: date | None  # the next lunge re-test (last test + its interval)
    heel_raise_due_on: date | None

    @property
    def count(self) -> int:
        return len(self.flags)

    def has(self, code: str) -> bool:
        return any(f.code == code for f in self.flags)

    @property
    def attention(self) -> int:
        """Who a coach reads first: a red flag before a lock before the number of flags."""
        return RED_FLAG_WEIGHT * self.red_flag + LOCKED_WEIGHT * self.locked + self.count


@dataclass(frozen=True)
class KeptState:
    version: int  # the athlete's history version this state was kept at
    run: EngineRun
    decision_count: int  # decisions stored so far (the run keeps only recent ones)
    flags: CaseFlags


def case_flags(
    *,
    today: date,
    flags: Sequence[Flag],
    lock: LoadingLock,
    run: EngineRun,
    assessments: Sequence[Assessment],
    last_activity_on: date | None,
) -> CaseFlags:
    # Only as far back as every kept run holds its decisions (progression.trimmed), so the
    # date is the same however the run was walked: a replay holds every decision, a kept
    # run those of the pause window before its last day.
    since = run.last_key[0] - timedelta(days=KEEP_DECISIONS_DAYS) if run.last_key else date.min
    regressions = [d.day for d in run.decisions if d.verdict is Verdict.REGRESS and d.day >= since]
    return CaseFlags(
        as_of=today,
        flags=tuple(flags),
        locked=lock.locked,
        red_flag=any(f.code == "red-flag" for f in flags),
        last_activity_on=last_activity_on,
        last_regression_on=max(regressions, default=None),
        lunge_due_on=_due(assessments, lunge=True),
        heel_raise_due_on=_due(assessments, lunge=False),
    )


def _due(assessments: Sequence[Assessment], *, lunge: bool) -> date | None:
    days = [a.taken_on for a in assessments if (a.has_lunge if lunge else a.has_heel_raise)]
    if not days:
        return None
    interval = LUNGE_RETEST_DAYS if lunge else HEEL_RAISE_RETEST_DAYS
    return max(days) + timedelta(days=interval)
