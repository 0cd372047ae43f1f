"""Plateaus (the plateau rules) and the change of strategy they bring."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from anklet.domain import norms
from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.evaluation import score_assessment
from anklet.domain.generation import generate_plan
from anklet.domain.plateau import Plateau, detect_plateaus
from anklet.domain.program import Plan, SessionKind
from anklet.domain.safety import LoadingLock
from anklet.domain.scoring import lunge_real_change_threshold
from anklet.domain.units import Side
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms
from tests.data.histories import assessments

START = date(2026, 3, 2)


def _test(day: int, lunge: float, reps: int) -> Assessment:
    side = SideResult(lunge=lunge, heel_raise_reps=reps)
    return Assessment(START + timedelta(days=day), side, side, rater=Rater.TRAINED)


def test_no_real_lunge_change_in_four_adherent_weeks_is_a_plateau() -> None:
    """9.1: no change of at least the MDC (1.5 cm, trained rater) over 4 weeks, adherence
    at least 80 %."""
    found = detect_plateaus(
        [_test(0, 8.0, 20), _test(28, 9.0, 21)], adherence_percent={28: 85.0, 56: 85.0}
    )
    assert [p.test for p in found] == ["lunge"]
    assert found[0].why.rule == "plateau.dorsiflexion"
    assert "mobilisation with movement" in found[0].why.text


def test_a_real_change_or_low_adherence_is_not_a_plateau() -> None:
    history = [_test(0, 8.0, 20), _test(28, 9.6, 21)]
    assert detect_plateaus(history, adherence_percent={28: 90.0}) == []
    flat = [_test(0, 8.0, 20), _test(28, 8.2, 21)]
    assert detect_plateaus(flat, adherence_percent={28: 60.0}) == [], "not adherent: no verdict"
    assert detect_plateaus(flat, adherence_percent={28: None}) == []


def test_too_short_a_window_gives_no_verdict() -> None:
    assert (
        detect_plateaus(
            [_test(0, 8.0, 20), _test(20, 8.1, 20)], adherence_percent={28: 100.0, 56: 100.0}
        )
        == []
    )


def test_fewer_than_six_reps_in_eight_weeks_is_a_heel_raise_plateau() -> None:
    """9.2: less than 6 reps gained over 8 adherent weeks."""
    history = [_test(0, 8.0, 20), _test(28, 10.0, 22), _test(56, 12.0, 25)]
    found = detect_plateaus(history, adherence_percent={28: 90.0, 56: 90.0})
    assert [p.test for p in found] == ["heel-raise"]


def test_a_heel_raise_plateau_adds_a_calf_set_and_says_so() -> None:
    athlete = Athlete(
        handle="p",
        name="P",
        days=(Weekday.MON, Weekday.WED, Weekday.FRI),
        minutes=60,
        equipment=frozenset({Equipment.STEP, Equipment.WALL}),
    )
    history = [_test(0, 11.0, 20), _test(56, 11.5, 22)]
    score = score_assessment(
        history[-1], athlete=athlete, earlier=history[:1], norm_table=load_heel_raise_norms()
    )
    plateaus = detect_plateaus(history, adherence_percent={28: 90.0, 56: 90.0})
    catalogue = load_catalogue()

    def plan_with(found: Sequence[Plateau]) -> Plan:
        return generate_plan(
            athlete=athlete,
            score=score,
            lock=LoadingLock(()),
            catalogue=catalogue,
            start=START + timedelta(days=57),
            weeks=4,
            plateaus=found,
        )

    before = plan_with(())
    after = plan_with(plateaus)

    def calf_sets(plan: Plan) -> dict[str, int]:
        first = next(s for s in plan.sessions if s.kind is SessionKind.STRENGTH)
        return {
            i.exercise_id: i.sets
            for i in first.items
            if i.why.rule == "plateau.heel-raise" or "calf" in i.why.text.lower()
        }

    assert "plateau.heel-raise" in {note.rule for note in after.notes}
    changed = [i for s in after.sessions for i in s.items if i.why.rule == "plateau.heel-raise"]
    assert changed, "calf items carry the plateau rule"
    assert sum(calf_sets(after).values()) > sum(calf_sets(before).values())


@st.composite
def _histories(draw: st.DrawFn) -> list[Assessment]:
    """Tests oldest first, some days apart (several on one day too), of mixed methods,
    raters and protocols, some without a lunge or a heel raise."""
    day, found = START, []
    for _ in range(draw(st.integers(0, 12))):
        day += timedelta(days=draw(st.sampled_from((0, 7, 14, 20, 30))))
        test = draw(assessments(day))
        if draw(st.booleans()):
            test = dataclasses.replace(test, left=SideResult(), right=SideResult())
        found.append(test)
    return found


def _reference(history: Sequence[Assessment], adherence: dict[int, float | None]) -> list[str]:
    """The plateau rules read plainly: the newest test of a kind against the last comparable
    one taken at least the window before it, with every test listed."""
    found = []
    lunges = [a for a in history if a.has_lunge]
    if lunges and (adherence.get(28) or 0) >= 80:
        latest = lunges[-1]
        cutoff = latest.taken_on - timedelta(days=28)
        same = [a for a in lunges if a.lunge_comparable_with(latest) and a.taken_on <= cutoff]
        changes = [
            now - before
            for side in Side
            if same
            and (now := latest.side(side).lunge) is not None
            and (before := same[-1].side(side).lunge) is not None
        ]
        threshold = max(
            lunge_real_change_threshold(latest.lunge_method, latest.rater),
            lunge_real_change_threshold(latest.lunge_method, same[-1].rater) if same else 0,
        )
        if changes and max(changes) < threshold:
            found.append(f"lunge {same[-1].taken_on} {latest.taken_on}")
    heels = [a for a in history if a.has_heel_raise]
    if heels and (adherence.get(56) or 0) >= 80:
        latest = heels[-1]
        cutoff = latest.taken_on - timedelta(days=56)
        same = [a for a in heels if a.heel_raise_key == latest.heel_raise_key]
        same = [a for a in same if a.taken_on <= cutoff]
        gains = [
            now - before
            for side in Side
            if same
            and (now := latest.side(side).heel_raise_reps) is not None
            and (before := same[-1].side(side).heel_raise_reps) is not None
        ]
        if gains and max(gains) < norms.HEEL_RAISE_REAL_CHANGE_REPS:
            found.append(f"heel-raise {same[-1].taken_on} {latest.taken_on}")
    return found


@settings(max_examples=300, deadline=None)
@given(
    history=_histories(),
    lunge_adherence=st.sampled_from((None, 50.0, 80.0, 95.0)),
    heel_adherence=st.sampled_from((None, 50.0, 80.0, 95.0)),
)
def test_the_plateau_search_from_the_newest_test_back_agrees_with_the_rule_read_plainly(
    history: list[Assessment], lunge_adherence: float | None, heel_adherence: float | None
) -> None:
    """The search walks back from the newest test and stops at the anchor (a few tests in,
    however long the history): it finds the plateaus the rule finds over every test."""
    adherence = {28: lunge_adherence, 56: heel_adherence}
    expected = _reference(history, adherence)
    found = detect_plateaus(history, adherence_percent=adherence)
    assert [f"{p.test} {p.since} {p.until}" for p in found] == expected
