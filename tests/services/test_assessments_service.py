"""Assessment use cases on SQLite and PostgreSQL: store, score, history, bad input."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from anklet.domain.assessment import Assessment, Rater, SideResult
from anklet.domain.athlete import Athlete, Sex
from anklet.domain.errors import InvalidValue, NotFound
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import assessment_history, record_assessment
from anklet.services.athletes import add_athlete
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock, row_counts

NORMS = load_heel_raise_norms()


@pytest.fixture
def sam(uow: SqlUnitOfWork, clock: FakeClock) -> str:
    athlete = Athlete(handle="sam", name="Sam", sex=Sex.MALE, birth_year=1990)
    add_athlete(uow=uow, athlete=athlete, clock=clock)
    return "sam"


def _assessment(
    day: date, lunge_left: float, lunge_right: float, reps_left: int, reps_right: int
) -> Assessment:
    return Assessment(
        taken_on=day,
        left=SideResult(lunge=lunge_left, heel_raise_reps=reps_left, heel_height_cm=9.0, pain=1),
        right=SideResult(lunge=lunge_right, heel_raise_reps=reps_right),
        rater=Rater.TRAINED,
    )


def test_an_assessment_is_stored_and_scored_against_the_previous_one(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    record_assessment(
        uow=uow,
        handle=sam,
        assessment=_assessment(date(2026, 6, 1), 8.9, 11.0, 20, 28),
        norm_table=NORMS,
        clock=clock,
    )
    score = record_assessment(
        uow=uow,
        handle=sam,
        assessment=_assessment(TODAY, 10.6, 11.2, 27, 29),
        norm_table=NORMS,
        clock=clock,
    )
    assert score.lunge is not None and score.heel_raise is not None
    lunge_left = [c for c in score.changes if c.test == "lunge" and c.side.value == "left"]
    assert [(c.delta, c.real) for c in lunge_left] == [(1.7, True)]
    assert score.heel_raise.lsi_percent == 93.1


def test_history_round_trips_every_value(uow: SqlUnitOfWork, clock: FakeClock, sam: str) -> None:
    first = _assessment(date(2026, 6, 1), 8.9, 11.0, 20, 28)
    record_assessment(uow=uow, handle=sam, assessment=first, norm_table=NORMS, clock=clock)
    record_assessment(
        uow=uow,
        handle=sam,
        assessment=_assessment(TODAY, 10.6, 11.2, 27, 29),
        norm_table=NORMS,
        clock=clock,
    )
    history = assessment_history(uow=uow, handle=sam, norm_table=NORMS)
    assert [h.assessment.taken_on for h in history] == [date(2026, 6, 1), TODAY]
    stored = history[0].assessment
    assert dataclasses.replace(stored, id=None, recorded_at=None) == first
    assert history[0].changes == ()
    assert len(history[1].changes) > 0


def test_a_back_dated_assessment_is_compared_only_with_earlier_ones(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    record_assessment(
        uow=uow,
        handle=sam,
        assessment=_assessment(TODAY, 12.0, 12.0, 30, 30),
        norm_table=NORMS,
        clock=clock,
    )
    score = record_assessment(
        uow=uow,
        handle=sam,
        assessment=_assessment(date(2026, 5, 1), 9.0, 9.0, 20, 20),
        norm_table=NORMS,
        clock=clock,
    )
    assert score.changes == ()


def test_recording_for_an_unknown_athlete_writes_nothing(
    uow: SqlUnitOfWork, clock: FakeClock, engine: Engine
) -> None:
    before = row_counts(engine)
    with pytest.raises(NotFound):
        record_assessment(
            uow=uow,
            handle="ghost",
            assessment=_assessment(TODAY, 10, 10, 20, 20),
            norm_table=NORMS,
            clock=clock,
        )
    assert row_counts(engine) == before


out_of_range = st.one_of(
    st.floats(max_value=-0.01, allow_nan=False, allow_infinity=False),
    st.floats(min_value=25.01, max_value=1e6, allow_nan=False),
    st.just(float("nan")),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lunge=out_of_range,
    reps=st.integers(min_value=151, max_value=10_000) | st.integers(max_value=-1),
    pain=st.integers(min_value=11) | st.integers(max_value=-1),
    which=st.sampled_from(["lunge", "reps", "pain", "future"]),
)
def test_any_out_of_range_value_is_refused_and_the_database_is_unchanged(
    uow: SqlUnitOfWork,
    clock: FakeClock,
    sam: str,
    engine: Engine,
    lunge: float,
    reps: int,
    pain: int,
    which: str,
) -> None:
    """Property: a value outside its named range raises InvalidValue naming the field, and
    no row is written (DESIGN.md, input policy)."""
    good = _assessment(TODAY, 10.0, 10.0, 25, 25)
    bad_side = {
        "lunge": dataclasses.replace(good.left, lunge=lunge),
        "reps": dataclasses.replace(good.left, heel_raise_reps=reps),
        "pain": dataclasses.replace(good.left, pain=pain),
        "future": good.left,
    }[which]
    day = date(2026, 6, 16) if which == "future" else TODAY
    bad = dataclasses.replace(good, left=bad_side, taken_on=day)
    field = {
        "lunge": "lunge_left",
        "reps": "heel_raise_left",
        "pain": "pain_left",
        "future": "date",
    }[which]
    before = row_counts(engine)
    with pytest.raises(InvalidValue) as error:
        record_assessment(uow=uow, handle=sam, assessment=bad, norm_table=NORMS, clock=clock)
    assert error.value.field == field
    assert row_counts(engine) == before
