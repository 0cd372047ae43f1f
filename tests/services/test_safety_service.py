"""Screening and clearance use cases: the lock survives until an explicit clearance."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from anklet.domain.athlete import Athlete
from anklet.domain.errors import Conflict, InvalidValue, NotFound
from anklet.domain.screening import Action, Restriction
from anklet.services.athletes import add_athlete, show_athlete
from anklet.services.safety import record_clearance, record_screening
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock, row_counts


@pytest.fixture
def sam(uow: SqlUnitOfWork, clock: FakeClock) -> str:
    add_athlete(uow=uow, athlete=Athlete(handle="sam", name="Sam"), clock=clock)
    return "sam"


def test_a_same_day_flag_locks_loading_until_cleared(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str
) -> None:
    outcome = record_screening(uow=uow, handle=sam, yes=[5], clock=clock)
    assert outcome.result.action is Action.SAME_DAY
    assert outcome.lock.locked
    assert show_athlete(uow=uow, handle=sam).lock.restrictions == {Restriction.ALL_LOADING}

    record_screening(uow=uow, handle=sam, yes=[], clock=clock)
    assert show_athlete(uow=uow, handle=sam).lock.locked, "a clean screening must not unlock"

    clearance = record_clearance(
        uow=uow,
        handle=sam,
        note="x-ray clear",
        cleared_by="Dr Lee, physiotherapist",
        clock=clock,
    )
    assert clearance.cleared_on == TODAY
    assert clearance.cleared_by == "Dr Lee, physiotherapist"
    assert not show_athlete(uow=uow, handle=sam).lock.locked


def test_every_answer_is_stored_and_read_back(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, engine: Engine
) -> None:
    record_screening(uow=uow, handle=sam, yes=[6, 7], exercise_only=True, clock=clock)
    counts = row_counts(engine)
    assert counts["screening_answers"] == 10
    with uow:
        athlete = uow.athletes.by_handle(sam)
        assert athlete is not None and athlete.id is not None
        stored = uow.screenings.for_athlete(athlete.id)
    assert [(s.yes, s.exercise_only) for s in stored] == [(frozenset({6, 7}), True)]


def test_clearing_when_nothing_is_locked_is_refused(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, engine: Engine
) -> None:
    before = row_counts(engine)
    with pytest.raises(Conflict, match="nothing to clear"):
        record_clearance(uow=uow, handle=sam, note="ok", cleared_by="Dr Lee", clock=clock)
    assert row_counts(engine) == before


def test_a_bad_screening_writes_nothing(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, engine: Engine
) -> None:
    before = row_counts(engine)
    with pytest.raises(InvalidValue):
        record_screening(uow=uow, handle=sam, yes=[3, 12], clock=clock)
    with pytest.raises(NotFound):
        record_screening(uow=uow, handle="ghost", yes=[1], clock=clock)
    assert row_counts(engine) == before


def test_locks_are_per_athlete(uow: SqlUnitOfWork, clock: FakeClock, sam: str) -> None:
    add_athlete(uow=uow, athlete=Athlete(handle="kim", name="Kim"), clock=clock)
    record_screening(uow=uow, handle=sam, yes=[1], clock=clock)
    assert show_athlete(uow=uow, handle=sam).lock.locked
    assert not show_athlete(uow=uow, handle="kim").lock.locked


def test_a_clearance_note_with_a_nul_byte_is_refused_and_writes_nothing(
    uow: SqlUnitOfWork, clock: FakeClock, sam: str, engine: Engine
) -> None:
    record_screening(uow=uow, handle=sam, yes=[5], clock=clock)
    before = row_counts(engine)
    with pytest.raises(InvalidValue, match="without control characters"):
        record_clearance(uow=uow, handle=sam, note="Dr Lee\x00", cleared_by="Dr Lee", clock=clock)
    assert row_counts(engine) == before
    assert show_athlete(uow=uow, handle=sam).lock.locked
