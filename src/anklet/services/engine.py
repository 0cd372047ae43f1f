"""Running the engine over an athlete's stored history (one place, used by every use case)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from anklet.domain.progression import EngineResult, replay
from anklet.domain.safety import screening_lock_events
from anklet.domain.screening import evaluate_screening
from anklet.domain.training_log import baseline_from

if TYPE_CHECKING:
    from anklet.domain.safety import LockEvent
    from anklet.services.ports import UnitOfWork

__all__ = [
    "engine_result",
    "known_lock_events",
    "screening_events",
    "store_new_locks",
]


def screening_events(uow: UnitOfWork, athlete_id: int) -> list[LockEvent]:
    return [
        event
        for screening in uow.screenings.for_athlete(athlete_id)
        for event in screening_lock_events(evaluate_screening(screening))
    ]


def known_lock_events(uow: UnitOfWork, athlete_id: int) -> list[LockEvent]:
    """The red-flag locks of every screening and the engine's locks stored so far."""
    return [*screening_events(uow, athlete_id), *uow.lock_events.for_athlete(athlete_id)]


def store_new_locks(
    uow: UnitOfWork, athlete_id: int, contact_ids: frozenset[str] = frozenset()
) -> EngineResult:
    """After a write: replay, and store every lock the engine decided that is not stored
    yet, in the same transaction. Stored locks are never removed, so editing a morning or
    re-logging a session can add a lock but never take one back."""
    result = engine_result(uow, athlete_id, contact_ids)
    uow.lock_events.add_new(athlete_id, result.lock_events)
    return result


def engine_result(
    uow: UnitOfWork, athlete_id: int, contact_ids: frozenset[str] = frozenset()
) -> EngineResult:
    """Replay the athlete's logs and mornings against the locks and clearances.

    Results are remembered per history stamp (and set of plyometric exercises). The same
    history always gives the same result (replay is pure), so a hit is never stale, and any
    new log, morning, screening, clearance or stored lock changes the stamp.
    """
    stamp = ("replay", contact_ids, *uow.history_stamp(athlete_id))
    cached = uow.memo.get(stamp)
    if isinstance(cached, EngineResult):
        return cached
    check_ins = list(uow.check_ins.for_athlete(athlete_id))
    result = replay(
        list(uow.session_logs.for_athlete(athlete_id)),
        check_ins,
        baseline=baseline_from(check_ins, uow.baselines.latest(athlete_id)),
        lock_events=known_lock_events(uow, athlete_id),
        clearances=list(uow.clearances.for_athlete(athlete_id)),
        contact_ids=contact_ids,
    )
    uow.memo.put(stamp, result)
    return result
