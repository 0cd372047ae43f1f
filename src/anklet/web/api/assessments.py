"""/athletes/{handle}/assessments: record the tests and read their history."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from anklet.domain.assessment import (
    Assessment,
    HeelRaiseProtocol,
    LungeDevice,
    LungeMethod,
    LungePlacement,
    Rater,
    SideResult,
)
from anklet.domain.paging import page_after
from anklet.domain.plausible_dates import DateNeedsConfirmation
from anklet.domain.units import LIST_PAGE_DEFAULT
from anklet.reports.documents import assessment_document
from anklet.services.assessments import assessment_history, record_assessment
from anklet.services.cursors import assessment_cursor
from anklet.web.api.paging import Cursor, Limit, link_next, paged_responses
from anklet.web.api.responses import AssessmentOut
from anklet.web.api.schemas import CONFIRM_DATE_HINT, AssessmentIn, SideIn
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["assessments"])


def _side(side: SideIn) -> SideResult:
    return SideResult(
        lunge=side.lunge,
        heel_raise_reps=side.heel_raise_reps,
        heel_height_cm=side.heel_height_cm,
        pain=side.pain,
        single_leg_stance_s=side.single_leg_stance_s,
    )


@router.post(
    "/athletes/{handle}/assessments",
    status_code=status.HTTP_201_CREATED,
    response_model=AssessmentOut,
)
def assess(handle: str, body: AssessmentIn, anklet: AnkletDep) -> dict[str, Any]:
    method = LungeMethod(body.lunge_method)
    default_device = "tape" if method is LungeMethod.DISTANCE_CM else "phone"
    assessment = Assessment(
        taken_on=body.date or anklet.clock.today(),
        left=_side(body.left),
        right=_side(body.right),
        lunge_method=method,
        lunge_device=LungeDevice(body.lunge_device or default_device),
        lunge_placement=LungePlacement(body.lunge_placement) if body.lunge_placement else None,
        rater=Rater(body.rater),
        heel_raise_protocol=HeelRaiseProtocol(body.heel_raise_protocol),
        incline_deg=body.incline_deg,
    )
    try:
        score = record_assessment(
            uow=anklet.uow(),
            handle=handle,
            assessment=assessment,
            norm_table=anklet.norm_table,
            clock=anklet.clock,
            confirm_date=body.confirm_date,
        )
    except DateNeedsConfirmation as refused:
        raise refused.confirm_by(CONFIRM_DATE_HINT) from None
    return assessment_document(handle, score)


@router.get(
    "/athletes/{handle}/assessments",
    response_model=list[AssessmentOut],
    responses=paged_responses(),
)
def history(
    handle: str,
    anklet: AnkletDep,
    response: Response,
    limit: Limit = LIST_PAGE_DEFAULT,
    after: Cursor = None,
) -> list[dict[str, Any]]:
    """The assessments, oldest first, each with the changes since the one before, a page at
    a time: the `Link` header names the next page."""
    scores = assessment_history(uow=anklet.uow(), handle=handle, norm_table=anklet.norm_table)
    page, following = page_after(scores, assessment_cursor, after=after, limit=limit)
    if following is not None:
        link_next(response, f"/athletes/{handle}/assessments", after=following, limit=limit)
    return [assessment_document(handle, score) for score in page]
