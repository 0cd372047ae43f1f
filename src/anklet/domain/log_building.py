"""Logged items built from the day's targets: what a session log stores for each planned
item, the target (with the engine's changes: a heavier load, a set fewer) next to what was
done, and the prescription in words (docs/architecture.md, rule 5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TypeVar

from anklet.domain.errors import InvalidValue
from anklet.domain.program import PlannedSession, Prescription, SessionKind, SideChoice
from anklet.domain.progression import ItemState
from anklet.domain.training_log import LoggedItem

ItemKey = tuple[str, SideChoice]
T = TypeVar("T")
# The session a log is for when none is named: the day's strength, else technique, else
# mobility (the loaded work first: it is what the engine judges).
DEFAULT_LOG_KINDS = (SessionKind.STRENGTH, SessionKind.TECHNIQUE, SessionKind.MOBILITY)


@dataclass(frozen=True)
class Actual:
    """What was done for one item; None fields mean "as prescribed"."""

    sets: int | None = None
    reps: int | None = None
    hold_s: int | None = None
    load_kg: float | None = None
    skipped: bool = False


def logged_items(
    session: PlannedSession,
    actuals: Mapping[ItemKey, Actual],
    *,
    as_prescribed: bool,
    skipped_exercises: frozenset[str],
    states: Mapping[ItemKey, ItemState],
) -> tuple[LoggedItem, ...]:
    """Target next to actual for every planned item; an item not in `actuals` was done as
    prescribed (when `as_prescribed`) or skipped."""
    known = {(item.exercise_id, item.side) for item in session.items}
    unknown = [f"{e}:{s.value}" for e, s in actuals if (e, s) not in known]
    if unknown:
        allowed = ", ".join(sorted(f"{e}:{s.value}" for e, s in known))
        raise InvalidValue("set", unknown[0], f"an item of this session: {allowed}")
    exercises = {exercise for exercise, _ in known}
    not_planned = sorted(skipped_exercises - exercises)
    if not_planned:
        allowed = ", ".join(sorted(exercises))
        raise InvalidValue("skip", not_planned[0], f"an exercise of this session: {allowed}")
    items = []
    # Warm-ups are not logged: they prepare, they are not the work the engine progresses.
    for item in (i for i in session.items if i.block != "warm-up"):
        key = (item.exercise_id, item.side)
        state = states.get(key)
        target_load = state.load_kg if state is not None else None
        target_sets = max(1, item.sets + (state.sets_delta if state else 0))
        actual = actuals.get(key)
        if actual is None and (not as_prescribed or item.exercise_id in skipped_exercises):
            actual = Actual(skipped=True)
        items.append(_logged(item, actual or Actual(), target_sets, target_load))
    return tuple(items)


def _logged(
    item: Prescription, actual: Actual, target_sets: int, target_load: float | None
) -> LoggedItem:
    done = not actual.skipped
    shown = replace(item, sets=target_sets).describe()
    load = f"{target_load:g} kg" if target_load is not None else item.load
    return LoggedItem(
        prescribed=f"{shown}; {load}",
        prescribed_rule=item.why.rule,
        exercise_id=item.exercise_id,
        side=item.side,
        target_sets=target_sets,
        target_reps=item.reps,
        target_reps_max=item.reps_max,
        target_hold_s=item.hold_s,
        target_load_kg=target_load,
        sets_done=_either(actual.sets, target_sets) if done else 0,
        reps_done=_either(actual.reps, item.reps) if done else None,
        hold_s_done=_either(actual.hold_s, item.hold_s) if done else None,
        load_kg=_either(actual.load_kg, target_load),
        skipped=actual.skipped,
    )


def _either(given: T | None, prescribed: T) -> T:
    return prescribed if given is None else given
