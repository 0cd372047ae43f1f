"""/athletes: create, read, edit, list."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response, status

from anklet.domain.athlete import (
    HANDLE_MAX_CHARS,
    Athlete,
    Equipment,
    Goal,
    Sex,
    UnitSystem,
    Weekday,
)
from anklet.reports.documents import athlete_document
from anklet.services.athletes import edit_athlete, list_athletes, show_athlete
from anklet.web.access import add_athlete_as, scope_for
from anklet.web.api.responses import AthleteDetailOut, AthleteOut
from anklet.web.api.schemas import AthleteEdit, AthleteIn
from anklet.web.api.versions import IfMatch, edit_of, etag_header, send_etag, versioned_responses
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["athletes"])
API_PREFIX = "/api/v1"


def versioned(athlete: Athlete, document: dict[str, Any]) -> dict[str, Any]:
    """The athlete's document with the version an edit must name."""
    return document | {"version": athlete.version}


# A page of the athlete list: the default and the most one request returns.
PAGE_DEFAULT = 50
PAGE_MAX = 200
LINK_HEADER = {
    "Link": {
        "description": 'the next page, when there is one: <...?after=HANDLE&limit=N>; rel="next"',
        "schema": {"type": "string"},
    }
}


@router.get(
    "/athletes",
    response_model=list[AthleteOut],
    responses={200: {"headers": LINK_HEADER}},
)
def athletes_list(
    anklet: AnkletDep,
    request: Request,
    response: Response,
    limit: Annotated[
        int, Query(ge=1, le=PAGE_MAX, description=f"at most this many; default {PAGE_DEFAULT}")
    ] = PAGE_DEFAULT,
    after: Annotated[
        str | None,
        Query(
            max_length=HANDLE_MAX_CHARS,
            description="the last handle of the page before (the Link header gives it)",
        ),
    ] = None,
) -> list[dict[str, Any]]:
    """Athletes by handle, a page at a time: the `Link` header names the next page."""
    found = list_athletes(uow=anklet.uow(), after=after, limit=limit + 1, scope=scope_for(request))
    page = found[:limit]
    if len(found) > limit:
        query = urlencode({"after": page[-1].handle, "limit": limit})
        response.headers["Link"] = f'<{API_PREFIX}/athletes?{query}>; rel="next"'
    return [versioned(a, athlete_document(a)) for a in page]


@router.post("/athletes", status_code=status.HTTP_201_CREATED, response_model=AthleteOut)
def athletes_add(body: AthleteIn, anklet: AnkletDep, request: Request) -> dict[str, Any]:
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
    stored = add_athlete_as(request, anklet, athlete)
    return versioned(stored, athlete_document(stored))


@router.get(
    "/athletes/{handle}",
    response_model=AthleteDetailOut,
    responses={200: {"headers": etag_header("athlete")}},
)
def athletes_show(handle: str, anklet: AnkletDep, response: Response) -> dict[str, Any]:
    view = show_athlete(uow=anklet.uow(), handle=handle)
    document = versioned(view.athlete, athlete_document(view.athlete, view.lock))
    send_etag(response, view.athlete.version)
    return document | {"assessments": view.assessments, "screenings": view.screenings}


@router.patch(
    "/athletes/{handle}",
    response_model=AthleteOut,
    responses=versioned_responses("athlete"),
)
def athletes_edit(
    handle: str,
    body: AthleteEdit,
    anklet: AnkletDep,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Change only the fields given. Name the version you edited (If-Match, or `version`
    in the body) and an athlete changed elsewhere meanwhile is a 409 naming its version."""
    expected, given = edit_of(if_match, body, "athlete")
    converters: dict[str, Any] = {
        "sex": Sex,
        "goal": Goal,
        "units": UnitSystem,
        "days": lambda days: tuple(Weekday(d) for d in days),
        "equipment": lambda items: frozenset(Equipment(i) for i in items),
    }
    changes = {key: converters.get(key, lambda v: v)(value) for key, value in given.items()}
    edited = expected.apply(
        lambda version: edit_athlete(
            uow=anklet.uow(),
            handle=handle,
            changes=changes,
            clock=anklet.clock,
            expected_version=version,
        )
    )
    send_etag(response, edited.version)
    return versioned(edited, athlete_document(edited))
