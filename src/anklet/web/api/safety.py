"""/athletes/{handle}/screenings, /clearances and /locks: red flags, the open locks and the
clearances that lift them."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status

from anklet.domain.errors import InvalidValue
from anklet.domain.paging import page_after
from anklet.domain.screening import QUESTIONS
from anklet.domain.units import LIST_PAGE_DEFAULT
from anklet.reports.documents import (
    clearance_document,
    lock_history_document,
    open_locks_document,
    screening_document,
)
from anklet.services.cursors import lock_entry_cursor
from anklet.services.safety import lock_history, open_locks, record_clearance, record_screening
from anklet.web.access import cleared_by, note_action
from anklet.web.api.paging import Cursor, Limit, link_next, paged_responses
from anklet.web.api.responses import (
    ClearanceOut,
    LockHistoryOut,
    LocksOut,
    QuestionOut,
    ScreeningOut,
)
from anklet.web.api.schemas import ClearanceIn, ScreeningIn
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["safety"])


@router.get("/screening-questions", response_model=list[QuestionOut])
def questions() -> list[dict[str, Any]]:
    """The ten red-flag questions, each citing its sources."""
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
def clear(handle: str, body: ClearanceIn, anklet: AnkletDep, request: Request) -> dict[str, Any]:
    """Record who cleared the athlete and which open locks that lifts (`lifts`, the keys of
    GET .../locks; all of them when left out). The answer says whether other locks still
    hold. 409 when nothing is locked, or when a lock from warning signs or pain above 5/10
    has had no screening since; 422 for a key that is not an open lock."""
    try:
        clearance = record_clearance(
            uow=anklet.uow(),
            handle=handle,
            note=body.note,
            cleared_by=cleared_by(request, body.cleared_by),
            lifts=body.lifts,
            cleared_on=body.date,
            clock=anklet.clock,
        )
    except InvalidValue as error:
        if error.field != "lift":
            raise
        raise InvalidValue("lifts", error.value, error.allowed) from None
    note_action(request, anklet, "clearance.record", handle, f"lifts {', '.join(clearance.lifts)}")
    return clearance_document(clearance, open_locks(uow=anklet.uow(), handle=handle))


@router.get("/athletes/{handle}/locks", response_model=LocksOut)
def locks(handle: str, anklet: AnkletDep) -> dict[str, Any]:
    """The locks that hold now, oldest first, each with the key a clearance names."""
    return open_locks_document(handle, open_locks(uow=anklet.uow(), handle=handle))


@router.get(
    "/athletes/{handle}/locks/history", response_model=LockHistoryOut, responses=paged_responses()
)
def locks_history(
    handle: str,
    anklet: AnkletDep,
    response: Response,
    limit: Limit = LIST_PAGE_DEFAULT,
    after: Cursor = None,
) -> dict[str, Any]:
    """The locks and clearances in the order recorded (who cleared, which locks), a page at a
    time: the `Link` header names the next page."""
    entries = lock_history(uow=anklet.uow(), handle=handle)
    page, following = page_after(entries, lock_entry_cursor, after=after, limit=limit)
    if following is not None:
        link_next(response, f"/athletes/{handle}/locks/history", after=following, limit=limit)
    return lock_history_document(handle, page)
