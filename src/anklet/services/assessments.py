"""Use cases for the ankle assessment: record one, and read the history with its changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from anklet.domain.assessment import Assessment, validate_assessment
from anklet.domain.evaluation import AssessmentScore, score_assessment
from anklet.domain.norms import HeelRaiseNorms
from anklet.services.lookup import get_athlete
from anklet.services.ports import Clock, UnitOfWork


def record_assessment(
    *,
    uow: UnitOfWork,
    handle: str,
    assessment: Assessment,
    norm_table: HeelRaiseNorms,
    clock: Clock,
) -> AssessmentScore:
    """Validate, store and score one assessment against the athlete's earlier ones.

    Recording a test is allowed while loading is locked: measuring is not training, and the
    pain values it records are what a clinician will want to see.
    """
    checked = validate_assessment(assessment, clock.today())
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        # A back-dated test is compared only with the tests taken before it.
        earlier = [
            a for a in uow.assessments.for_athlete(athlete_id) if a.taken_on <= checked.taken_on
        ]
        stored = uow.assessments.add(
            athlete_id, dataclasses.replace(checked, recorded_at=clock.now())
        )
        uow.commit()
    return score_assessment(stored, athlete=athlete, earlier=earlier, norm_table=norm_table)


def assessment_history(
    *, uow: UnitOfWork, handle: str, norm_table: HeelRaiseNorms
) -> Sequence[AssessmentScore]:
    """Every assessment, oldest first, each scored against the ones before it."""
    with uow:
        athlete, athlete_id = get_athlete(uow, handle)
        stored = list(uow.assessments.for_athlete(athlete_id))
    return [
        score_assessment(current, athlete=athlete, earlier=stored[:index], norm_table=norm_table)
        for index, current in enumerate(stored)
    ]
