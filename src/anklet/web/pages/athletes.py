"""/ (the athletes and a form to add one), /athletes/{handle} (the overview) and
/athletes/{handle}/edit (the same details, prefilled, to change)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request, Response
from starlette.datastructures import FormData

from anklet.domain.athlete import (
    DEFAULT_DAYS,
    DEFAULT_MINUTES,
    Athlete,
    Equipment,
    Goal,
    Sex,
    UnitSystem,
    Weekday,
    validate_athlete,
)
from anklet.domain.errors import Conflict, InvalidValue, StaleVersion
from anklet.domain.units import LIST_PAGE, LIST_PAGE_DEFAULT
from anklet.reports.documents import athlete_document
from anklet.services.athletes import edit_athlete, list_athletes, show_athlete
from anklet.web.access import add_athlete_as, coach_notes, scope_for
from anklet.web.api.athletes import PAGE_DEFAULT, PAGE_MAX
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.paging import AfterText, LimitText, page_limit
from anklet.web.pages.render import (
    FormReader,
    PageRoute,
    form_data,
    form_errors,
    redirect,
    render,
    text,
    whole,
)
from anklet.web.pages.safety import clearance_context

router = APIRouter(route_class=PageRoute)
METRIC = UnitSystem.METRIC
Form = Annotated[FormData, Depends(form_data)]

CHOICES = {
    "sexes": [s.value for s in Sex],
    "goals": [g.value for g in Goal],
    "weekdays": [d.value for d in Weekday],
    "equipment_items": [e.value for e in Equipment],
    "unit_systems": [u.value for u in UnitSystem],
}
BLANK = {
    "handle": "",
    "name": "",
    "birth_year": "",
    "sex": Sex.UNSPECIFIED.value,
    "goal": Goal.BOTH.value,
    "days": [d.value for d in DEFAULT_DAYS],
    "minutes": str(DEFAULT_MINUTES),
    "equipment": [],
    "units": UnitSystem.METRIC.value,
    "body_mass_kg": "",
}


def _home(
    request: Request,
    anklet: Any,
    form: dict[str, Any],
    errors: dict[str, str],
    status: int,
    after: str | None = None,
    limit: int = PAGE_DEFAULT,
) -> Response:
    """A page of athletes by handle, as the API's list: one more is read to know whether a
    next page exists."""
    found = list_athletes(uow=anklet.uow(), scope=scope_for(request), after=after, limit=limit + 1)
    page = found[:limit]
    more = (
        "?" + urlencode({"after": page[-1].handle, "limit": limit}) if len(found) > limit else None
    )
    context = {
        "athletes": [athlete_document(a) for a in page],
        "more_athletes": more,
        "first_athletes": after is not None,
        "form": form,
        "errors": errors,
        "handle": None,
    }
    return render(request, "home.html", context | CHOICES, status=status)


@router.get("/")
def home(
    request: Request, anklet: AnkletDep, after: AfterText = None, limit: LimitText = None
) -> Response:
    """Your athletes a page at a time (`limit`, default 50, at most 200; `after`: the last
    handle shown), and the form to add one."""
    size = page_limit(limit, default=PAGE_DEFAULT, most=PAGE_MAX)
    return _home(request, anklet, BLANK, {}, 200, after=after or None, limit=size)


def details_from(reader: FormReader) -> dict[str, Any]:
    """The editable details of an athlete (all but the handle), read from the form; a field
    that does not read is kept in `reader` and gives its default."""
    form = reader.form
    minutes = reader.whole("minutes")
    return {
        "name": text(form, "name"),
        "birth_year": reader.whole("birth_year"),
        "sex": reader.choice("sex", text(form, "sex", "unspecified"), Sex, Sex.UNSPECIFIED),
        "goal": reader.choice("goal", text(form, "goal", "both"), Goal, Goal.BOTH),
        "days": tuple(
            reader.choice("days", str(d), Weekday, Weekday.MON) for d in form.getlist("days")
        ),
        "minutes": DEFAULT_MINUTES if minutes is None else minutes,
        "equipment": frozenset(
            reader.choice("equipment", str(e), Equipment, Equipment.WALL)
            for e in form.getlist("equipment")
        ),
        "units": reader.choice("units", text(form, "units", "metric"), UnitSystem, METRIC),
        "body_mass_kg": reader.number("body_mass_kg"),
    }


def athlete_from(form: FormData, today: dt.date) -> Athlete:
    """The athlete as typed; every problem of the form at once (InvalidValues)."""
    reader = FormReader(form)
    athlete = Athlete(handle=text(form, "handle"), **details_from(reader))
    reader.also(lambda: validate_athlete(athlete, today))
    reader.raise_if_any()
    return athlete


def changes_from(form: FormData, current: Callable[[], Athlete], today: dt.date) -> dict[str, Any]:
    """The edited details; every problem of the form at once (InvalidValues). The stored
    athlete (`current`) is read only when a field did not read, to check the others."""
    reader = FormReader(form)
    changes = details_from(reader)
    reader.also(lambda: validate_athlete(dataclasses.replace(current(), **changes), today))
    reader.raise_if_any()
    return changes


def typed_in(form: FormData) -> dict[str, Any]:
    """What was typed, to show the form again as it was sent."""
    typed: dict[str, Any] = {key: text(form, key) for key in BLANK}
    return typed | {key: [str(v) for v in form.getlist(key)] for key in ("days", "equipment")}


@router.post("/athletes", dependencies=[Depends(require_csrf)])
def create(request: Request, form: Form, anklet: AnkletDep) -> Response:
    typed = typed_in(form)
    try:
        athlete = athlete_from(form, anklet.clock.today())
        stored = add_athlete_as(request, anklet, athlete)
    except InvalidValue as error:
        return _home(request, anklet, typed, form_errors(error), 422)
    except Conflict as error:
        return _home(request, anklet, typed, {"handle": str(error)}, 409)
    return redirect(f"/athletes/{stored.handle}")


def _note_cursor(text: str | None) -> int | None:
    """The note an older-notes link names (its id); InvalidValue for anything else."""
    if text is None or not text.strip():
        return None
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) < 2**31:
        raise InvalidValue("after", text, "the id of a note, as the older notes link names it")
    return int(cleaned)


@router.get("/athletes/{handle}")
def overview(
    request: Request,
    handle: str,
    anklet: AnkletDep,
    limit: LimitText = None,
    after: AfterText = None,
) -> Response:
    """The athlete, and for a linked coach the clinical notes newest first, a page at a
    time (`limit`, `after`: the last note's id, as the API's)."""
    view = show_athlete(uow=anklet.uow(), handle=handle)
    size = page_limit(limit, default=LIST_PAGE_DEFAULT, most=int(LIST_PAGE.maximum))
    notes = coach_notes(request, anklet, handle, limit=size, after=_note_cursor(after))
    following = notes[1] if notes is not None else None
    context = {
        "handle": handle,
        "athlete": athlete_document(view.athlete, view.lock),
        "assessments": view.assessments,
        "screenings": view.screenings,
        "notes": notes[0] if notes is not None else None,
        "older_notes": (
            "?" + urlencode({"after": following, "limit": size}) if following else None
        ),
        "newest_notes": "?" if after else None,
    } | clearance_context(view.lock)
    return render(request, "athlete.html", context)


def _edit_page(
    request: Request,
    handle: str,
    anklet: Any,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    view = show_athlete(uow=anklet.uow(), handle=handle)
    stored = athlete_document(view.athlete)
    current = stored | {
        "birth_year": "" if stored["birth_year"] is None else str(stored["birth_year"]),
        "minutes": str(stored["minutes"]),
        "body_mass_kg": _kg(stored["body_mass_kg"]),
    }
    context = {
        "handle": handle,
        "lock": view.lock,
        "athlete": stored,
        # The version the form was filled from; a save made on an older one is refused.
        "version": view.athlete.version,
        "form": current | (form or {}),
        "errors": errors or {},
    } | CHOICES
    return render(request, "athlete_edit.html", context, status=status)


def _kg(body_mass_kg: float | None) -> str:
    """72.0 shows as 72, 72.5 as 72.5; empty when not given."""
    return "" if body_mass_kg is None else f"{body_mass_kg:g}"


@router.get("/athletes/{handle}/edit")
def edit_form(request: Request, handle: str, anklet: AnkletDep) -> Response:
    return _edit_page(request, handle, anklet)


@router.post("/athletes/{handle}/edit", dependencies=[Depends(require_csrf)])
def edit(request: Request, handle: str, form: Form, anklet: AnkletDep) -> Response:
    typed = typed_in(form) | {"handle": handle}
    try:
        edit_athlete(
            uow=anklet.uow(),
            handle=handle,
            changes=changes_from(
                form,
                lambda: show_athlete(uow=anklet.uow(), handle=handle).athlete,
                anklet.clock.today(),
            ),
            clock=anklet.clock,
            expected_version=whole(form, "version"),
        )
    except InvalidValue as error:
        return _edit_page(request, handle, anklet, typed, form_errors(error), 422)
    except StaleVersion:
        # What was typed stays in the form; the banner says to reload for the stored details.
        errors = {"version": CHANGED_ELSEWHERE}
        return _edit_page(request, handle, anklet, typed, errors, 409)
    return redirect(f"/athletes/{handle}")


CHANGED_ELSEWHERE = (
    "These details were changed elsewhere since you opened this page: reload it to see them, "
    "then make your change again."
)
