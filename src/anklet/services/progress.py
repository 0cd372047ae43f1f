"""Use case: everything the progress charts draw, read in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from anklet.domain.evaluation import score_assessment
from anklet.services.engine import engine_result
from anklet.services.lookup import get_athlete

if TYPE_CHECKING:
    from anklet.domain.evaluation import AssessmentScore
    from anklet.domain.norms import HeelRaiseNorms
    from anklet.domain.program import Plan
    from anklet.domain.progression import Decision
    from anklet.domain.training_log import CheckIn, SessionLog
    from anklet.services.ports import UnitOfWork


__all__ = [
    "ProgressData",
    "progress",
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


def progress(*, uow: UnitOfWork, handle: str, norm_table: HeelRaiseNorms) -> ProgressData:
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
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
