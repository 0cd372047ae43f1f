"""/athletes: create, read, edit, list."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status

from anklet.domain.athlete import Athlete, Equipment, Goal, Sex, UnitSystem, Weekday
from anklet.reports.documents import athlete_document
from anklet.services.athletes import add_athlete, edit_athlete, list_athletes, show_athlete
from anklet.web.api.responses import AthleteDetailOut, AthleteOut
from anklet.web.api.schemas import AthleteEdit, AthleteIn
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["athletes"])


@router.get("/athletes", response_model=list[AthleteOut])
def athletes_list(anklet: AnkletDep) -> list[dict[str, Any]]:
    return [athlete_document(a) for a in list_athletes(uow=anklet.uow())]


@router.post("/athletes", status_code=status.HTTP_201_CREATED, response_model=AthleteOut)
def athletes_add(body: AthleteIn, anklet: AnkletDep) -> dict[str, Any]:
    athlete = Athlete(
        handle=body.handle,
        name=body.name,
        birth_year=body.birth_year,
        sex=Sex(body.sex),
        goal=Goal(body.goal),
        days=tuple(Weekday(day) for day in body.days),
        minutes=body.minutes,
        equipment=frozenset(Equipment(item) for item in body.equipment),
        units=UnitSystem(body.units),
        body_mass_kg=body.body_mass_kg,
    )
    stored = add_athlete(uow=anklet.uow(), athlete=athlete, clock=anklet.clock)
    return athlete_document(stored)


@router.get("/athletes/{handle}", response_model=AthleteDetailOut)
def athletes_show(handle: str, anklet: AnkletDep) -> dict[str, Any]:
    view = show_athlete(uow=anklet.uow(), handle=handle)
    document = athlete_document(view.athlete, view.lock)
    return document | {"assessments": view.assessments, "screenings": view.screenings}


@router.patch("/athletes/{handle}", response_model=AthleteOut)
def athletes_edit(handle: str, body: AthleteEdit, anklet: AnkletDep) -> dict[str, Any]:
    given = body.model_dump(exclude_none=True)
    converters: dict[str, Any] = {
        "sex": Sex,
        "goal": Goal,
        "units": UnitSystem,
        "days": lambda days: tuple(Weekday(d) for d in days),
        "equipment": lambda items: frozenset(Equipment(i) for i in items),
    }
    changes = {key: converters.get(key, lambda v: v)(value) for key, value in given.items()}
    if not changes:
        from anklet.domain.errors import InvalidValue

        raise InvalidValue("body", "{}", "at least one field to change")
    edited = edit_athlete(uow=anklet.uow(), handle=handle, changes=changes, clock=anklet.clock)
    return athlete_document(edited)
