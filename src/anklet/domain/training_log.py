"""What was done and how it felt: session logs (target next to actual) and morning check-ins.

docs/architecture.md, rule 5: a logged item keeps what was prescribed beside what was done, so every
decision the engine makes can be audited afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from anklet.domain.errors import InvalidValue
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
    check_not_future("date", check_in.day, today)
    PAIN_0_10.check_int("morning_pain", check_in.morning_pain)
    PAIN_0_10.check_int("stiffness", check_in.stiffness)
    return check_in


def validate_log(log: SessionLog, today: date) -> SessionLog:
    check_not_future("date", log.day, today)
    PAIN_0_10.check_int("pain", log.pain_during)
    if log.rpe is not None:
        RPE.check_int("rpe", log.rpe)
    if log.rir is not None:
        RIR.check_int("rir", log.rir)
    if len(log.notes) > NOTES_MAX_CHARS:
        raise InvalidValue("notes", f"{len(log.notes)} characters", f"at most {NOTES_MAX_CHARS}")
    check_text("notes", log.notes, f"at most {NOTES_MAX_CHARS} characters")
    for item in log.items:
        name = f"{item.exercise_id}:{item.side.value}"
        SETS_DONE.check_int(f"sets ({name})", item.sets_done)
        if item.reps_done is not None:
            REPS_DONE.check_int(f"reps ({name})", item.reps_done)
        if item.hold_s_done is not None:
            HOLD_S_DONE.check_int(f"hold_s ({name})", item.hold_s_done)
        if item.load_kg is not None:
            LOAD_KG.check(f"load_kg ({name})", item.load_kg)
    return log
