"""A dose reads as words (issue 12, point 7): one maximal heel-raise set is "1 × 1 rep", never
"1 × 1 reps", in the plan, the day's view and the exercise library alike."""

from __future__ import annotations

from anklet.cli.day_view import dose
from anklet.domain.program import Prescription, Reason, SideChoice

WHY = Reason(text="Re-test.", rule="retest.due", source="Hébert-Losier 2017")


def _prescription(reps: int, reps_max: int | None = None) -> Prescription:
    return Prescription(
        exercise_id="paced-heel-raise-test",
        exercise_name="Paced single-leg heel-raise test",
        side=SideChoice.LEFT,
        sets=1,
        why=WHY,
        reps=reps,
        reps_max=reps_max,
        rest_s=120,
    )


def test_one_rep_is_singular_and_a_range_stays_plural() -> None:
    assert _prescription(1).describe() == "1 × 1 rep, rest 120 s"
    assert _prescription(1, 3).describe() == "1 × 1-3 reps, rest 120 s"
    assert _prescription(3).describe() == "1 × 3 reps, rest 120 s"


def test_the_days_view_says_rep_for_one() -> None:
    item = {"sets": 1, "reps": 1, "reps_max": None, "hold_s": None, "tempo": None}
    assert dose(item) == "1 × 1 rep"
    assert dose(item | {"reps": 10, "reps_max": 15}) == "1 × 10-15 reps"


def test_the_library_says_rep_for_one() -> None:
    from anklet.importers.catalogue import load_catalogue

    doses = [dose.describe() for e in load_catalogue() for dose in e.dosing]
    assert not [text for text in doses if " 1 reps" in text]
    assert any(" 1 rep" in text for text in doses)
