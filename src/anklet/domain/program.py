"""The program: a dated plan of phases, weeks, sessions and prescriptions, each with its reason.

`generation.generate_plan` builds it; storage keeps it; the engine (issue 5) will change future
sessions and say why. A prescription is the target a logged set is later compared with.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from anklet.domain.errors import InvalidValue
from anklet.domain.evidence import flag_unverified

PLAN_WEEKS_MIN = 4
PLAN_WEEKS_MAX = 16
PLAN_WEEKS_DEFAULT = 8
START_WINDOW_DAYS = 90  # a plan starts at most this many days before or after today


class SessionKind(StrEnum):
    MOBILITY = "mobility"
    STRENGTH = "strength"
    TECHNIQUE = "technique"
    RETEST = "retest"
    REST = "rest"


class SideChoice(StrEnum):
    """Which ankle an item is for; `both` is a two-legged or an alternating exercise."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


@dataclass(frozen=True)
class Reason:
    """Why: a sentence a user reads, the id of the rule that fired, and its source.

    A [U] source makes the text say "unverified" (evidence.flag_unverified, idempotent), so a
    reason rebuilt from a stored or copied one is equal to it.
    """

    text: str
    rule: str
    source: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", flag_unverified(self.text, self.source))


@dataclass(frozen=True)
class Prescription:
    exercise_id: str
    exercise_name: str
    side: SideChoice
    sets: int
    why: Reason
    reps: int | None = None
    reps_max: int | None = None
    hold_s: int | None = None
    distance_m: int | None = None
    tempo: str | None = None
    rest_s: int = 0
    load: str = "body weight"
    minutes: float = 1.0
    block: str = "main"  # "warm-up" or "main"

    def describe(self) -> str:
        """'3 × 15-20 reps, tempo 3-0-3' and the like, for tables and calendars."""
        amount = []
        if self.reps is not None:
            top = f"-{self.reps_max}" if self.reps_max and self.reps_max != self.reps else ""
            amount.append(f"{self.reps}{top} {'rep' if self.reps == 1 and not top else 'reps'}")
        if self.hold_s is not None:
            amount.append(f"{self.hold_s} s hold")
        if self.distance_m is not None:
            amount.append(f"{self.distance_m} m")
        text = f"{self.sets} × {' + '.join(amount) or 'set'}"
        if self.tempo:
            text += f", tempo {self.tempo}"
        if self.rest_s:
            text += f", rest {self.rest_s} s"
        return text


@dataclass(frozen=True)
class PlannedSession:
    day: date
    kind: SessionKind
    title: str
    items: tuple[Prescription, ...]
    week: int
    why: Reason

    @property
    def minutes(self) -> float:
        return round(sum(item.minutes for item in self.items), 1)


@dataclass(frozen=True)
class Phase:
    """A block of weeks at one rung of the ladder per side (stages 1-4, see exercises.Stage)."""

    name: str
    first_week: int
    last_week: int
    stage_left: int
    stage_right: int
    why: Reason


@dataclass(frozen=True)
class PlanSummary:
    """One stored plan without its sessions: a line of the plan history."""

    id: int
    created_at: datetime
    start: date
    weeks: int
    superseded_at: datetime | None  # None for the current plan


@dataclass(frozen=True)
class Revision:
    """What changed the plan as it is lived, on which day and why (a lock, a clearance, a
    gate that opened, a stage held or earned, a re-test, a plateau)."""

    day: date
    why: Reason


@dataclass(frozen=True)
class Plan:
    start: date
    weeks: int
    phases: tuple[Phase, ...]
    sessions: tuple[PlannedSession, ...]
    notes: tuple[Reason, ...]  # what the athlete must know first: a lock, missing tests ...
    deload_weeks: tuple[int, ...]
    locked: bool = False
    # Derived when the plan is shown as lived (domain.revisions), never stored.
    revisions: tuple[Revision, ...] = ()

    @property
    def end(self) -> date:
        """The last day of the plan."""
        return self.start + timedelta(days=7 * self.weeks - 1)

    def week_of(self, day: date) -> int | None:
        """The plan week (1-based) that holds `day`, or None outside the plan."""
        if not self.start <= day <= self.end:
            return None
        return (day - self.start).days // 7 + 1

    def on(self, day: date) -> tuple[PlannedSession, ...]:
        return tuple(session for session in self.sessions if session.day == day)

    def in_week(self, week: int) -> tuple[PlannedSession, ...]:
        return tuple(session for session in self.sessions if session.week == week)

    def phase_of(self, week: int) -> Phase | None:
        for phase in self.phases:
            if phase.first_week <= week <= phase.last_week:
                return phase
        return None

    def days(self) -> Iterator[date]:
        for offset in range(7 * self.weeks):
            yield self.start + timedelta(days=offset)


def check_start(start: date, today: date) -> date:
    earliest = today - timedelta(days=START_WINDOW_DAYS)
    latest = today + timedelta(days=START_WINDOW_DAYS)
    if not earliest <= start <= latest:
        raise InvalidValue(
            "start",
            start.isoformat(),
            f"a date from {earliest.isoformat()} to {latest.isoformat()}",
        )
    return start
