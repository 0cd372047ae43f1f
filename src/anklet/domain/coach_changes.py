"""A coach's hand-made changes to an athlete's plan for a date range: a dose, a swap for an
exercise of the same kind, an added item or a removed one (issue 15, point 5).

The day's answer (domain.day_plan) applies them last, after the engine's adjustments, and
every changed item says who changed it, when and why. The safety rules still hold where they
meet: an added or swapped-in exercise that the day's lock, a gate or a contraindication
closes is held back, with a warning that says so, exactly as the generator would hold it back
(when unsure, the safe action wins). Removing an item is always safe, and is always applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from anklet.domain.errors import InvalidValue, Problems
from anklet.domain.exercise_gates import GateFacts, gate_failures
from anklet.domain.exercises import Catalogue, Category, Exercise
from anklet.domain.program import PlannedSession, Prescription, Reason, SessionKind, SideChoice
from anklet.domain.units import check_text

__all__ = [
    "CHANGE_DAYS_MAX",
    "CHANGE_REASON_MAX_CHARS",
    "HOLD_S",
    "REPS",
    "SETS",
    "ChangeKind",
    "CoachChange",
    "applied_changes",
    "check_change",
]

CHANGE_DAYS_MAX = 183  # a change covers at most about half a year; longer needs a new plan
CHANGE_REASON_MAX_CHARS = 500
SETS = (1, 10)
REPS = (1, 100)
HOLD_S = (1, 300)
RULE = "coach.change"


class ChangeKind(StrEnum):
    DOSE = "dose"
    SWAP = "swap"
    ADD = "add"
    REMOVE = "remove"


@dataclass(frozen=True)
class CoachChange:
    kind: ChangeKind
    exercise_id: str
    first_day: date
    last_day: date
    author: str
    made_at: datetime
    reason: str
    replacement_id: str | None = None  # swap: the exercise that takes its place
    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    id: int | None = None

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def why(self) -> Reason:
        text = f"{self.author} changed this on {self.made_at:%Y-%m-%d}: {self.reason}"
        return Reason(text, f"{RULE}.{self.kind.value}", f"{self.author}, {self.made_at:%Y}")


def _whole(problems: Problems, field: str, value: int | None, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if value is not None and (isinstance(value, bool) or not low <= value <= high):
        problems.add(InvalidValue(field, value, f"a whole number from {low} to {high}"))


def check_change(change: CoachChange, catalogue: Catalogue) -> CoachChange:
    """Every problem of a change at once; the change with its reason trimmed."""
    problems = Problems()
    exercise = catalogue.get(change.exercise_id)
    if exercise is None:
        problems.add(InvalidValue("exercise", change.exercise_id, "an exercise of the library"))
    span = (change.last_day - change.first_day).days
    if span < 0:
        problems.add(InvalidValue("last_day", change.last_day, f"{change.first_day} or later"))
    elif span >= CHANGE_DAYS_MAX:
        problems.add(InvalidValue("last_day", change.last_day, f"within {CHANGE_DAYS_MAX} days"))
    reason = change.reason.strip()
    allowed = f"1 to {CHANGE_REASON_MAX_CHARS} characters: why, for the athlete to read"
    if not 1 <= len(reason) <= CHANGE_REASON_MAX_CHARS:
        problems.add(InvalidValue("reason", change.reason, allowed))
    else:
        problems.check(lambda: check_text("reason", reason, allowed), reason)
    _whole(problems, "sets", change.sets, SETS)
    _whole(problems, "reps", change.reps, REPS)
    _whole(problems, "hold_s", change.hold_s, HOLD_S)
    dose = (change.sets, change.reps, change.hold_s)
    if change.kind in (ChangeKind.DOSE, ChangeKind.ADD) and change.sets is None:
        problems.add(InvalidValue("sets", None, f"the number of sets, {SETS[0]} to {SETS[1]}"))
    if change.kind in (ChangeKind.SWAP, ChangeKind.REMOVE) and any(v is not None for v in dose):
        problems.add(InvalidValue("sets", change.sets, "none: a swap or a removal keeps no dose"))
    if change.kind is ChangeKind.SWAP:
        _check_swap(problems, change, exercise, catalogue)
    problems.raise_if_any()
    return replace(change, reason=reason)


def _check_swap(
    problems: Problems, change: CoachChange, exercise: Exercise | None, catalogue: Catalogue
) -> None:
    other = catalogue.get(change.replacement_id or "")
    if other is None:
        problems.add(
            InvalidValue("replacement", change.replacement_id, "an exercise of the library")
        )
    elif exercise is not None and other.category is not exercise.category:
        allowed = f"an exercise of the same kind ({exercise.category.value})"
        problems.add(InvalidValue("replacement", other.id, allowed))


def applied_changes(
    sessions: Sequence[PlannedSession],
    day: date,
    changes: Sequence[CoachChange],
    catalogue: Catalogue,
    facts: GateFacts,
) -> tuple[tuple[PlannedSession, ...], tuple[Reason, ...]]:
    """The day's sessions with the coach's changes of that day, oldest change first, and a
    warning for each change the day's lock or an exercise's gate holds back."""
    result = list(sessions)
    warnings: list[Reason] = []
    for change in sorted((c for c in changes if c.covers(day)), key=lambda c: c.made_at):
        result, held = _apply(result, day, change, catalogue, facts)
        warnings += held
    return tuple(s for s in result if s.items), tuple(warnings)


def _apply(
    sessions: list[PlannedSession],
    day: date,
    change: CoachChange,
    catalogue: Catalogue,
    facts: GateFacts,
) -> tuple[list[PlannedSession], list[Reason]]:
    if change.kind is ChangeKind.REMOVE:
        return [_without(s, change.exercise_id) for s in sessions], []
    if change.kind is ChangeKind.DOSE:
        return [_dosed(s, change) for s in sessions], []
    wanted_id = change.replacement_id if change.kind is ChangeKind.SWAP else change.exercise_id
    wanted = catalogue.get(wanted_id or "")
    if wanted is None:  # the library changed since: nothing to put in
        return sessions, [_held(change, "the exercise is no longer in the library")]
    closed = gate_failures(wanted, facts)
    if closed:
        return sessions, [_held(change, "; ".join(closed))]
    if change.kind is ChangeKind.SWAP:
        return [_swapped(s, change, wanted) for s in sessions], []
    return _added(sessions, day, change, wanted), []


def _held(change: CoachChange, why: str) -> Reason:
    text = (
        f"{change.author}'s change ({change.kind.value} {change.exercise_id}) is held back "
        f"today: {why}. It applies again once that no longer holds."
    )
    return Reason(text, f"{RULE}.held", f"{change.author}, {change.made_at:%Y}")


def _without(session: PlannedSession, exercise_id: str) -> PlannedSession:
    kept = tuple(i for i in session.items if i.exercise_id != exercise_id)
    return replace(session, items=kept) if len(kept) != len(session.items) else session


def _dosed(session: PlannedSession, change: CoachChange) -> PlannedSession:
    def dose(item: Prescription) -> Prescription:
        if item.exercise_id != change.exercise_id:
            return item
        return replace(
            item,
            sets=change.sets or item.sets,
            reps=change.reps if change.reps is not None else item.reps,
            reps_max=None if change.reps is not None else item.reps_max,
            hold_s=change.hold_s if change.hold_s is not None else item.hold_s,
            why=change.why,
        )

    return replace(session, items=tuple(dose(i) for i in session.items))


def _swapped(session: PlannedSession, change: CoachChange, other: Exercise) -> PlannedSession:
    def swap(item: Prescription) -> Prescription:
        if item.exercise_id != change.exercise_id:
            return item
        return replace(item, exercise_id=other.id, exercise_name=other.name, why=change.why)

    return replace(session, items=tuple(swap(i) for i in session.items))


# The session an added exercise joins, by its kind: mobility work joins the daily mobility.
SESSION_OF = {
    Category.MOBILITY: SessionKind.MOBILITY,
    Category.SOFT_TISSUE: SessionKind.MOBILITY,
    Category.WARM_UP: SessionKind.MOBILITY,
    Category.TEST: SessionKind.MOBILITY,
    Category.INTEGRATION: SessionKind.TECHNIQUE,
}


def _added(
    sessions: list[PlannedSession], day: date, change: CoachChange, exercise: Exercise
) -> list[PlannedSession]:
    kind = SESSION_OF.get(exercise.category, SessionKind.STRENGTH)
    sides = (SideChoice.LEFT, SideChoice.RIGHT) if exercise.per_side else (SideChoice.BOTH,)
    items = tuple(
        Prescription(
            exercise_id=exercise.id,
            exercise_name=exercise.name,
            side=side,
            sets=change.sets or 1,
            why=change.why,
            reps=change.reps,
            hold_s=change.hold_s,
            minutes=float(exercise.minutes) / len(sides),
        )
        for side in sides
    )
    for index, session in enumerate(sessions):
        if session.kind is kind:
            sessions[index] = replace(session, items=(*session.items, *items))
            return sessions
    week = sessions[0].week if sessions else 0
    added = PlannedSession(day, kind, f"{kind.value.title()} (added)", items, week, change.why)
    return [*sessions, added]
