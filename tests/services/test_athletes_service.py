"""Athlete use cases on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from anklet.domain.athlete import Athlete, Equipment, Goal, Sex, Weekday
from anklet.domain.errors import Conflict, InvalidValue, NotFound
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
    with pytest.raises(NotFound, match="anklet athlete list"):
        show_athlete(uow=uow, handle="nobody")


def test_list_is_sorted_by_handle(uow: SqlUnitOfWork, clock: FakeClock) -> None:
    for handle in ("zoe", "al", "mo"):
        add_athlete(uow=uow, athlete=Athlete(handle=handle, name=handle.title()), clock=clock)
    assert [a.handle for a in list_athletes(uow=uow)] == ["al", "mo", "zoe"]
