"""A run kept under other rules (domain.progression.RULES) is read as not kept: what it
decided may differ from what the rules decide now (version 2: warning signs and pain above
5/10 in a mobility session lock loading), so reads replay the history and the next write
keeps the run anew, under the rules in force."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from anklet.domain.athlete import Athlete, Equipment, Weekday
from anklet.domain.progression import RULES
from anklet.domain.training_log import CheckIn
from anklet.services.athletes import add_athlete
from anklet.services.training import record_check_in
from anklet.storage.unit_of_work import SqlUnitOfWork
from tests.helpers import TODAY, FakeClock
from tests.stores import Store, open_store


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request.param, request, tmp_path)


def _kept_rules(uow: SqlUnitOfWork) -> int | None:
    with uow:
        found = uow.connection.execute(text("SELECT run FROM athlete_states")).scalar()
    return None if found is None else int(json.loads(found)["rules"])


def test_a_run_kept_under_other_rules_is_walked_again(store: Store) -> None:
    clock = FakeClock(today=TODAY)
    athlete = Athlete(
        handle="ivy", name="Ivy", days=(Weekday.MON,), equipment=frozenset({Equipment.BAND})
    )
    add_athlete(uow=store.open(), athlete=athlete, clock=clock)
    morning = CheckIn(TODAY, morning_pain=1, stiffness=1)
    record_check_in(uow=store.open(), handle="ivy", check_in=morning, clock=clock)
    uow = store.open()
    assert isinstance(uow, SqlUnitOfWork)
    assert _kept_rules(uow) == RULES
    with uow:
        found = uow.athletes.by_handle("ivy")
        assert found is not None and found.id is not None
        athlete_id = found.id
        assert uow.states.is_fresh(athlete_id)
        run = uow.connection.execute(text("SELECT run FROM athlete_states")).scalar()
        assert isinstance(run, str)
        stored = json.loads(run)
        stored["rules"] = RULES - 1
        older = json.dumps(stored, separators=(",", ":"))
        uow.connection.execute(text("UPDATE athlete_states SET run = :run"), {"run": older})
        uow.commit()
    with uow:
        assert uow.states.get(athlete_id) is None, "a run of other rules is not the kept one"
        assert uow.states.fresh(athlete_id) is None
    again = CheckIn(TODAY, morning_pain=2, stiffness=1)
    record_check_in(
        uow=store.open(), handle="ivy", check_in=again, clock=clock, replace_existing=True
    )
    assert _kept_rules(uow) == RULES, "the next write keeps the run under the rules in force"
    with uow:
        assert uow.states.fresh(athlete_id) is not None
