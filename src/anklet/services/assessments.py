"""Use cases for the ankle assessment: record one, and read the history with its changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from anklet.domain.assessment import Assessment, validate_assessment
from anklet.domain.errors import InvalidValue
from anklet.domain.evaluation import AssessmentScore, score_assessment
from anklet.domain.norms import HeelRaiseNorms
from anklet.domain.plausible_dates import check_plausible_day
from anklet.domain.units import Side
from anklet.services.engine import Appended, keep_up
from anklet.services.lookup import get_athlete
from anklet.services.ports import Clock, UnitOfWork
from anklet.services.safety import current_lock

if TYPE_CHECKING:
    from anklet.domain.athlete import Athlete
    from anklet.domain.safety import LoadingLock

__all__ = [
    "LOCKED_HEEL_RAISE",
    "AssessmentResults",
    "assessment_history",
    "assessment_results",
    "record_assessment",
]

LOCKED_HEEL_RAISE = (
    "no heel-raise test while loading is locked: a maximal heel raise to fatigue is loading. "
    "The lunge and the single-leg stance may still be measured"
)


def record_assessment(
    *,
    uow: UnitOfWork,
    handle: str,
    assessment: Assessment,
    norm_table: HeelRaiseNorms,
    clock: Clock,
    confirm_date: bool = False,
) -> AssessmentScore:
    """Validate, store and score one assessment against the athlete's earlier ones.

    While loading is locked the lunge and the single-leg stance may be measured (measuring
    them is not training, and a clinician will want the pain they record), but a maximal
    heel raise is refused. A date before the athlete was added or more than a year ago is
    stored only with `confirm_date`.
    """
    checked = validate_assessment(assessment, clock.today())
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        if checked.has_heel_raise and current_lock(uow, athlete_id).locked:
            side = next(s for s in Side if checked.side(s).heel_raise_reps is not None)
            field = f"heel_raise_{side.value}"
            raise InvalidValue(field, checked.side(side).heel_raise_reps, LOCKED_HEEL_RAISE)
        check_plausible_day(
            checked.taken_on,
            added_on=uow.athletes.created_at(athlete_id).date(),
            today=clock.today(),
            confirmed=confirm_date,
        )
        # A back-dated test is compared only with the tests taken before it.
        earlier = [
            a for a in uow.assessments.for_athlete(athlete_id) if a.taken_on <= checked.taken_on
        ]
        stored = uow.assessments.add(
            athlete_id, dataclasses.replace(checked, recorded_at=clock.now())
        )
        keep_up(uow, athlete_id, today=clock.today(), appended=Appended())  # re-test dates
        uow.commit()
    return score_assessment(stored, athlete=athlete, earlier=earlier, norm_table=norm_table)


@dataclass(frozen=True)
class AssessmentResults:
    """Every assessment scored, oldest first, and the lock for the page's banner: one read."""

    scores: Sequence[AssessmentScore]
    lock: LoadingLock


def assessment_results(
    *, uow: UnitOfWork, handle: str, norm_table: HeelRaiseNorms
) -> AssessmentResults:
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        stored = list(uow.assessments.for_athlete(athlete_id))
        lock = current_lock(uow, athlete_id)
    return AssessmentResults(_scored(athlete, stored, norm_table), lock)


def assessment_history(
    *, uow: UnitOfWork, handle: str, norm_table: HeelRaiseNorms
) -> Sequence[AssessmentScore]:
    """Every assessment, oldest first, each scored against the ones before it."""
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        stored = list(uow.assessments.for_athlete(athlete_id))
    return _scored(athlete, stored, norm_table)


def _scored(
    athlete: Athlete, stored: Sequence[Assessment], norm_table: HeelRaiseNorms
) -> list[AssessmentScore]:
    return [
        score_assessment(current, athlete=athlete, earlier=stored[:index], norm_table=norm_table)
        for index, current in enumerate(stored)
    ]
