"""What was done and how it felt: session logs (target next to actual) and morning check-ins.

docs/architecture.md, rule 5: a logged item keeps what was prescribed beside what was done, so every
decision the engine makes can be audited afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from statistics import median
from typing import Protocol

from anklet.domain.errors import InvalidValue, Problems
from anklet.domain.program import SessionKind, SideChoice
from anklet.domain.units import PAIN_0_10, Range, check_not_future, check_text

SETS_DONE = Range(0, 20, "sets")
REPS_DONE = Range(0, 150, "reps")
HOLD_S_DONE = Range(0, 600, "s")
LOAD_KG = Range(0, 500, "kg")
RPE = Range(1, 10, "(RPE, 10 = maximal effort)")
RIR = Range(0, 10, "reps in reserve")
NOTES_MAX_CHARS = 1000
BASELINE_CHECK_INS = 3  # the first three mornings set the baseline [D]


@dataclass(frozen=True)
class LoggedItem:
    """One prescription of the day and what was actually done."""

    exercise_id: str
    side: SideChoice
    target_sets: int
    target_reps: int | None
    target_reps_max: int | None
    target_hold_s: int | None
    target_load_kg: float | None
    sets_done: int
    reps_done: int | None = None
    hold_s_done: int | None = None
    load_kg: float | None = None
    skipped: bool = False
    # The prescription as it was shown ("3 × 10-20 reps, tempo 3-1-2; 10 kg") and its rule:
    # the log stays readable whatever the plan becomes.
    prescribed: str = ""
    prescribed_rule: str = ""

    @property
    def reached_top(self) -> bool:
        """Every set reached the top of the repetition range (double progression, 4.1)."""
        top = self.target_reps_max or self.target_reps
        return (
            not self.skipped
            and top is not None
            and self.reps_done is not None
            and self.reps_done >= top
            and self.sets_done >= self.target_sets
        )


class SessionFacts(Protocol):
    """What adherence, the green days and the gates' recent pain read of a logged session:
    a whole SessionLog, or a LoggedSession read without its items."""

    @property
    def day(self) -> date: ...

    @property
    def kind(self) -> SessionKind: ...

    @property
    def pain_during(self) -> int: ...


@dataclass(frozen=True)
class LoggedSession:
    """A session log without its items: a window of these costs a row each, not the rows of
    every exercise done (the situation's 90-day window needs nothing more)."""

    day: date
    kind: SessionKind
    pain_during: int


@dataclass(frozen=True)
class SessionLog:
    day: date
    kind: SessionKind
    items: tuple[LoggedItem, ...]
    pain_during: int
    rpe: int | None = None
    rir: int | None = None
    notes: str = ""
    id: int | None = None
    recorded_at: datetime | None = None
    # The article's warning signs, asked with every session as well as every morning.
    sharp_pain: bool = False
    swelling: bool = False
    unusual_tightness: bool = False
    plan_id: int | None = None  # the plan it was done against
    # One more on every stored change of this log: a change made on an older version is
    # refused (optimistic concurrency), so two devices editing one session never lose one.
    version: int = 1

    @property
    def loaded(self) -> bool:
        return self.kind in (SessionKind.STRENGTH, SessionKind.TECHNIQUE)

    @property
    def warning_signs(self) -> tuple[str, ...]:
        return _signs(self.sharp_pain, self.swelling, self.unusual_tightness)


@dataclass(frozen=True)
class CheckIn:
    """The next-morning check (the tendon-load guard, after Silbernagel 2007): pain and
    stiffness 0-10 and the warning signs the article names (sharp pain, swelling, unusual
    tightness)."""

    day: date
    morning_pain: int
    stiffness: int
    sharp_pain: bool = False
    swelling: bool = False
    unusual_tightness: bool = False
    id: int | None = None
    recorded_at: datetime | None = None
    version: int = 1  # one more on every stored change (as SessionLog.version)

    @property
    def warning_signs(self) -> tuple[str, ...]:
        return _signs(self.sharp_pain, self.swelling, self.unusual_tightness)


def _signs(sharp_pain: bool, swelling: bool, unusual_tightness: bool) -> tuple[str, ...]:
    signs = (
        ("sharp pain", sharp_pain),
        ("swelling", swelling),
        ("unusual tightness", unusual_tightness),
    )
    return tuple(name for name, present in signs if present)


@dataclass(frozen=True)
class Baseline:
    morning_pain: float
    stiffness: float
    basis: str  # "set by you on DATE" or "median of your first N check-ins"
    # How many times the athlete set it (0: never, the first mornings give it): setting it
    # again names the version it replaces, and one set elsewhere meanwhile is refused. Not
    # part of the value: two baselines of the same numbers and basis are the same baseline.
    version: int = field(default=0, compare=False)


def baseline_from(check_ins: Sequence[CheckIn], explicit: Baseline | None) -> Baseline | None:
    """An explicit baseline wins; otherwise the median of the first three mornings [D]."""
    if explicit is not None:
        return explicit
    first = sorted(check_ins, key=lambda c: (c.day, c.recorded_at or datetime.min))
    first = first[:BASELINE_CHECK_INS]
    if not first:
        return None
    return Baseline(
        morning_pain=median(c.morning_pain for c in first),
        stiffness=median(c.stiffness for c in first),
        basis=f"median of your first {len(first)} morning check-in(s)",
    )


def validate_check_in(check_in: CheckIn, today: date) -> CheckIn:
    """Every bad value is reported at once (InvalidValues)."""
    problems = Problems()
    problems.check(lambda: check_not_future("date", check_in.day, today), check_in.day)
    problems.check(lambda: PAIN_0_10.check_int("morning_pain", check_in.morning_pain), 0)
    problems.check(lambda: PAIN_0_10.check_int("stiffness", check_in.stiffness), 0)
    problems.raise_if_any()
    return check_in


def check_log_values(
    problems: Problems,
    *,
    pain: int,
    rpe: int | None,
    rir: int | None,
    notes: str,
) -> None:
    """The values typed for a whole session, each checked against its range."""
    problems.check(lambda: PAIN_0_10.check_int("pain", pain), 0)
    if rpe is not None:
        problems.check(lambda: RPE.check_int("rpe", rpe), 0)
    if rir is not None:
        problems.check(lambda: RIR.check_int("rir", rir), 0)
    problems.check(lambda: check_notes(notes), "")


def check_notes(notes: str) -> str:
    """A session's notes: at most NOTES_MAX_CHARS characters of storable text."""
    if len(notes) > NOTES_MAX_CHARS:
        raise InvalidValue("notes", f"{len(notes)} characters", f"at most {NOTES_MAX_CHARS}")
    return check_text("notes", notes, f"at most {NOTES_MAX_CHARS} characters")


def check_item_values(
    problems: Problems,
    name: str,
    *,
    sets: int | None,
    reps: int | None,
    hold_s: int | None,
    load_kg: float | None,
) -> None:
    """The values typed for one item (`name` is exercise:side), each against its range."""
    if sets is not None:
        problems.check(lambda: SETS_DONE.check_int(f"sets ({name})", sets), 0)
    if reps is not None:
        problems.check(lambda: REPS_DONE.check_int(f"reps ({name})", reps), 0)
    if hold_s is not None:
        problems.check(lambda: HOLD_S_DONE.check_int(f"hold_s ({name})", hold_s), 0)
    if load_kg is not None:
        problems.check(lambda: LOAD_KG.check(f"load_kg ({name})", load_kg), 0.0)


def validate_log(log: SessionLog, today: date) -> SessionLog:
    """Every bad value is reported at once (InvalidValues)."""
    problems = Problems()
    problems.check(lambda: check_not_future("date", log.day, today), log.day)
    check_log_values(problems, pain=log.pain_during, rpe=log.rpe, rir=log.rir, notes=log.notes)
    for item in log.items:
        check_item_values(
            problems,
            f"{item.exercise_id}:{item.side.value}",
            sets=item.sets_done,
            reps=item.reps_done,
            hold_s=item.hold_s_done,
            load_kg=item.load_kg,
        )
    problems.raise_if_any()
    return log
