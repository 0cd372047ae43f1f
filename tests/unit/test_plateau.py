"""Plateaus (the plateau rules) and the change of strategy they bring."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.evaluation import score_assessment
from anklet.domain.generation import generate_plan
from anklet.domain.plateau import Plateau, detect_plateaus
from anklet.domain.program import Plan, SessionKind
from anklet.domain.safety import LoadingLock
from anklet.importers.catalogue import load_catalogue
from anklet.importers.norms import load_heel_raise_norms

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
