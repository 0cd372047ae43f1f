"""Use case: everything the progress charts draw, read in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from anklet.domain.evaluation import score_assessment
from anklet.services.engine import engine_result
from anklet.services.lookup import get_athlete
from anklet.services.runs import RunsView, runs_view_scored

if TYPE_CHECKING:
    from datetime import date

    from anklet.domain.athlete import Athlete
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.program import Plan
    from anklet.domain.progression import Decision
    from anklet.domain.safety import LoadingLock
    from anklet.domain.training_log import CheckIn, SessionLog
    from anklet.services.ports import UnitOfWork


__all__ = [
    "ProgressData",
    "ProgressView",
    "progress",
    "progress_view",
]


@dataclass(frozen=True)
class ProgressData:
    """The tests (each scored against the ones before it), logs, mornings, the engine's
    decisions and the current plan, oldest first."""

    handle: str
    scores: tuple[AssessmentScore, ...]
    logs: tuple[SessionLog, ...]
    check_ins: tuple[CheckIn, ...]
    decisions: tuple[Decision, ...]
    plan: Plan | None


@dataclass(frozen=True)
class ProgressView:
    """The progress page from one read: the charts' data, the runs beside them and the lock
    for the banner."""

    data: ProgressData
    runs: RunsView
    lock: LoadingLock


def progress(*, uow: UnitOfWork, handle: str, norm_table: HeelRaiseNorms) -> ProgressData:
    with uow:
        return _read(uow, handle, norm_table)


def progress_view(
    *, uow: UnitOfWork, handle: str, today: date, norm_table: HeelRaiseNorms
) -> ProgressView:
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        data = _read_of(uow, handle, athlete, athlete_id, norm_table)
        # The tests are read and scored once, for the charts and for the runs beside them.
        runs = runs_view_scored(uow, handle, athlete_id, data.scores, today=today)
    return ProgressView(data, runs, runs.lock)


def _read(uow: UnitOfWork, handle: str, norm_table: HeelRaiseNorms) -> ProgressData:
    athlete, athlete_id = get_athlete(uow, handle)
    return _read_of(uow, handle, athlete, athlete_id, norm_table)


def _read_of(
    uow: UnitOfWork, handle: str, athlete: Athlete, athlete_id: int, norm_table: HeelRaiseNorms
) -> ProgressData:
    assessments = list(uow.assessments.for_athlete(athlete_id))
    logs = tuple(uow.session_logs.for_athlete(athlete_id))
    check_ins = tuple(uow.check_ins.for_athlete(athlete_id))
    decisions = engine_result(uow, athlete_id).decisions
    plan = uow.plans.current(athlete_id)
    scores = tuple(
        score_assessment(
            current, athlete=athlete, earlier=assessments[:index], norm_table=norm_table
        )
        for index, current in enumerate(assessments)
    )
    return ProgressData(handle, scores, logs, check_ins, tuple(decisions), plan)
