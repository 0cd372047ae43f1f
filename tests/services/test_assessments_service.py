"""Assessment use cases on SQLite and PostgreSQL: store, score, history, bad input."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from anklet.domain.assessment import (
    Assessment,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    Rater,
    SideResult,
)
from anklet.domain.athlete import Athlete, Sex
from anklet.domain.errors import InvalidValue, NotFound
from anklet.domain.evaluation import AssessmentScore
from anklet.domain.plausible_dates import DateNeedsConfirmation
from anklet.domain.scoring import AsymmetryClass
from anklet.domain.units import Side
from anklet.importers.norms import load_heel_raise_norms
from anklet.services.assessments import assessment_history, record_assessment
from anklet.services.athletes import add_athlete
from anklet.services.safety import record_screening
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock, row_counts

NORMS = load_heel_raise_norms()
# sam joined in January: the tests of May and June need no date confirmation.
JOINED = date(2026, 1, 5)


@pytest.fixture
def sam(uow: SqlUnitOfWork) -> str:
    athlete = Athlete(handle="sam", name="Sam", sex=Sex.MALE, birth_year=1990)
    add_athlete(uow=uow, athlete=athlete, clock=FakeClock(JOINED))
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
    no row is written (docs/architecture.md, rule 6)."""
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


def _angle(day: date, left: float, right: float, placement: LungePlacement | None) -> Assessment:
    return Assessment(
        taken_on=day,
        left=SideResult(lunge=left),
        right=SideResult(lunge=right),
        lunge_method=LungeMethod.ANGLE_DEG,
        lunge_device=LungeDevice.INCLINOMETER,
        lunge_placement=placement,
        rater=Rater.TRAINED,
    )


def _record(
    uow: SqlUnitOfWork, clock: FakeClock, assessment: Assessment, **kw: bool
) -> AssessmentScore:
    return record_assessment(
        uow=uow, handle="sam", assessment=assessment, norm_table=NORMS, clock=clock, **kw
    )


def test_an_angle_taken_15_cm_below_is_never_compared_with_one_at_the_tuberosity(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    """39.0° at the tuberosity, 44.9° 15 cm below, same lunges (PMID 28108266): the stored
    placement keeps the 6° apart from a "real change"."""
    _record(uow, clock, _angle(date(2026, 5, 1), 39.0, 39.0, LungePlacement.TUBEROSITY))
    score = record_assessment(
        uow=uow,
        handle=sam,
        assessment=_angle(TODAY, 44.9, 45.0, LungePlacement.BELOW_TUBEROSITY_15_CM),
        norm_table=NORMS,
        clock=clock,
    )
    assert score.changes == ()
    assert "not-comparable" in {f.code for f in score.findings}
    history = assessment_history(uow=uow, handle=sam, norm_table=NORMS)
    placements = [h.assessment.lunge_placement for h in history]
    assert placements == [LungePlacement.TUBEROSITY, LungePlacement.BELOW_TUBEROSITY_15_CM]


def test_an_angle_stored_before_placement_was_asked_reads_as_unknown_placement(
    uow: SqlUnitOfWork, sam: str
) -> None:
    """Rows from before migration 0005 have NULL: they read back as unknown, and a tape
    distance has no placement at all."""
    with uow:
        athlete = uow.athletes.by_handle(sam)
        assert athlete is not None and athlete.id is not None
        for stored in (
            _angle(date(2026, 5, 1), 40.0, 41.0, None),
            _assessment(date(2026, 5, 2), 10, 10, 20, 20),
        ):
            uow.assessments.add(
                athlete.id, dataclasses.replace(stored, recorded_at=datetime(2026, 5, 2, 9))
            )
        uow.commit()
    old, tape = assessment_history(uow=uow, handle=sam, norm_table=NORMS)
    assert old.assessment.lunge_placement is LungePlacement.UNKNOWN
    assert "lunge-placement-unknown" in {f.code for f in old.findings}
    assert tape.assessment.lunge_placement is None


def test_an_angle_without_a_placement_is_refused_and_nothing_is_written(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, engine: Engine
) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidValue) as error:
        _record(uow, clock, _angle(TODAY, 40.0, 41.0, None))
    assert error.value.field == "lunge_placement"
    assert row_counts(engine) == before


def test_a_lunge_asymmetry_over_10_percent_of_the_better_side_is_meaningful(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    """10.0 vs 8.7 cm: 1.3 cm is under the 2.0 cm rule but 13 % of the better side
    (Hoch & McKeon 2011; Green 2021)."""
    score = _record(uow, clock, _assessment(TODAY, 10.0, 8.7, 30, 30))
    assert score.lunge is not None and score.lunge.asymmetry is not None
    assert score.lunge.asymmetry.asymmetry_class is AsymmetryClass.MEANINGFUL
    assert score.lunge.asymmetry.restricted_side is Side.RIGHT


def test_a_16_year_old_is_told_the_reference_values_are_adult_ones(
    uow: SqlUnitOfWork, clock: FakeClock
) -> None:
    teen = Athlete(handle="kim", name="Kim", sex=Sex.FEMALE, birth_year=2010)
    add_athlete(uow=uow, athlete=teen, clock=FakeClock(JOINED))
    score = record_assessment(
        uow=uow,
        handle="kim",
        assessment=_assessment(TODAY, 11.0, 11.0, 30, 31),
        norm_table=NORMS,
        clock=clock,
    )
    note = next(f for f in score.findings if f.code == "adult-norms-under-20")
    assert "At 16" in note.message


def test_a_test_dated_before_the_athlete_was_added_needs_confirming(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, engine: Engine
) -> None:
    """sam joined on 2026-01-05: a test typed as 2025-06-01 is most likely a slip."""
    before = row_counts(engine)
    with pytest.raises(DateNeedsConfirmation) as error:
        _record(uow, clock, _assessment(date(2025, 6, 1), 10, 10, 25, 25))
    assert error.value.field == "date"
    assert "before the athlete was added on 2026-01-05" in str(error.value)
    assert row_counts(engine) == before
    score = _record(uow, clock, _assessment(date(2025, 6, 1), 10, 10, 25, 25), confirm_date=True)
    assert score.assessment.taken_on == date(2025, 6, 1)


def test_a_left_only_re_test_is_compared_on_the_left_only(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    _record(uow, clock, _assessment(date(2026, 5, 1), 8.0, 11.0, 20, 28))
    retest = Assessment(taken_on=TODAY, left=SideResult(lunge=10.0), rater=Rater.TRAINED)
    score = _record(uow, clock, retest)
    assert score.assessment.lunge_only_side is Side.LEFT
    assert {(c.test, c.side) for c in score.changes} == {("lunge", Side.LEFT)}


def test_while_loading_is_locked_the_heel_raise_is_refused_but_the_lunge_is_measured(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, engine: Engine
) -> None:
    """A maximal heel raise to fatigue is loading; the lunge and the stance are not."""
    record_screening(uow=uow, handle=sam, yes=[5], clock=clock)
    before = row_counts(engine)
    with pytest.raises(InvalidValue) as error:
        _record(uow, clock, _assessment(TODAY, 10.0, 10.5, 0, 25))
    assert error.value.field == "heel_raise_left"
    assert "while loading is locked" in str(error.value)
    assert row_counts(engine) == before
    lunge_and_stance = Assessment(
        taken_on=TODAY,
        left=SideResult(lunge=10.0, single_leg_stance_s=35),
        right=SideResult(lunge=10.5, single_leg_stance_s=40),
    )
    assert _record(uow, clock, lunge_and_stance).lunge is not None
