"""/athletes/{handle}/screenings and /clearances: red flags and the lock."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from anklet.domain.screening import QUESTIONS
from anklet.reports.documents import clearance_document, screening_document
from anklet.services.safety import record_clearance, record_screening
from anklet.web.api.responses import ClearanceOut, QuestionOut, ScreeningOut
from anklet.web.api.schemas import ClearanceIn, ScreeningIn
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["safety"])


@router.get("/screening-questions", response_model=list[QuestionOut])
def questions() -> list[dict[str, Any]]:
    """The ten red-flag questions, numbered as in science.md section 8."""
    return [
        {
            "number": q.number,
            "text": q.text,
            "action": q.action.value,
            "exercise_only_action": q.exercise_only_action.value
            if q.exercise_only_action
            else None,
        }
        for q in QUESTIONS
    ]


@router.post(
    "/athletes/{handle}/screenings",
    status_code=status.HTTP_201_CREATED,
    response_model=ScreeningOut,
)
def screen(handle: str, body: ScreeningIn, anklet: AnkletDep) -> dict[str, Any]:
    outcome = record_screening(
        uow=anklet.uow(),
        handle=handle,
        yes=body.yes,
        exercise_only=body.exercise_only,
        taken_on=body.date,
        clock=anklet.clock,
    )
    return screening_document(outcome.result, outcome.lock)


@router.post(
    "/athletes/{handle}/clearances",
    status_code=status.HTTP_201_CREATED,
    response_model=ClearanceOut,
)
def clear(handle: str, body: ClearanceIn, anklet: AnkletDep) -> dict[str, Any]:
    clearance = record_clearance(
        uow=anklet.uow(), handle=handle, note=body.note, cleared_on=body.date, clock=anklet.clock
    )
    return clearance_document(clearance)
