"""Who may use which route, decided in one place.

With accounts off (the single-user app on this machine) every route is open, as before. With
accounts on, `authorize`, a dependency of every route, finds the principal (a session cookie
or an API token), looks the route up in `DOORS` and lets the request in or refuses it. A
route missing from `DOORS` is refused for everyone (and fails the authorization-matrix test),
so a new route is closed until someone decides who may use it.

A refused read of an athlete answers exactly as a handle that does not exist would (404), so
nobody learns which athletes exist by trying handles.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request, status

from anklet.domain.accounts import AthleteScope, Principal, Role, TokenScope, scope_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from anklet.bootstrap import Anklet
    from anklet.domain.accounts import ClinicalNote
    from anklet.domain.athlete import Athlete

SESSION_COOKIE = "anklet_session"
READING = frozenset({"GET", "HEAD"})


class Door(StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_IN = "signed-in"  # any account (lists are scoped by the route)
    ATHLETE = "athlete"  # the athlete's own account, or a coach linked to them
    ERASE = "erase"  # the athlete's own account, or an admin
    CLINICIAN = "clinician"  # a coach linked to the athlete (clinical notes)
    COACH = "coach"
    ADMIN = "admin"
    CLOSED = "closed"  # not offered on a server with accounts


API = "/api/v1"
ATHLETE_PAGES = (
    "",
    "/assess",
    "/assess/result",
    "/checkin",
    "/clearance",
    "/data",
    "/edit",
    "/handout",
    "/log",
    "/plan",
    "/progress",
    "/report",
    "/runs",
    "/screen",
    "/squat-depth",
    "/status",
    "/today",
)
ATHLETE_API = (
    "",
    "/assessments",
    "/baseline",
    "/calendar.ics",
    "/check-ins",
    "/check-ins/{day}",
    "/clearances",
    "/export",
    "/handout",
    "/history",
    "/locks",
    "/locks/history",
    "/plan",
    "/plans",
    "/progress",
    "/progress-report",
    "/runs",
    "/runs/{run_id}",
    "/screenings",
    "/session-logs",
    "/session-logs/{day}/{kind}",
    "/squat-depths",
    "/squat-depths/{day}",
    "/status",
    "/today",
    "/week",
)

# Every route of the app by its path template: see the module docstring.
DOORS: dict[str, Door] = {
    "/login": Door.PUBLIC,
    "/logout": Door.PUBLIC,
    "/join": Door.PUBLIC,
    "/reset": Door.PUBLIC,
    "/static": Door.PUBLIC,
    # The installable app's worker and manifest hold no athlete's data.
    "/sw.js": Door.PUBLIC,
    "/manifest.webmanifest": Door.PUBLIC,
    f"{API}/openapi.json": Door.PUBLIC,
    f"{API}/docs": Door.PUBLIC,
    "/": Door.SIGNED_IN,
    "/athletes": Door.SIGNED_IN,
    f"{API}/athletes": Door.SIGNED_IN,
    "/exercises": Door.SIGNED_IN,
    "/exercises/{exercise_id}": Door.SIGNED_IN,
    f"{API}/exercises": Door.SIGNED_IN,
    f"{API}/exercises/{{exercise_id}}": Door.SIGNED_IN,
    "/sources": Door.SIGNED_IN,
    f"{API}/sources": Door.SIGNED_IN,
    f"{API}/sources/{{source_id}}": Door.SIGNED_IN,
    f"{API}/screening-questions": Door.SIGNED_IN,
    f"{API}/me": Door.SIGNED_IN,
    f"{API}/tokens": Door.SIGNED_IN,
    f"{API}/tokens/{{token_id}}": Door.SIGNED_IN,
    f"{API}/invitations": Door.SIGNED_IN,
    f"{API}/coach-links": Door.SIGNED_IN,
    f"{API}/coach-links/invitations": Door.SIGNED_IN,
    f"{API}/coach-links/{{coach_id}}": Door.SIGNED_IN,
    f"{API}/audit": Door.ADMIN,
    "/account": Door.SIGNED_IN,
    "/account/tokens": Door.SIGNED_IN,
    "/account/tokens/{token_id}/revoke": Door.SIGNED_IN,
    "/account/invitations": Door.SIGNED_IN,
    "/account/coach-link": Door.SIGNED_IN,
    "/account/coaches/{coach_id}/revoke": Door.SIGNED_IN,
    "/link": Door.SIGNED_IN,
    "/admin/audit": Door.ADMIN,
    "/admin/audit.csv": Door.ADMIN,
    "/caseload": Door.COACH,
    f"{API}/caseload": Door.COACH,
    # Importing makes athletes from a file; on a shared server that needs an owner first.
    "/import": Door.CLOSED,
    f"{API}/imports": Door.CLOSED,
    "/athletes/{handle}/delete": Door.ERASE,
    "/athletes/{handle}/notes": Door.CLINICIAN,
    f"{API}/athletes/{{handle}}/clinical-notes": Door.CLINICIAN,
    f"{API}/athletes/{{handle}}/plan-changes/{{change_id}}": Door.CLINICIAN,
    "/athletes/{handle}/plan-changes": Door.CLINICIAN,
}
DOORS |= {f"/athletes/{{handle}}{tail}": Door.ATHLETE for tail in ATHLETE_PAGES}
DOORS |= {f"{API}/athletes/{{handle}}{tail}": Door.ATHLETE for tail in ATHLETE_API}
# Deleting through the API is DELETE /athletes/{handle}: the same template as reading it.
METHOD_DOORS: dict[tuple[str, str], Door] = {
    ("DELETE", f"{API}/athletes/{{handle}}"): Door.ERASE,
    # The athlete reads the coach's changes; only a linked coach makes them.
    ("GET", f"{API}/athletes/{{handle}}/plan-changes"): Door.ATHLETE,
    ("POST", f"{API}/athletes/{{handle}}/plan-changes"): Door.CLINICIAN,
}


def door_of(method: str, template: str) -> Door:
    """The door of a route; CLOSED for a route nobody has decided about."""
    return METHOD_DOORS.get((method, template)) or DOORS.get(template, Door.CLOSED)


def route_template(request: Request) -> str:
    """The path template of the route that answers: the one whose parameters, filled in,
    give this request's path ("/athletes/{handle}/today" for "/athletes/ana/today")."""
    params = {key: str(value) for key, value in request.path_params.items()}
    path = request.url.path
    if not params:
        return path
    for template in (*DOORS, *(template for _, template in METHOD_DOORS)):
        if "{" in template and _filled(template, params) == path:
            return template
    return path


def _filled(template: str, params: dict[str, str]) -> str | None:
    try:
        return template.format_map(params)
    except (KeyError, ValueError):
        return None


class SignInNeeded(HTTPException):
    """No principal: a page sends the browser to the sign-in page, the API answers 401."""

    def __init__(self) -> None:
        super().__init__(
            status.HTTP_401_UNAUTHORIZED,
            "sign in first (a session cookie, or Authorization: Bearer with an API token)",
            headers={"WWW-Authenticate": 'Bearer realm="anklet"'},
        )


class Refused(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(status.HTTP_403_FORBIDDEN, detail)


def principal_of(request: Request) -> Principal | None:
    """The signed-in principal of this request (set by `authorize`), None in single-user
    mode or when nobody is signed in."""
    found: Principal | None = getattr(request.state, "principal", None)
    return found


def scope_for(request: Request) -> AthleteScope | None:
    """What a list may show: everything in single-user mode, else the principal's athletes."""
    principal = principal_of(request)
    return None if principal is None else scope_of(principal)


def client_address(request: Request) -> str:
    return request.client.host if request.client else ""


def resolve_principal(request: Request, anklet: Anklet) -> Principal | None:
    from anklet.services.accounts import session_principal, token_principal

    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials:
        found = token_principal(uow=anklet.accounts_uow(), clock=anklet.clock, secret=credentials)
        if found is None:
            raise SignInNeeded()  # a wrong or revoked token is never treated as anonymous
        return found
    return session_principal(
        uow=anklet.accounts_uow(), clock=anklet.clock, secret=request.cookies.get(SESSION_COOKIE)
    )


def authorize(request: Request) -> None:
    """Every route depends on this (see the module docstring)."""
    anklet: Anklet = request.app.state.anklet
    if not anklet.settings.accounts:
        return
    door = door_of(request.method, route_template(request))
    if door is Door.PUBLIC:
        request.state.principal = _quietly(request, anklet)
        return
    if door is Door.CLOSED:
        raise Refused("this is not offered on a server with accounts")
    principal = resolve_principal(request, anklet)
    if principal is None:
        raise SignInNeeded()
    request.state.principal = principal
    if principal.scope is TokenScope.READ and request.method not in READING:
        raise Refused("this API token may only read; make a token with the write scope")
    _through(door, request, anklet, principal)


def _quietly(request: Request, anklet: Anklet) -> Principal | None:
    try:
        return resolve_principal(request, anklet)
    except SignInNeeded:
        return None


def _through(door: Door, request: Request, anklet: Anklet, principal: Principal) -> None:
    if door is Door.COACH and principal.role is not Role.COACH:
        raise Refused("the caseload is a coach's page")
    if door is Door.ADMIN and principal.role is not Role.ADMIN:
        raise Refused("this is an admin's page")
    if door in (Door.ATHLETE, Door.ERASE, Door.CLINICIAN):
        _athlete_door(door, request, anklet, principal)


def _athlete_door(door: Door, request: Request, anklet: Anklet, principal: Principal) -> None:
    from anklet.services.accounts import AccessRefused, reachable_athlete

    handle = str(request.path_params.get("handle", ""))
    if door is Door.ERASE and principal.role is Role.ADMIN:
        return  # an admin may erase any record (the delete itself says when none exists)
    athlete_id = reachable_athlete(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        principal=principal,
        handle=handle,
        address=client_address(request),
        action=f"{request.method} {request.url.path}",
    )
    if door is Door.ERASE and principal.account.athlete_id != athlete_id:
        raise AccessRefused("athlete", handle)
    if door is Door.CLINICIAN and principal.role is not Role.COACH:
        raise AccessRefused("athlete", handle)


def cleared_by(request: Request, typed: str) -> str:
    """Who recorded a clearance: on the server, a coach's own name and address (a coach
    records it in their name); otherwise what the athlete typed (the clinician who saw
    them)."""
    principal = principal_of(request)
    if principal is not None and principal.role is Role.COACH:
        return f"{principal.account.name} ({principal.account.email})"[:120]
    return typed


def note_action(request: Request, anklet: Anklet, action: str, handle: str, detail: str) -> None:
    """The audit log's line for a change a signed-in account made to an athlete's record."""
    from anklet.services.accounts import record_action

    record_action(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        principal=principal_of(request),
        action=action,
        handle=handle,
        detail=detail,
        address=client_address(request),
    )


def add_athlete_as(request: Request, anklet: Anklet, athlete: Athlete) -> Athlete:
    """A new athlete record: anyone's in single-user mode; with accounts, claimed by the
    signed-in athlete or followed by the signed-in coach, in the same transaction."""
    from anklet.services.accounts import add_athlete_for
    from anklet.services.athletes import add_athlete

    principal = principal_of(request)
    if principal is None:
        return add_athlete(uow=anklet.uow(), athlete=athlete, clock=anklet.clock)
    return add_athlete_for(
        uow=anklet.uow(), clock=anklet.clock, principal=principal, athlete=athlete
    )


def coach_notes(
    request: Request, anklet: Anklet, handle: str, *, limit: int, after: int | None
) -> tuple[Sequence[ClinicalNote], int | None] | None:
    """The page of clinical notes the overview shows a linked coach, and the cursor of the
    older ones (services.accounts.notes_for); None for anyone else."""
    from anklet.services.accounts import notes_for

    principal = principal_of(request)
    if principal is None or principal.role is not Role.COACH:
        return None
    return notes_for(
        uow=anklet.accounts_uow(), principal=principal, handle=handle, limit=limit, after=after
    )


def may_change_plan(request: Request) -> bool:
    """Whether the plan page offers the coach's change form: to a signed-in coach (the
    door of the form's route checks the link)."""
    principal = principal_of(request)
    return principal is not None and principal.role is Role.COACH
