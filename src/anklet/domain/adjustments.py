"""Applying the engine's changes to the planned sessions, so the athlete sees them.

The stored plan stays as it was made; what the engine changed (a heavier load, a set fewer,
a light weight to add) is laid over it when a day is shown, with the decision that caused it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from anklet.domain.program import (
    PlannedSession,
    Prescription,
    Reason,
    SessionKind,
    SideChoice,
)
from anklet.domain.progression import Decision, ItemState, last_changing

ItemKey = tuple[str, SideChoice]
# Only loaded work is adjusted; daily mobility and warm-ups stay as planned.
ADJUSTED_KINDS = frozenset({SessionKind.STRENGTH, SessionKind.TECHNIQUE})


def adjust_sessions(
    sessions: Sequence[PlannedSession],
    states: Mapping[ItemKey, ItemState],
    decisions: Sequence[Decision],
) -> tuple[PlannedSession, ...]:
    latest = last_changing(decisions)
    adjusted = []
    for session in sessions:
        if session.kind in ADJUSTED_KINDS:
            items = tuple(_adjust(item, states, latest) for item in session.items)
            session = replace(session, items=items)  # noqa: PLW2901
        adjusted.append(session)
    return tuple(adjusted)


def _adjust(
    item: Prescription, states: Mapping[ItemKey, ItemState], latest: Mapping[ItemKey, Decision]
) -> Prescription:
    key = (item.exercise_id, item.side)
    state = states.get(key)
    if item.block == "warm-up" or state is None or state == ItemState():
        return item
    sets = max(1, item.sets + state.sets_delta)
    load = item.load
    if state.load_kg is not None:
        load = f"{state.load_kg:g} kg ({item.load})"
    elif state.add_load:
        load = f"add a light weight, about 2.5-5 % of body weight ({item.load})"
    decision = latest.get(key)
    why = item.why
    if decision is not None:
        why = Reason(
            f"{item.why.text} Changed on {decision.day.isoformat()}: {decision.change} "
            f"({decision.reason})",
            decision.rule,
            f"{item.why.source}; {decision.source}",
        )
    minutes = round(item.minutes * sets / item.sets, 1) if item.sets else item.minutes
    return replace(item, sets=sets, load=load, why=why, minutes=minutes)
