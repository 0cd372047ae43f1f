"""Use cases for red-flag screening and clearance, and the lock every capability respects."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from anklet.domain.errors import Conflict
from anklet.domain.safety import (
    Clearance,
    LoadingLock,
    loading_lock,
    make_clearance,
)
from anklet.domain.screening import ScreeningResult, evaluate_screening, make_screening
from anklet.domain.units import check_not_future
from anklet.services.lookup import get_athlete
from anklet.services.ports import Clock, UnitOfWork

if TYPE_CHECKING:
    from anklet.domain.progression import EngineResult


@dataclass(frozen=True)
class ScreeningOutcome:
    result: ScreeningResult
    lock: LoadingLock


def current_lock(
    uow: UnitOfWork, athlete_id: int, engine: EngineResult | None = None
) -> LoadingLock:
    """The loading lock now: every later capability asks this before it prescribes load.

    Red-flag answers lock; so do warning signs at a check-in and the engine's pauses. Only a
    clearance recorded after them lifts the lock. A caller that has already replayed the
    engine in this transaction passes its result rather than replaying it again.
    """
    from anklet.services.engine import engine_result, screening_events

    result = engine if engine is not None else engine_result(uow, athlete_id)
    events = [*screening_events(uow, athlete_id), *result.lock_events]
    return loading_lock(events, uow.clearances.for_athlete(athlete_id))


def record_screening(
    *,
    uow: UnitOfWork,
    handle: str,
    yes: Iterable[int],
    exercise_only: bool = False,
    taken_on: date | None = None,
    clock: Clock,
) -> ScreeningOutcome:
    today = clock.today()
    day = check_not_future("date", taken_on or today, today)
    screening = make_screening(taken_on=day, yes=yes, exercise_only=exercise_only)
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        stored = uow.screenings.add(
            athlete_id, dataclasses.replace(screening, recorded_at=clock.now())
        )
        lock = current_lock(uow, athlete_id)
        uow.commit()
    return ScreeningOutcome(evaluate_screening(stored), lock)


def record_clearance(
    *,
    uow: UnitOfWork,
    handle: str,
    note: str,
    cleared_on: date | None = None,
    clock: Clock,
) -> Clearance:
    today = clock.today()
    clearance = make_clearance(cleared_on=cleared_on or today, note=note, today=today)
    with uow:
        _, athlete_id = get_athlete(uow, handle)
        if not current_lock(uow, athlete_id).locked:
            raise Conflict(f"loading is not locked for {handle!r}; there is nothing to clear")
        stored = uow.clearances.add(
            athlete_id, dataclasses.replace(clearance, recorded_at=clock.now())
        )
        uow.commit()
    return stored
