"""May this athlete do this exercise now? Gates and contraindications against plain facts
(Silbernagel 2010, Silbernagel 2007, Potach & Chu 2016 and the red-flag rule), as the plan
generator and the engine will ask."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anklet.domain.exercise_gates import GateFacts, gate_failures
from anklet.domain.exercises import Catalogue, Stage
from anklet.importers.catalogue import load_catalogue


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue()


READY = GateFacts(
    heel_raise_reps_left=30,
    heel_raise_reps_right=30,
    single_leg_stance_s_left=45,
    single_leg_stance_s_right=45,
    recent_pain=0,
    green_days=14,
    pogo_pain=0,
)


def test_an_athlete_who_meets_every_threshold_may_do_every_exercise(catalogue: Catalogue) -> None:
    """Strong, symmetric, pain-free and green for two weeks: nothing is closed."""
    assert {e.id: gate_failures(e, READY) for e in catalogue if gate_failures(e, READY)} == {}


def test_the_loading_lock_closes_every_exercise(catalogue: Catalogue) -> None:
    """A red-flag answer stops all loading until a clearance is recorded (the red-flag rule)."""
    locked = GateFacts(**{**READY.__dict__, "loading_locked": True})
    for e in catalogue:
        assert any("locked" in reason for reason in gate_failures(e, locked)), e.id


@given(pain=st.integers(min_value=6, max_value=10))
def test_pain_above_five_closes_every_exercise(pain: int) -> None:
    """Pain above 5/10 means step back, whatever the exercise (Silbernagel 2007)."""
    hurting = GateFacts(**{**READY.__dict__, "recent_pain": pain})
    for e in load_catalogue():
        assert any(f"{pain}/10 is above" in reason for reason in gate_failures(e, hurting))


@given(
    left=st.integers(min_value=0, max_value=150),
    right=st.integers(min_value=0, max_value=150),
)
def test_the_pogo_gate_opens_exactly_when_both_sides_reach_20_and_are_symmetric(
    left: int, right: int
) -> None:
    """Heel raise >= 20 on each side and LSI >= 90 %, the rest of the facts being ready."""
    facts = GateFacts(**{**READY.__dict__, "heel_raise_reps_left": left,
                         "heel_raise_reps_right": right})  # fmt: skip
    reasons = gate_failures(load_catalogue()["pogo-hop"], facts)
    symmetric = max(left, right) == 0 or min(left, right) / max(left, right) >= 0.9
    assert (reasons == []) == (min(left, right) >= 20 and symmetric)


@given(
    left=st.integers(min_value=0, max_value=150),
    right=st.integers(min_value=0, max_value=150),
)
def test_lsi_is_weaker_over_stronger_and_never_above_100(left: int, right: int) -> None:
    """LSI = weaker / stronger x 100, the same whichever side is weaker (Silbernagel 2010);
    undefined (so the gate stays closed) when neither side managed a repetition."""
    lsi = GateFacts(heel_raise_reps_left=left, heel_raise_reps_right=right).heel_raise_lsi_pct
    swapped = GateFacts(heel_raise_reps_left=right, heel_raise_reps_right=left)
    if left == right == 0:
        assert lsi is None
        return
    assert lsi is not None and 0 <= lsi <= 100
    assert lsi == swapped.heel_raise_lsi_pct


def test_a_missing_measurement_keeps_the_gate_closed_and_says_so(catalogue: Catalogue) -> None:
    """No heel-raise test yet: the pogo gate reports what is needed, never silently passes."""
    facts = GateFacts(**{**READY.__dict__, "heel_raise_reps_right": None})
    reasons = gate_failures(catalogue["pogo-hop"], facts)
    assert any("at least 20 reps on each side; not recorded yet" in r for r in reasons)


def test_a_failed_gate_names_what_is_needed_and_what_was_found(catalogue: Catalogue) -> None:
    """The reason reads: needs ... ; found left 18, right 24."""
    facts = GateFacts(**{**READY.__dict__, "heel_raise_reps_left": 18, "heel_raise_reps_right": 24})
    reasons = gate_failures(catalogue["pogo-hop"], facts)
    assert "needs paced single-leg heel raise of at least 20 reps on each side; found left 18, " \
        "right 24" in reasons  # fmt: skip


def test_dosing_at_a_later_stage_falls_back_to_the_latest_earlier_dosing(
    catalogue: Catalogue,
) -> None:
    """A stage-2 exercise kept in a stage-4 plan uses its latest dosing; below its stage, none."""
    raise_ = catalogue["tempo-heel-raise"]
    assert raise_.dosing_at(Stage.REACTIVE) == raise_.dosing_at(Stage.MODERATE_LOAD)
    assert raise_.dosing_at(Stage.RANGE_OF_MOTION) is None


@given(
    left=st.none() | st.integers(0, 60),
    right=st.none() | st.integers(0, 60),
    stance=st.none() | st.floats(0, 120),
    pain=st.none() | st.integers(0, 10),
    green=st.integers(0, 30),
    pogo=st.none() | st.integers(0, 10),
    locked=st.booleans(),
)
def test_is_open_agrees_with_gate_failures_for_every_exercise(
    left: int | None,
    right: int | None,
    stance: float | None,
    pain: int | None,
    green: int,
    pogo: int | None,
    locked: bool,
) -> None:
    """The fast yes/no the plan generator uses must say exactly what the worded check says."""
    from anklet.domain.exercise_gates import is_open
    from anklet.importers.catalogue import load_catalogue

    facts = GateFacts(
        heel_raise_reps_left=left,
        heel_raise_reps_right=right,
        single_leg_stance_s_left=stance,
        single_leg_stance_s_right=stance,
        recent_pain=pain,
        green_days=green,
        pogo_pain=pogo,
        loading_locked=locked,
    )
    for exercise in load_catalogue():
        assert is_open(exercise, facts) == (not gate_failures(exercise, facts)), exercise.id
