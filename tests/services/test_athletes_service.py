"""Athlete use cases on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from anklet.domain.athlete import HANDLE_PATTERN, Athlete, Equipment, Goal, Sex, Weekday
from anklet.domain.errors import Action, Conflict, Hint, InvalidValue, NotFound
from anklet.services.athletes import add_athlete, edit_athlete, list_athletes, show_athlete
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import FakeClock, row_counts


def _sam() -> Athlete:
    return Athlete(
        handle="sam",
        name="Sam Runner",
        birth_year=1990,
        sex=Sex.FEMALE,
        goal=Goal.RUNNING,
        days=(Weekday.FRI, Weekday.MON, Weekday.WED),
        minutes=25,
        equipment=frozenset({Equipment.BAND, Equipment.WALL}),
    )


def test_an_added_athlete_reads_back_identically(uow: SqlUnitOfWork, clock: FakeClock) -> None:
    stored = add_athlete(uow=uow, athlete=_sam(), clock=clock)
    view = show_athlete(uow=uow, handle="sam")
    assert view.athlete == stored
    assert view.athlete.days == (Weekday.MON, Weekday.WED, Weekday.FRI)
    assert view.athlete.equipment == {Equipment.BAND, Equipment.WALL}
    assert not view.lock.locked
    assert (view.assessments, view.screenings) == (0, 0)


def test_handles_are_unique(uow: SqlUnitOfWork, clock: FakeClock, engine: Engine) -> None:
    add_athlete(uow=uow, athlete=_sam(), clock=clock)
    before = row_counts(engine)
    with pytest.raises(Conflict, match="already taken"):
        add_athlete(uow=uow, athlete=_sam(), clock=clock)
    assert row_counts(engine) == before


def test_edit_changes_only_the_given_fields(uow: SqlUnitOfWork, clock: FakeClock) -> None:
    add_athlete(uow=uow, athlete=_sam(), clock=clock)
    edit_athlete(uow=uow, handle="sam", changes={"minutes": 40, "goal": Goal.BOTH}, clock=clock)
    athlete = show_athlete(uow=uow, handle="sam").athlete
    assert (athlete.minutes, athlete.goal, athlete.name) == (40, Goal.BOTH, "Sam Runner")


def test_a_bad_edit_changes_nothing(uow: SqlUnitOfWork, clock: FakeClock) -> None:
    add_athlete(uow=uow, athlete=_sam(), clock=clock)
    with pytest.raises(InvalidValue, match="minutes"):
        edit_athlete(uow=uow, handle="sam", changes={"name": "New", "minutes": 500}, clock=clock)
    assert show_athlete(uow=uow, handle="sam").athlete.name == "Sam Runner"


def test_unknown_handles_say_how_to_find_the_right_one(uow: SqlUnitOfWork) -> None:
    with pytest.raises(NotFound, match="no athlete named 'nobody'") as missing:
        show_athlete(uow=uow, handle="nobody")
    assert missing.value.hint == Hint(Action.LIST_ATHLETES)


def test_list_is_sorted_by_handle(uow: SqlUnitOfWork, clock: FakeClock) -> None:
    for handle in ("zoe", "al", "mo"):
        add_athlete(uow=uow, athlete=Athlete(handle=handle, name=handle.title()), clock=clock)
    assert [a.handle for a in list_athletes(uow=uow)] == ["al", "mo", "zoe"]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    field=st.sampled_from(["handle", "name", "birth_year", "minutes"]),
    handle=st.text(max_size=40).filter(lambda t: not HANDLE_PATTERN.match(t) or len(t) > 32),
    name=st.sampled_from(["", "   ", "x" * 81]),
    birth_year=st.integers(max_value=1925) | st.integers(min_value=2017),
    minutes=st.integers(max_value=4) | st.integers(min_value=181),
)
def test_any_bad_athlete_value_is_refused_and_nothing_is_written(
    uow: SqlUnitOfWork,
    clock: FakeClock,
    engine: Engine,
    field: str,
    handle: str,
    name: str,
    birth_year: int,
    minutes: int,
) -> None:
    """Property: each field outside its range raises InvalidValue naming it; no row is written."""
    sam = _sam()
    athlete = {
        "handle": dataclasses.replace(sam, handle=handle),
        "name": dataclasses.replace(sam, name=name),
        "birth_year": dataclasses.replace(sam, birth_year=birth_year),
        "minutes": dataclasses.replace(sam, minutes=minutes),
    }[field]
    before = row_counts(engine)
    with pytest.raises(InvalidValue) as error:
        add_athlete(uow=uow, athlete=athlete, clock=clock)
    assert error.value.field == field
    assert row_counts(engine) == before


def test_a_nul_byte_in_a_name_is_a_clean_error_on_every_database(
    uow: SqlUnitOfWork, clock: FakeClock, engine: Engine
) -> None:
    """PostgreSQL cannot store a NUL byte; the domain refuses it before the database sees it."""
    add_athlete(uow=uow, athlete=_sam(), clock=clock)
    before = row_counts(engine)
    with pytest.raises(InvalidValue, match="without control characters"):
        add_athlete(
            uow=uow, athlete=dataclasses.replace(_sam(), handle="bo", name="B\x00"), clock=clock
        )
    with pytest.raises(InvalidValue, match="without control characters"):
        edit_athlete(uow=uow, handle="sam", changes={"name": "S\x00"}, clock=clock)
    assert row_counts(engine) == before


@pytest.mark.parametrize("handle", ["\x00", "sam\x00", "sam\n", "x" * 5000])
def test_a_handle_that_cannot_exist_is_not_found_on_every_database(
    uow: SqlUnitOfWork, clock: FakeClock, handle: str
) -> None:
    add_athlete(uow=uow, athlete=_sam(), clock=clock)
    with pytest.raises(NotFound, match="no athlete named") as missing:
        show_athlete(uow=uow, handle=handle)
    assert missing.value.hint == Hint(Action.LIST_ATHLETES)


def test_body_mass_is_optional_and_reads_back_exactly_on_every_database(
    uow: SqlUnitOfWork, clock: FakeClock
) -> None:
    """Body mass sets the plyometric dose (over 100 kg, fewer contacts): stored as given,
    changed by an edit, and cleared again; an athlete without it keeps None."""
    add_athlete(uow=uow, athlete=_sam(), clock=clock)
    assert show_athlete(uow=uow, handle="sam").athlete.body_mass_kg is None
    heavy = dataclasses.replace(_sam(), handle="bo", body_mass_kg=104.5)
    assert add_athlete(uow=uow, athlete=heavy, clock=clock).body_mass_kg == 104.5
    assert show_athlete(uow=uow, handle="bo").athlete.body_mass_kg == 104.5
    edit_athlete(uow=uow, handle="bo", changes={"body_mass_kg": 98}, clock=clock)
    assert show_athlete(uow=uow, handle="bo").athlete.body_mass_kg == 98.0
    edit_athlete(uow=uow, handle="bo", changes={"body_mass_kg": None}, clock=clock)
    assert show_athlete(uow=uow, handle="bo").athlete.body_mass_kg is None


@pytest.mark.parametrize("body_mass_kg", [29.9, 20, 250.1, 300, float("nan"), float("inf")])
def test_a_body_mass_outside_30_to_250_kg_is_refused_and_nothing_is_written(
    uow: SqlUnitOfWork, clock: FakeClock, engine: Engine, body_mass_kg: float
) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidValue, match="30 to 250 kg") as error:
        add_athlete(
            uow=uow, athlete=dataclasses.replace(_sam(), body_mass_kg=body_mass_kg), clock=clock
        )
    assert error.value.field == "body_mass_kg"
    assert row_counts(engine) == before


@pytest.mark.parametrize("body_mass_kg", [30, 250])
def test_a_body_mass_at_the_limits_is_accepted(
    uow: SqlUnitOfWork, clock: FakeClock, body_mass_kg: float
) -> None:
    athlete = dataclasses.replace(_sam(), body_mass_kg=body_mass_kg)
    assert add_athlete(uow=uow, athlete=athlete, clock=clock).body_mass_kg == body_mass_kg
