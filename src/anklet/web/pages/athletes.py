"""/ (the athletes and a form to add one) and /athletes/{handle} (the overview)."""

from __future__ import annotations

from typing import Annotated, Any

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
)
from anklet.domain.errors import Conflict, InvalidValue
from anklet.domain.units import parse_choice
from anklet.reports.documents import athlete_document
from anklet.services.athletes import add_athlete, list_athletes, show_athlete
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import PageRoute, form_data, form_errors, redirect, render, text, whole

router = APIRouter(route_class=PageRoute)
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
}


def _home(
    request: Request, anklet: Any, form: dict[str, Any], errors: dict[str, str], status: int
) -> Response:
    athletes = [athlete_document(a) for a in list_athletes(uow=anklet.uow())]
    context = {"athletes": athletes, "form": form, "errors": errors, "handle": None} | CHOICES
    return render(request, "home.html", context, status=status)


@router.get("/")
def home(request: Request, anklet: AnkletDep) -> Response:
    return _home(request, anklet, BLANK, {}, 200)


def athlete_from(form: FormData) -> Athlete:
    return Athlete(
        handle=text(form, "handle"),
        name=text(form, "name"),
        birth_year=whole(form, "birth_year"),
        sex=parse_choice("sex", text(form, "sex", "unspecified"), Sex),
        goal=parse_choice("goal", text(form, "goal", "both"), Goal),
        days=tuple(parse_choice("days", str(d), Weekday) for d in form.getlist("days")),
        minutes=whole(form, "minutes") or DEFAULT_MINUTES,
        equipment=frozenset(
            parse_choice("equipment", str(e), Equipment) for e in form.getlist("equipment")
        ),
        units=parse_choice("units", text(form, "units", "metric"), UnitSystem),
    )


@router.post("/athletes", dependencies=[Depends(require_csrf)])
def create(request: Request, form: Form, anklet: AnkletDep) -> Response:
    typed: dict[str, Any] = {key: text(form, key) for key in BLANK}
    typed |= {key: [str(v) for v in form.getlist(key)] for key in ("days", "equipment")}
    try:
        stored = add_athlete(uow=anklet.uow(), athlete=athlete_from(form), clock=anklet.clock)
    except InvalidValue as error:
        return _home(request, anklet, typed, form_errors(error), 422)
    except Conflict as error:
        return _home(request, anklet, typed, {"handle": str(error)}, 409)
    return redirect(f"/athletes/{stored.handle}")


@router.get("/athletes/{handle}")
def overview(request: Request, handle: str, anklet: AnkletDep) -> Response:
    view = show_athlete(uow=anklet.uow(), handle=handle)
    context = {
        "handle": handle,
        "athlete": athlete_document(view.athlete, view.lock),
        "assessments": view.assessments,
        "screenings": view.screenings,
    }
    return render(request, "athlete.html", context)
