"""/athletes/{handle}/screen: the ten red-flag questions, the result, and the clearance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData

from anklet.domain.errors import Conflict, InvalidValue
from anklet.domain.screening import QUESTIONS
from anklet.reports.documents import athlete_document, lock_event_document, screening_document
from anklet.services.athletes import show_athlete
from anklet.services.safety import record_clearance, record_screening
from anklet.web.access import cleared_by as recorder
from anklet.web.access import note_action
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import (
    PageRoute,
    day,
    flag,
    form_data,
    form_errors,
    redirect,
    render,
    text,
)

if TYPE_CHECKING:
    from anklet.domain.safety import LoadingLock

router = APIRouter(route_class=PageRoute)
Form = Annotated[FormData, Depends(form_data)]


def clearance_context(lock: LoadingLock, typed: dict[str, Any] | None = None) -> dict[str, Any]:
    """What clearance_form.html shows: the open locks as checkboxes (all ticked unless the
    form comes back with the user's own choice), who cleared and the note as typed."""
    locks = [lock_event_document(event) for event in lock.events]
    blank = {"lifts": [entry["key"] for entry in locks], "cleared_by": "", "note": ""}
    return {"locks": locks, "clearance": blank | (typed or {})}


def _form(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    view = show_athlete(uow=anklet.uow(), handle=handle)
    context = {
        "handle": handle,
        "athlete": athlete_document(view.athlete, view.lock),
        "lock": view.lock,
        "questions": QUESTIONS,
        "errors": errors or {},
        "today": anklet.clock.today().isoformat(),
    }
    return render(request, "screen.html", context, status=status)


@router.get("/athletes/{handle}/screen")
def screen_form(request: Request, handle: str, anklet: AnkletDep) -> Response:
    return _form(request, handle, anklet)


@router.post("/athletes/{handle}/screen", dependencies=[Depends(require_csrf)])
def screen(request: Request, handle: str, form: Form, anklet: AnkletDep) -> Response:
    try:
        outcome = record_screening(
            uow=anklet.uow(),
            handle=handle,
            yes=[_number(str(value)) for value in form.getlist("yes")],
            exercise_only=flag(form, "exercise_only"),
            taken_on=day(form, "date", anklet.clock.today()),
            clock=anklet.clock,
        )
    except InvalidValue as error:
        return _form(request, handle, anklet, form_errors(error), 422)
    context = {
        "handle": handle,
        "result": screening_document(outcome.result, outcome.lock),
        "today": anklet.clock.today().isoformat(),
    } | clearance_context(outcome.lock)
    return render(request, "screen_result.html", context)


def _number(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise InvalidValue("question", raw, "a question number from 1 to 10") from None


@router.post("/athletes/{handle}/clearance", dependencies=[Depends(require_csrf)])
def clear(request: Request, handle: str, form: Form, anklet: AnkletDep) -> Response:
    lifts = [str(value) for value in form.getlist("lift")]
    cleared_by, note = text(form, "cleared_by"), text(form, "note")
    typed = {"lifts": lifts, "cleared_by": cleared_by, "note": note}
    try:
        if not lifts:
            raise InvalidValue("lift", "none ticked", "at least one open lock ticked")
        record_clearance(
            uow=anklet.uow(),
            handle=handle,
            note=note,
            cleared_by=recorder(request, cleared_by),
            lifts=lifts,
            cleared_on=day(form, "date", anklet.clock.today()),
            clock=anklet.clock,
        )
    except (InvalidValue, Conflict) as error:
        view = show_athlete(uow=anklet.uow(), handle=handle)
        conflict = isinstance(error, Conflict)
        errors = (
            form_errors(error) if isinstance(error, InvalidValue) else {"clearance": str(error)}
        )
        context = {
            "handle": handle,
            "athlete": athlete_document(view.athlete, view.lock),
            "assessments": view.assessments,
            "screenings": view.screenings,
            "errors": errors,
        } | clearance_context(view.lock, typed)
        return render(request, "athlete.html", context, status=409 if conflict else 422)
    note_action(request, anklet, "clearance.record", handle, f"lifts {', '.join(lifts)}")
    return redirect(f"/athletes/{handle}")
