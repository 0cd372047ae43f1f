"""A coach's plan change, and its withdrawal, keep the engine's state (issue 14, point 4).

A change moves the athlete's history version (the day views remember it with the
situation), so its write keeps the state at the new version, as a squat depth's save does:
else the next read and the next write would replay the whole history. After each write the
kept state is fresh and equals a rebuild, on the fake, SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest

from anklet.domain.coach_changes import ChangeKind, CoachChange
from anklet.domain.errors import NotFound
from anklet.services.plan_changes import change_plan, plan_changes, withdraw_change
from anklet.services.ports import UnitOfWork
from anklet.services.training import LogRequest, log_session
from tests.helpers import TODAY, FakeClock
from tests.services.test_kept_state import CATALOGUE, NORMS, _agrees, _read_today, _start
from tests.stores import KINDS, Store, open_store


@pytest.fixture(params=KINDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from open_store(request.param, request, tmp_path)


def _version_and_fresh(uow: UnitOfWork, handle: str) -> tuple[int, bool]:
    with uow:
        athlete = uow.athletes.by_handle(handle)
        assert athlete is not None and athlete.id is not None
        return uow.states.version(athlete.id), uow.states.is_fresh(athlete.id)


def _change(kind: ChangeKind, clock: FakeClock, sets: int | None = None) -> CoachChange:
    exercise = CATALOGUE.exercises[0].id
    return CoachChange(
        kind=kind,
        exercise_id=exercise,
        first_day=clock.today(),
        last_day=clock.today() + timedelta(days=13),
        author="Dr Lee",
        made_at=datetime.combine(clock.today(), time(9)),
        reason="sore after the weekend",
        sets=sets,
    )


def test_a_plan_change_and_its_withdrawal_keep_the_state_a_rebuild(store: Store) -> None:
    handle = "coached"
    clock = FakeClock(today=TODAY)
    _start(store.open(), handle, clock)
    for day in range(3):  # some history for the state to hold
        clock = FakeClock(today=TODAY + timedelta(days=day))
        request = LogRequest(day=clock.today(), pain_during=2, actuals={})
        log_session(
            uow=store.open(),
            handle=handle,
            request=request,
            clock=clock,
            catalogue=CATALOGUE,
            norm_table=NORMS,
        )
    _read_today(store.open(), handle, clock.today())  # as the today page before the change
    version, fresh = _version_and_fresh(store.open(), handle)
    assert fresh

    made = [
        change_plan(
            uow=store.open(),
            handle=handle,
            clock=clock,
            change=_change(kind, clock, sets),
            catalogue=CATALOGUE,
        )
        for kind, sets in ((ChangeKind.REMOVE, None), (ChangeKind.ADD, 2))
    ]
    after, fresh = _version_and_fresh(store.open(), handle)
    assert after == version + 2, "each change moves the history version"
    assert fresh, "kept at the change's version"
    _agrees(store.open(), handle, clock.today())

    assert made[0].id is not None
    withdraw_change(uow=store.open(), clock=clock, handle=handle, change_id=made[0].id)
    withdrawn, fresh = _version_and_fresh(store.open(), handle)
    assert withdrawn == after + 1 and fresh, "kept at the withdrawal's version"
    _agrees(store.open(), handle, clock.today())
    assert [c.id for c in plan_changes(uow=store.open(), handle=handle)] == [made[1].id]

    with pytest.raises(NotFound):  # withdrawn already: nothing written, the state holds
        withdraw_change(uow=store.open(), clock=clock, handle=handle, change_id=made[0].id)
    assert _version_and_fresh(store.open(), handle) == (withdrawn, True)
