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


def screening_events(uow: UnitOfWork, athlete_id: int) -> list[LockEvent]:
    return [
        event
        for screening in uow.screenings.for_athlete(athlete_id)
        for event in screening_lock_events(evaluate_screening(screening))
    ]


def engine_result(uow: UnitOfWork, athlete_id: int) -> EngineResult:
    """Replay the athlete's logs and mornings against the red-flag locks and clearances.

    A replay of months of logs takes milliseconds; storing decisions would only add a copy
    that could disagree with the logs it came from.
    """
    check_ins = list(uow.check_ins.for_athlete(athlete_id))
    return replay(
        list(uow.session_logs.for_athlete(athlete_id)),
        check_ins,
        baseline=baseline_from(check_ins, uow.baselines.latest(athlete_id)),
        lock_events=screening_events(uow, athlete_id),
        clearances=list(uow.clearances.for_athlete(athlete_id)),
    )
