"""Logged items from the day's targets (domain.log_building): the target, with the engine's
changes, next to what was done; nothing that was not planned."""

from __future__ import annotations

from datetime import date

import pytest

from anklet.domain.errors import InvalidValue
from anklet.domain.log_building import Actual, logged_items
from anklet.domain.program import PlannedSession, Prescription, Reason, SessionKind, SideChoice
from anklet.domain.progression import ItemState

WHY = Reason("Strength slot.", "strength.slot", "ACSM 2009 [V]")
RAISE = Prescription(
    "single-leg-heel-raise", "Single-leg heel raise", SideChoice.LEFT, 3, WHY, reps=10, reps_max=20
)
WARM_UP = Prescription("ankle-circles", "Ankle circles", SideChoice.BOTH, 1, WHY, block="warm-up")
SESSION = PlannedSession(
    date(2026, 6, 15), SessionKind.STRENGTH, "Strength", (WARM_UP, RAISE), 1, WHY
)
KEY = ("single-leg-heel-raise", SideChoice.LEFT)


def test_the_target_carries_the_engines_changes_next_to_what_was_done() -> None:
    states = {KEY: ItemState(load_kg=10.5, sets_delta=-1)}
    (item,) = logged_items(
        SESSION,
        {KEY: Actual(reps=18)},
        as_prescribed=True,
        skipped_exercises=frozenset(),
        states=states,
    )
    assert (item.target_sets, item.target_load_kg) == (2, 10.5), "a set fewer, the raised load"
    assert (item.sets_done, item.reps_done, item.load_kg) == (2, 18, 10.5)
    assert item.prescribed == "2 × 10-20 reps; 10.5 kg" and item.prescribed_rule == "strength.slot"


def test_warm_ups_are_not_logged_and_what_was_not_told_is_skipped_when_asked() -> None:
    (item,) = logged_items(
        SESSION, {}, as_prescribed=False, skipped_exercises=frozenset(), states={}
    )
    assert item.skipped and item.sets_done == 0


def test_an_item_or_a_skip_that_was_not_planned_is_refused() -> None:
    with pytest.raises(InvalidValue, match="an item of this session"):
        logged_items(
            SESSION,
            {("tib-raise", SideChoice.LEFT): Actual(reps=10)},
            as_prescribed=True,
            skipped_exercises=frozenset(),
            states={},
        )
    with pytest.raises(InvalidValue, match="an exercise of this session"):
        logged_items(
            SESSION, {}, as_prescribed=True, skipped_exercises=frozenset({"pogo-hop"}), states={}
        )
