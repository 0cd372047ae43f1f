"""Red-flag screening (the red-flag rule) and the loading lock it sets."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from anklet.domain.errors import InvalidValue
from anklet.domain.safety import (
    Clearance,
    loading_lock,
    make_clearance,
    screening_lock_events,
)
from anklet.domain.screening import (
    QUESTIONS,
    Action,
    Restriction,
    Screening,
    ScreeningResult,
    evaluate_screening,
    make_screening,
)
from anklet.importers.bibliography import load_bibliography

DAY = date(2026, 6, 1)


def _result(*yes: int, exercise_only: bool = False, at: int = 1) -> ScreeningResult:
    screening = Screening(
        taken_on=DAY,
        yes=frozenset(yes),
        exercise_only=exercise_only,
        recorded_at=datetime(2026, 6, 1, 9, 0, at),
    )
    return evaluate_screening(screening)


def test_all_ten_questions_exist_and_cite_their_sources() -> None:
    assert [q.number for q in QUESTIONS] == list(range(1, 11))
    bibliography = load_bibliography()
    for question in QUESTIONS:
        assert question.text, question.number
        assert bibliography.cited_in(question.source), question.source
        assert bibliography.unresolved_in(question.source) == (), question.source


def test_no_flags_means_no_action_and_no_lock() -> None:
    result = _result()
    assert result.action is Action.NONE
    assert not result.locked


@pytest.mark.parametrize(
    ("question", "action"),
    [
        (1, Action.EMERGENCY),
        (2, Action.SAME_DAY),
        (3, Action.EMERGENCY),
        (4, Action.EMERGENCY),
        (5, Action.SAME_DAY),
        (6, Action.EMERGENCY),
    ],
)
def test_emergency_and_same_day_flags_lock_all_loading(question: int, action: Action) -> None:
    """Any EMERGENCY or SAME-DAY answer locks loading until clearance (the red-flag rule)."""
    result = _result(question)
    assert result.action is action
    assert result.locked
    assert result.restrictions == {Restriction.ALL_LOADING}


@pytest.mark.parametrize(
    ("question", "restriction"),
    [(8, Restriction.IMPACT), (9, Restriction.HEAVY_AND_PLYOMETRIC), (10, Restriction.PROGRESSION)],
)
def test_soon_flags_lock_only_what_their_question_names(
    question: int, restriction: Restriction
) -> None:
    """8 stops impact work, 9 heavy and plyometric calf loading, 10 the progression."""
    result = _result(question)
    assert result.action is Action.SOON
    assert result.restrictions == {restriction}


def test_night_pain_question_asks_for_a_clinician_without_locking() -> None:
    result = _result(7)
    assert result.action is Action.SOON
    assert not result.locked
    assert "book an appointment" in result.flags[0].advice


def test_question_6_during_exercise_only_is_soon() -> None:
    """Symptoms only with exercise that settle within ~30 min: SOON (possible CECS)."""
    assert _result(6, exercise_only=True).action is Action.SOON
    assert _result(6).action is Action.EMERGENCY


def test_the_strongest_action_wins() -> None:
    assert _result(7, 2, 1).action is Action.EMERGENCY
    assert _result(7, 5).action is Action.SAME_DAY


def test_unknown_question_numbers_are_rejected_with_the_allowed_range() -> None:
    with pytest.raises(InvalidValue, match="1 to 10"):
        make_screening(taken_on=DAY, yes=[11])


def test_a_lock_persists_through_clean_screenings_until_a_clearance() -> None:
    """Only an explicit clearance lifts the lock; a later 'no' to every question does not."""
    locking = screening_lock_events(_result(2, at=1))
    clean = screening_lock_events(_result(at=2))
    assert loading_lock([*locking, *clean], []).locked
    cleared = Clearance(DAY, "Seen by GP", recorded_at=datetime(2026, 6, 1, 9, 0, 3))
    assert not loading_lock(locking, [cleared]).locked
    later = screening_lock_events(_result(5, at=4))
    lock = loading_lock([*locking, *later], [cleared])
    assert lock.locked
    assert "red flag 5" in lock.reason


@given(st.lists(st.integers(1, 10), max_size=10), st.integers(0, 59))
def test_lock_holds_exactly_when_a_locking_flag_follows_the_last_clearance(
    answers: list[int], clearance_second: int
) -> None:
    result = _result(*answers, at=30)
    clearance = Clearance(DAY, "ok", recorded_at=datetime(2026, 6, 1, 9, 0, clearance_second))
    lock = loading_lock(screening_lock_events(result), [clearance])
    assert lock.locked == (result.locked and clearance_second < 30)


def test_a_clearance_needs_a_note_and_a_date_not_in_the_future() -> None:
    with pytest.raises(InvalidValue, match="note"):
        make_clearance(cleared_on=DAY, note="  ", today=DAY, cleared_by="Dr Lee")
    with pytest.raises(InvalidValue, match="date"):
        make_clearance(cleared_on=date(2026, 6, 2), note="Seen", today=DAY, cleared_by="Dr Lee")
