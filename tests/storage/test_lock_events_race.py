"""Two writers that decide the same lock at once (two painful sessions of one day logged side
by side, say) both succeed, and one lock is stored: never a 500, never a lost lock."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime

import pytest
from sqlalchemy import Engine, text

from anklet.domain.athlete import Athlete
from anklet.domain.safety import LockEvent
from anklet.domain.screening import Restriction
from anklet.storage.unit_of_work import SqlUnitOfWork

DAY = date(2026, 6, 15)
LOCK = LockEvent(
    recorded_at=datetime(2026, 6, 15, 18),
    on=DAY,
    reason="pain 7/10 during a session: screening asked again",
    source="Silbernagel 2007 [S]",
    restriction=Restriction.ALL_LOADING,
    key="guard.rescreen:2026-06-15:all-loading",
    rule="guard.rescreen",
)


def _athlete(uow: SqlUnitOfWork) -> int:
    with uow:
        stored = uow.athletes.add(
            Athlete(handle="kim", name="Kim"), created_at=datetime(2026, 6, 1)
        )
        uow.commit()
    assert stored.id is not None
    return stored.id


def test_the_same_lock_stored_twice_in_one_transaction_is_one_row(uow: SqlUnitOfWork) -> None:
    athlete_id = _athlete(uow)
    with uow:
        assert uow.lock_events.add_new(athlete_id, [LOCK, LOCK]) == 1
        assert uow.lock_events.add_new(athlete_id, [LOCK]) == 0
        uow.commit()
    with uow:
        assert list(uow.lock_events.for_athlete(athlete_id)) == [LOCK]


def test_two_transactions_storing_the_same_lock_both_commit(
    uow: SqlUnitOfWork, engine: Engine
) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers; there is no race to lose")
    athlete_id = _athlete(uow)
    errors: list[BaseException] = []

    def second() -> None:
        try:
            with SqlUnitOfWork(engine) as other:
                other.lock_events.add_new(athlete_id, [LOCK])
                other.commit()
        except BaseException as error:  # handed to the test thread
            errors.append(error)

    with SqlUnitOfWork(engine) as first:
        first.lock_events.add_new(athlete_id, [LOCK])
        racer = threading.Thread(target=second)
        racer.start()
        _wait_until_blocked(engine)
        first.commit()
    racer.join(timeout=10)
    assert errors == []
    with uow:
        assert list(uow.lock_events.for_athlete(athlete_id)) == [LOCK]


def _wait_until_blocked(engine: Engine) -> None:
    """Until the second transaction waits on the first one's row lock of the unique key."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND datname = current_database()"
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with engine.connect() as connection:
            if connection.execute(query).scalar_one():
                return
        time.sleep(0.02)
    pytest.fail("the second transaction never waited for the first")
