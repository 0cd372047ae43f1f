"""/api/v1/me, /tokens, /invitations, /coach-links and /audit: the multi-user server's own
routes. On the single-user app (no accounts) they answer 404: there is nobody to be."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response, status
from pydantic import Field

from anklet.domain.accounts import (
    NAME_MAX_CHARS,
    NOTE_MAX_CHARS,
    ClinicalNote,
    Principal,
    Role,
    TokenScope,
)
from anklet.domain.athlete import HANDLE_MAX_CHARS
from anklet.domain.errors import NotFound
from anklet.domain.units import LIST_PAGE_DEFAULT
from anklet.services.accounts import (
    AUDIT_PAGE_DEFAULT,
    AUDIT_PAGE_MAX,
    accept_link,
    add_note,
    coaches_of,
    create_token,
    invite,
    invite_coach,
    list_audit,
    list_tokens,
    notes_for,
    revoke_link,
    revoke_token,
)
from anklet.web.access import client_address, principal_of
from anklet.web.api.paging import Limit, RowCursor, link_next, paged_responses
from anklet.web.api.responses import Out
from anklet.web.api.schemas import Strict, text_of
from anklet.web.deps import AnkletDep

router = APIRouter(tags=["accounts"])
TOKEN_CHARS_MAX = 200


STAMP_TEXT = "UTC, ISO 8601 to the second"
STAMP: Any = Field(description=STAMP_TEXT, examples=["2026-06-15T12:00:00"])


def stamp(moment: datetime) -> str:
    """A stored moment (UTC, kept without a zone) as the API writes every timestamp."""
    return moment.isoformat(timespec="seconds")


# A stored row's id: the databases' integer range (a larger one would overflow, not miss).
RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the row's id")]


def signed_in(request: Request) -> Principal:
    found = principal_of(request)
    if found is None:
        raise NotFound(
            "account",
            "none",
            message="this Anklet runs without accounts (anklet serve --accounts turns them "
            "on): no one is signed in, so there are no accounts, tokens, links or clinical notes",
        )
    return found


class CoachOut(Out):
    id: int
    name: str
    email: str
    linked_at: str = STAMP


class MeOut(Out):
    email: str
    name: str
    role: Literal["admin", "coach", "athlete"]
    athlete: str | None
    coaches: list[CoachOut]


class TokenIn(Strict):
    label: str = text_of(NAME_MAX_CHARS, examples=["club dashboard"])
    scope: Literal["read", "write"] = "read"


class TokenOut(Out):
    id: int
    label: str
    scope: Literal["read", "write"]
    created_at: str = STAMP
    last_used_on: date | None
    revoked_at: str | None = Field(description=STAMP_TEXT)


class NewTokenOut(TokenOut):
    token: str  # shown once, never again


class InvitationIn(Strict):
    role: Literal["admin", "coach", "athlete"]
    athlete: str | None = text_of(HANDLE_MAX_CHARS, default=None, examples=["sam"])


class LinkOut(Out):
    path: str  # open it on this server: /join?token=... or /link?token=...
    expires_at: str = STAMP


class LinkIn(Strict):
    token: str = text_of(TOKEN_CHARS_MAX)


class RevokedOut(Out):
    revoked: Literal["token", "coach link", "plan change"]
    id: int


class LinkedOut(Out):
    athlete: str  # the handle of the athlete the coach now follows


class NoteIn(Strict):
    text: str = text_of(NOTE_MAX_CHARS, examples=["Seen 3 May: Achilles settled, cleared to hop."])


class NoteOut(Out):
    id: int  # the cursor of the page after it
    author: str
    written_at: str = STAMP
    text: str


class AuditOut(Out):
    id: int
    at: str = STAMP
    actor: str
    action: str
    athlete_id: int | None
    subject: str
    address: str
    detail: str


def _token(token: Any) -> dict[str, Any]:
    return {
        "id": token.id,
        "label": token.label,
        "scope": token.scope.value,
        "created_at": stamp(token.created_at),
        "last_used_on": token.last_used_on,
        "revoked_at": stamp(token.revoked_at) if token.revoked_at else None,
    }


@router.get("/me", response_model=MeOut)
def me(request: Request, anklet: AnkletDep) -> dict[str, Any]:
    """Who is signed in, and (for an athlete) the coaches who follow them."""
    principal = signed_in(request)
    own = principal.account.athlete_id
    links = coaches_of(uow=anklet.accounts_uow(), athlete_id=own) if own is not None else ()
    handle = _handle_of(anklet, own)
    return {
        "email": principal.account.email,
        "name": principal.account.name,
        "role": principal.role.value,
        "athlete": handle,
        "coaches": [
            {
                "id": c.coach.id,
                "name": c.coach.name,
                "email": c.coach.email,
                "linked_at": stamp(c.created_at),
            }
            for c in links
        ],
    }


def _handle_of(anklet: Any, athlete_id: int | None) -> str | None:
    from anklet.services.accounts import handle_of

    return handle_of(uow=anklet.accounts_uow(), athlete_id=athlete_id)


@router.get("/tokens", response_model=list[TokenOut], responses=paged_responses())
def tokens(
    request: Request,
    anklet: AnkletDep,
    response: Response,
    limit: Limit = LIST_PAGE_DEFAULT,
    after: RowCursor = None,
) -> list[dict[str, Any]]:
    """This account's API tokens (never their secrets), in the order made, revoked ones
    too, a page at a time: the `Link` header names the next page (`after`: the last
    token's id)."""
    found, following = list_tokens(
        uow=anklet.accounts_uow(), principal=signed_in(request), limit=limit, after=after
    )
    if following is not None:
        link_next(response, "/tokens", after=following, limit=limit)
    return [_token(t) for t in found]


@router.post("/tokens", status_code=status.HTTP_201_CREATED, response_model=NewTokenOut)
def tokens_create(body: TokenIn, request: Request, anklet: AnkletDep) -> dict[str, Any]:
    """A token for a program: send it as `Authorization: Bearer <token>`. Shown once."""
    token, secret = create_token(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        principal=signed_in(request),
        label=body.label,
        scope=TokenScope(body.scope),
    )
    return _token(token) | {"token": secret}


@router.delete("/tokens/{token_id}", response_model=RevokedOut)
def tokens_revoke(token_id: RowId, request: Request, anklet: AnkletDep) -> dict[str, Any]:
    revoke_token(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        principal=signed_in(request),
        token_id=token_id,
    )
    return {"revoked": "token", "id": token_id}


@router.post("/invitations", status_code=status.HTTP_201_CREATED, response_model=LinkOut)
def invitations_create(body: InvitationIn, request: Request, anklet: AnkletDep) -> dict[str, Any]:
    """A one-time link that makes an account: an admin invites anyone, a coach invites
    athletes (naming a record they follow gives the new account that record)."""
    link = invite(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        inviter=signed_in(request),
        role=Role(body.role),
        athlete_handle=body.athlete,
        address=client_address(request),
    )
    return {"path": f"/join?token={link.secret}", "expires_at": stamp(link.expires_at)}


@router.post(
    "/coach-links/invitations", status_code=status.HTTP_201_CREATED, response_model=LinkOut
)
def coach_link_invite(request: Request, anklet: AnkletDep) -> dict[str, Any]:
    """An athlete's one-time link for a coach with an account to follow their record."""
    link = invite_coach(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        athlete=signed_in(request),
        address=client_address(request),
    )
    return {"path": f"/link?token={link.secret}", "expires_at": stamp(link.expires_at)}


@router.post("/coach-links", status_code=status.HTTP_201_CREATED, response_model=LinkedOut)
def coach_link_accept(body: LinkIn, request: Request, anklet: AnkletDep) -> dict[str, str]:
    """A coach accepts an athlete's link: the athlete's handle."""
    athlete_id = accept_link(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        coach=signed_in(request),
        secret=body.token,
        address=client_address(request),
    )
    return {"athlete": _handle_of(anklet, athlete_id) or ""}


@router.delete("/coach-links/{coach_id}", response_model=RevokedOut)
def coach_link_revoke(coach_id: RowId, request: Request, anklet: AnkletDep) -> dict[str, Any]:
    """An athlete ends a coach's access to their record."""
    revoke_link(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        principal=signed_in(request),
        coach_id=coach_id,
        address=client_address(request),
    )
    return {"revoked": "coach link", "id": coach_id}


@router.get("/audit", response_model=list[AuditOut], responses=paged_responses())
def audit(
    request: Request,
    anklet: AnkletDep,
    response: Response,
    limit: Annotated[
        int,
        Query(
            ge=1,
            le=AUDIT_PAGE_MAX,
            description=f"at most this many, newest first; default {AUDIT_PAGE_DEFAULT}",
        ),
    ] = AUDIT_PAGE_DEFAULT,
    before: Annotated[
        int | None,
        Query(
            ge=1,
            le=2**31 - 1,
            description="the id of the last event of the page before (the Link header gives it)",
        ),
    ] = None,
) -> list[dict[str, Any]]:
    """The audit log, newest first (an admin's), a page at a time: the `Link` header names
    the next page while a full page was answered."""
    events = list_audit(
        uow=anklet.accounts_uow(), principal=signed_in(request), before_id=before, limit=limit
    )
    # A full page may be the last one: the next is then empty, as the admin page has it.
    if len(events) == limit and events[-1].id is not None:
        link_next(response, "/audit", before=events[-1].id, limit=limit)
    return [
        {
            "id": e.id,
            "at": stamp(e.at),
            "actor": e.actor,
            "action": e.action,
            "athlete_id": e.athlete_id,
            "subject": e.subject,
            "address": e.address,
            "detail": e.detail,
        }
        for e in events
    ]


def _note(note: ClinicalNote) -> dict[str, Any]:
    return {
        "id": note.id,
        "author": note.author,
        "written_at": stamp(note.written_at),
        "text": note.text,
    }


@router.get(
    "/athletes/{handle}/clinical-notes", response_model=list[NoteOut], responses=paged_responses()
)
def clinical_notes(
    handle: str,
    request: Request,
    anklet: AnkletDep,
    response: Response,
    limit: Limit = LIST_PAGE_DEFAULT,
    after: RowCursor = None,
) -> list[dict[str, Any]]:
    """A linked coach's notes on the athlete, newest first (the athlete does not see them),
    a page at a time: the `Link` header names the next page (`after`: the last note's id)."""
    found, following = notes_for(
        uow=anklet.accounts_uow(),
        principal=signed_in(request),
        handle=handle,
        limit=limit,
        after=after,
    )
    if following is not None:
        link_next(response, f"/athletes/{handle}/clinical-notes", after=following, limit=limit)
    return [_note(n) for n in found]


@router.post(
    "/athletes/{handle}/clinical-notes", status_code=status.HTTP_201_CREATED, response_model=NoteOut
)
def clinical_notes_add(
    handle: str, body: NoteIn, request: Request, anklet: AnkletDep
) -> dict[str, Any]:
    note = add_note(
        uow=anklet.accounts_uow(),
        clock=anklet.clock,
        principal=signed_in(request),
        handle=handle,
        text=body.text,
    )
    return _note(note)
