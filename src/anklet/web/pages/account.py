"""/account (who you are, your API tokens, your coaches or your invitations), /link (a coach
accepts an athlete's link) and /admin/audit (the audit log, and its CSV export)."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from starlette.datastructures import FormData

from anklet.domain.accounts import NAME_MAX_CHARS, Principal, Role, TokenScope, check_label
from anklet.domain.coach_changes import ChangeKind, CoachChange, check_change
from anklet.domain.errors import AnkletError, InvalidValue, NotFound, Problems, each_problem
from anklet.domain.units import parse_choice
from anklet.services.accounts import (
    AUDIT_PAGE_MAX,
    accept_link,
    account_view,
    add_note,
    create_token,
    handle_of,
    invite,
    invite_coach,
    list_audit,
    revoke_link,
    revoke_token,
)
from anklet.services.plan_changes import change_plan
from anklet.web.access import client_address, note_action, principal_of
from anklet.web.api.accounts import RowId
from anklet.web.csrf import require_csrf
from anklet.web.deps import AnkletDep
from anklet.web.pages.render import (
    FormReader,
    PageRoute,
    form_data,
    form_errors,
    redirect,
    render,
    text,
)

router = APIRouter(route_class=PageRoute)
Form = Annotated[FormData, Depends(form_data)]
CSV_PAGE = AUDIT_PAGE_MAX


def _me(request: Request) -> Principal:
    found = principal_of(request)
    if found is None:
        raise NotFound(
            "account",
            "none",
            message="this Anklet runs without accounts (anklet serve --accounts turns them "
            "on): no one is signed in, so there are no accounts, tokens, links or clinical notes",
        )
    return found


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _account_page(
    request: Request,
    anklet: Any,
    *,
    shown: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    me = _me(request)
    view = account_view(uow=anklet.accounts_uow(), principal=me)
    context: dict[str, Any] = {
        "handle": None,
        "account": me.account,
        "athlete": view.athlete,
        "coaches": view.coaches,
        "tokens": view.tokens,
        "accounts": view.accounts,
        "invitable": _invitable(me.role),
        "shown": shown or {},
        "errors": errors or {},
        "label_max": NAME_MAX_CHARS,
    }
    return render(request, "account.html", context, status=status)


def _invitable(role: Role) -> list[str]:
    if role is Role.ADMIN:
        return [r.value for r in Role]
    return [Role.ATHLETE.value] if role is Role.COACH else []


@router.get("/account")
def account(request: Request, anklet: AnkletDep) -> Response:
    return _account_page(request, anklet)


@router.post("/account/tokens", dependencies=[Depends(require_csrf)])
def account_token(request: Request, anklet: AnkletDep, form: Form) -> Response:
    problems = Problems()  # both fields' problems at once
    scope = problems.check(
        lambda: parse_choice("scope", text(form, "scope", "read"), TokenScope), TokenScope.READ
    )
    label = problems.check(lambda: check_label(text(form, "label")), "")
    try:
        problems.raise_if_any()
        _, secret = create_token(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            principal=_me(request),
            label=label,
            scope=scope,
        )
    except InvalidValue as error:
        errors = {p.field: str(p) for p in each_problem((error,))}
        return _account_page(request, anklet, errors=errors, status=422)
    return _account_page(request, anklet, shown={"token": secret})


@router.post("/account/tokens/{token_id}/revoke", dependencies=[Depends(require_csrf)])
def account_token_revoke(token_id: RowId, request: Request, anklet: AnkletDep) -> Response:
    revoke_token(
        uow=anklet.accounts_uow(), clock=anklet.clock, principal=_me(request), token_id=token_id
    )
    return redirect("/account")


@router.post("/account/invitations", dependencies=[Depends(require_csrf)])
def account_invitation(request: Request, anklet: AnkletDep, form: Form) -> Response:
    try:
        role = parse_choice("role", text(form, "role"), Role)
        link = invite(
            uow=anklet.accounts_uow(),
            clock=anklet.clock,
            inviter=_me(request),
            role=role,
            athlete_handle=text(form, "athlete") or None,
            address=client_address(request),
        )
    except AnkletError as error:
        field = error.field if isinstance(error, InvalidValue) else "athlete"
        return _account_page(request, anklet, errors={field: str(error)}, status=422)
    shown = {"invitation": f"{_base(request)}/join?token={link.secret}"}
    return _account_page(request, anklet, shown=shown)


@router.post("/account/coach-link", dependencies=[Depends(require_csrf)])
def account_coach_link(request: Request, anklet: AnkletDep) -> Response:
    link = invite_coach(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        athlete=_me(request),
        address=client_address(request),
    )
    return _account_page(
        request, anklet, shown={"link": f"{_base(request)}/link?token={link.secret}"}
    )


@router.post("/account/coaches/{coach_id}/revoke", dependencies=[Depends(require_csrf)])
def account_coach_revoke(coach_id: RowId, request: Request, anklet: AnkletDep) -> Response:
    revoke_link(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        principal=_me(request),
        coach_id=coach_id,
        address=client_address(request),
    )
    return redirect("/account")


@router.get("/link")
def link_page(request: Request, token: str = "") -> Response:
    _me(request)
    return render(request, "link.html", {"handle": None, "token": token[:200]})


@router.post("/link", dependencies=[Depends(require_csrf)])
def link(request: Request, anklet: AnkletDep, form: Form) -> Response:
    athlete_id = accept_link(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        coach=_me(request),
        secret=text(form, "token"),
        address=client_address(request),
    )
    handle = handle_of(uow=anklet.accounts_uow(), athlete_id=athlete_id)
    return redirect(f"/athletes/{handle}" if handle else "/")


AUDIT_COLUMNS = ("id", "at", "actor", "action", "athlete_id", "subject", "address", "detail")


def _events(request: Request, anklet: Any, before: int | None, limit: int) -> list[dict[str, Any]]:
    events = list_audit(
        uow=anklet.accounts_uow(), principal=_me(request), before_id=before, limit=limit
    )
    return [{name: getattr(e, name) for name in AUDIT_COLUMNS} for e in events]


@router.get("/admin/audit")
def audit_page(
    request: Request,
    anklet: AnkletDep,
    before: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    limit: int = 100,
) -> Response:
    events = _events(request, anklet, before, limit)
    more = events[-1]["id"] if len(events) == limit else None
    context = {"handle": None, "events": events, "next_before": more, "limit": limit}
    return render(request, "audit.html", context)


@router.get("/admin/audit.csv")
def audit_csv(request: Request, anklet: AnkletDep) -> Response:
    """Every event, newest first, read a page at a time (the log only grows)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(AUDIT_COLUMNS)
    before: int | None = None
    while True:
        events = _events(request, anklet, before, CSV_PAGE)
        for event in events:
            writer.writerow([_cell(event[name]) for name in AUDIT_COLUMNS])
        if len(events) < CSV_PAGE:
            break
        before = events[-1]["id"]
    headers = {"Content-Disposition": 'attachment; filename="anklet-audit.csv"'}
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)


def _cell(value: object) -> str:
    """A cell a spreadsheet never runs as a formula (CSV injection)."""
    shown = "" if value is None else str(value)
    return "'" + shown if shown[:1] in ("=", "+", "-", "@", "\t", "\r") else shown


@router.post("/athletes/{handle}/notes", dependencies=[Depends(require_csrf)])
def note(handle: str, request: Request, anklet: AnkletDep, form: Form) -> Response:
    """A linked coach's clinical note, from the athlete's overview."""
    add_note(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        principal=_me(request),
        handle=handle,
        text=text(form, "text"),
    )
    return redirect(f"/athletes/{handle}#notes")


CHANGE_FIELDS = ("kind", "exercise", "replacement", "first_day", "last_day", "reason")


@router.post("/athletes/{handle}/plan-changes", dependencies=[Depends(require_csrf)])
def plan_change(handle: str, request: Request, anklet: AnkletDep, form: Form) -> Response:
    """A linked coach's change from the plan page; a bad value shows the page again."""
    from anklet.web.pages.plans import plan_page_with

    typed = {name: text(form, name) for name in (*CHANGE_FIELDS, "sets", "reps", "hold_s")}
    coach = _me(request)
    reader = FormReader(form)
    change = CoachChange(
        kind=reader.choice("kind", typed["kind"], ChangeKind, ChangeKind.DOSE),
        exercise_id=typed["exercise"],
        first_day=reader.day("first_day", anklet.clock.today()),
        last_day=reader.day("last_day", anklet.clock.today()),
        author=coach.account.name,
        made_at=anklet.clock.now(),
        reason=typed["reason"],
        replacement_id=typed["replacement"] or None,
        sets=reader.whole("sets"),
        reps=reader.whole("reps"),
        hold_s=reader.whole("hold_s"),
    )
    try:
        reader.also(lambda: check_change(change, anklet.catalogue))
        reader.raise_if_any()
        change_plan(
            uow=anklet.uow(),
            clock=anklet.clock,
            handle=handle,
            change=change,
            catalogue=anklet.catalogue,
            author_id=coach.id,
        )
    except InvalidValue as error:
        errors = form_errors(error)
        return plan_page_with(request, handle, anklet, errors=errors, change_form=typed)
    note_action(request, anklet, "plan.change", handle, f"{change.kind.value} {change.exercise_id}")
    return redirect(f"/athletes/{handle}/plan#changes")
