"""Use cases of the multi-user server: the first admin, invitations, sign-in and sessions,
password resets, API tokens, coach links, and the audit log.

Every secret handed out (a session cookie, an invitation or reset link, an API token) is a
random token shown once; only its SHA-256 is stored. Sign-in failures are counted in the
database, so the throttle holds across worker processes.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from anklet.domain.accounts import (
    EMAIL_MAX_CHARS,
    INVITATION_LIFETIME,
    LOGIN_WINDOW,
    PASSWORD_MAX_CHARS,
    RESET_LIFETIME,
    SESSION_TOUCH,
    Account,
    ClinicalNote,
    Invitation,
    InvitationKind,
    Principal,
    Role,
    TokenScope,
    check_email,
    check_label,
    check_new_account,
    check_note,
    check_password,
    may_invite,
    may_see,
    session_alive,
    throttled,
)
from anklet.domain.athlete import Athlete, validate_athlete
from anklet.domain.errors import Conflict, InvalidValue, NotFound
from anklet.domain.units import LIST_PAGE
from anklet.services.account_ports import ApiToken, AuditEvent, CoachLink

if TYPE_CHECKING:
    from anklet.services.account_ports import AccountsUnitOfWork, PasswordHasher
    from anklet.services.ports import Clock

__all__ = [
    "AUDIT_PAGE_DEFAULT",
    "AUDIT_PAGE_MAX",
    "TOKEN_PREFIX",
    "AccessRefused",
    "AccountView",
    "SignInRefused",
    "accept_invitation",
    "accept_link",
    "account_view",
    "add_athlete_for",
    "add_note",
    "admin_by_email",
    "audit",
    "coaches_of",
    "create_admin",
    "create_token",
    "handle_of",
    "invite",
    "invite_coach",
    "issue_reset",
    "list_accounts",
    "list_audit",
    "list_tokens",
    "notes_for",
    "reachable_athlete",
    "record_action",
    "reset_password",
    "revoke_link",
    "revoke_token",
    "session_principal",
    "sign_in",
    "sign_out",
    "token_principal",
]

TOKEN_BYTES = 32
TOKEN_PREFIX = "ank_"  # API tokens start with it, so a leaked one is easy to find and revoke
AUDIT_PAGE_DEFAULT = 100  # the audit log's own page: an admin reads it in longer pages
AUDIT_PAGE_MAX = 500
ANONYMOUS = "anonymous"


class SignInRefused(InvalidValue):
    """A wrong address or password, or a throttled sign-in: one message for all, so an
    attacker learns nothing about which addresses have accounts."""

    def __init__(self, reason: str) -> None:
        super().__init__("password", "(not shown)", reason)


class AccessRefused(NotFound):
    """Not yours and does not exist look the same (no record's existence leaks)."""

    def __init__(self, kind: str, key: str) -> None:
        super().__init__(kind, key)


def _secret() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def audit(
    uow: AccountsUnitOfWork,
    clock: Clock,
    *,
    actor: Account | None,
    action: str,
    subject: str = "",
    athlete_id: int | None = None,
    address: str = "",
    detail: str = "",
) -> None:
    """Append one event; the caller commits it with the change it records."""
    uow.accounts.audit(
        AuditEvent(
            at=clock.now(),
            actor_id=actor.id if actor else None,
            actor=actor.email if actor else ANONYMOUS,
            action=action,
            athlete_id=athlete_id,
            subject=subject,
            address=address,
            detail=detail,
        )
    )


def create_admin(
    *,
    uow: AccountsUnitOfWork,
    clock: Clock,
    passwords: PasswordHasher,
    email: str,
    name: str,
    password: str,
) -> Account:
    """An admin account, from the command line of the machine that runs the server."""
    checked_email, checked_name, checked_password = check_new_account(email, name, password)
    with uow:
        account = uow.accounts.add(
            email=checked_email,
            name=checked_name,
            role=Role.ADMIN,
            password_hash=passwords.hash(checked_password),
            athlete_id=None,
            created_at=clock.now(),
        )
        audit(uow, clock, actor=None, action="admin.create", subject=checked_email)
        uow.commit()
    return account


def list_accounts(*, uow: AccountsUnitOfWork, principal: Principal | None) -> Sequence[Account]:
    """Every account, for an admin; `principal` None is the server's operator at its
    command line (who can read the database anyway)."""
    if principal is not None:
        _must_be_admin(principal)
    with uow:
        return tuple(uow.accounts.all())


def admin_by_email(*, uow: AccountsUnitOfWork, email: str) -> Principal:
    """An admin named at the server's command line."""
    checked = check_email(email)
    with uow:
        found = uow.accounts.by_email(checked)
    if found is None or found[0].role is not Role.ADMIN:
        raise InvalidValue("admin", email, "the e-mail address of an admin account")
    return Principal(found[0])


def _must_be_admin(principal: Principal) -> None:
    if principal.role is not Role.ADMIN:
        raise AccessRefused("page", "accounts")


@dataclass(frozen=True)
class IssuedLink:
    secret: str
    expires_at: datetime


def invite(
    *,
    uow: AccountsUnitOfWork,
    clock: Clock,
    inviter: Principal,
    role: Role,
    athlete_handle: str | None = None,
    address: str = "",
) -> IssuedLink:
    """A one-time link that makes a new account with `role`. A coach's invitation of an
    athlete may name an athlete record the coach follows: the new account then owns it."""
    if not may_invite(inviter.role, role):
        raise InvalidValue("role", role.value, _invitable(inviter.role))
    secret = _secret()
    now = clock.now()
    with uow:
        athlete_id = None
        if athlete_handle:
            if role is not Role.ATHLETE:
                raise InvalidValue("athlete", athlete_handle, "only with the athlete role")
            athlete_id = _reachable(uow, inviter, athlete_handle)
            if uow.accounts.owner_of(athlete_id) is not None:
                raise Conflict(f"{athlete_handle!r} has an account already")
        invitation = Invitation(
            kind=InvitationKind.JOIN,
            role=role,
            created_by=inviter.id,
            athlete_id=athlete_id,
            expires_at=now + INVITATION_LIFETIME,
            used_at=None,
        )
        uow.accounts.add_invitation(digest(secret), invitation, now)
        audit(
            uow,
            clock,
            actor=inviter.account,
            action="invitation.create",
            subject=athlete_handle or role.value,
            athlete_id=athlete_id,
            address=address,
            detail=f"role {role.value}",
        )
        uow.commit()
    return IssuedLink(secret, invitation.expires_at)


def _invitable(role: Role) -> str:
    if role is Role.ADMIN:
        return "admin, coach or athlete"
    if role is Role.COACH:
        return "athlete (a coach invites athletes)"
    return "nothing: an athlete invites a coach to follow them instead"


def invite_coach(
    *, uow: AccountsUnitOfWork, clock: Clock, athlete: Principal, address: str = ""
) -> IssuedLink:
    """An athlete's one-time link for a coach with an account: opening it while signed in
    as a coach links that coach to the athlete's record."""
    own = athlete.account.athlete_id
    if athlete.role is not Role.ATHLETE or own is None:
        raise InvalidValue("athlete", athlete.account.email, "an athlete with a record")
    secret = _secret()
    now = clock.now()
    invitation = Invitation(
        kind=InvitationKind.LINK,
        role=Role.COACH,
        created_by=athlete.id,
        athlete_id=own,
        expires_at=now + INVITATION_LIFETIME,
        used_at=None,
    )
    with uow:
        uow.accounts.add_invitation(digest(secret), invitation, now)
        audit(
            uow,
            clock,
            actor=athlete.account,
            action="invitation.create",
            athlete_id=own,
            subject="coach",
            address=address,
            detail="link",
        )
        uow.commit()
    return IssuedLink(secret, invitation.expires_at)


SPENT = "a link that is unused and less than 7 days old; ask for a new one"


def _open_invitation(
    uow: AccountsUnitOfWork, secret: str, kind: InvitationKind, now: datetime
) -> Invitation:
    invitation = uow.accounts.invitation(digest(secret)) if len(secret) <= 200 else None
    if (
        invitation is None
        or invitation.kind is not kind
        or invitation.used_at is not None
        or invitation.expires_at <= now
        or not uow.accounts.use_invitation(digest(secret), now)
    ):
        raise InvalidValue("invitation", "this link", SPENT)
    return invitation


def accept_invitation(
    *,
    uow: AccountsUnitOfWork,
    clock: Clock,
    passwords: PasswordHasher,
    secret: str,
    email: str,
    name: str,
    password: str,
    address: str = "",
    old_session: str | None = None,
) -> tuple[Account, str]:
    """The new account of a join invitation, signed in: the account and its session's
    secret, made in one transaction (the person who joined is never left with an account
    and no session). The link works once (two tabs, one account)."""
    checked_email, checked_name, checked_password = check_new_account(email, name, password)
    now = clock.now()
    with uow:
        invitation = _open_invitation(uow, secret, InvitationKind.JOIN, now)
        account = uow.accounts.add(
            email=checked_email,
            name=checked_name,
            role=invitation.role,
            password_hash=passwords.hash(checked_password),
            athlete_id=invitation.athlete_id,
            created_at=now,
        )
        uow.accounts.made_by_invitation(digest(secret), account.id)
        audit(
            uow,
            clock,
            actor=account,
            action="invitation.accept",
            athlete_id=invitation.athlete_id,
            subject=checked_email,
            address=address,
            detail=f"role {invitation.role.value}",
        )
        session = _open_session(uow, account.id, now, old_session)
        uow.commit()
    return account, session


def _open_session(
    uow: AccountsUnitOfWork, account_id: int, now: datetime, old_session: str | None
) -> str:
    """A new session for the account; the one the browser had before ends (a session
    planted before sign-in never becomes a signed-in one)."""
    if old_session:
        uow.accounts.drop_session(digest(old_session))
    secret = _secret()
    uow.accounts.add_session(digest(secret), account_id, now)
    return secret


def accept_link(
    *, uow: AccountsUnitOfWork, clock: Clock, coach: Principal, secret: str, address: str = ""
) -> int:
    """Link the signed-in coach to the athlete who sent the link; the athlete's id."""
    if coach.role is not Role.COACH:
        raise InvalidValue("account", coach.account.email, "a coach's account")
    now = clock.now()
    with uow:
        invitation = _open_invitation(uow, secret, InvitationKind.LINK, now)
        assert invitation.athlete_id is not None, "a link invitation names its athlete"
        uow.accounts.link(coach.id, invitation.athlete_id, now)
        audit(
            uow,
            clock,
            actor=coach.account,
            action="link.create",
            athlete_id=invitation.athlete_id,
            subject=coach.account.email,
            address=address,
        )
        uow.commit()
    return invitation.athlete_id


def coaches_of(*, uow: AccountsUnitOfWork, athlete_id: int) -> Sequence[CoachLink]:
    with uow:
        return tuple(uow.accounts.coaches_of(athlete_id))


def revoke_link(
    *,
    uow: AccountsUnitOfWork,
    clock: Clock,
    principal: Principal,
    coach_id: int,
    address: str = "",
) -> None:
    """An athlete ends a coach's access to their record (or a coach stops following)."""
    with uow:
        athlete_id = principal.account.athlete_id
        if principal.role is Role.COACH:
            raise InvalidValue("coach", coach_id, "an athlete ends a link from their own page")
        if athlete_id is None or not uow.accounts.unlink(coach_id, athlete_id):
            raise AccessRefused("coach link", str(coach_id))
        audit(
            uow,
            clock,
            actor=principal.account,
            action="link.revoke",
            athlete_id=athlete_id,
            subject=str(coach_id),
            address=address,
        )
        uow.commit()


def _subjects(email: str, address: str) -> tuple[str, str]:
    return f"account:{email}", f"address:{address or 'unknown'}"


def _plain(text: str) -> str:
    """Text a database can hold and compare: no NUL (PostgreSQL refuses it in text) and no
    lone surrogate (not encodable); anything typed that has them matches no account."""
    cleaned = text.replace("\x00", "\ufffd")
    return cleaned.encode("utf-8", "replace").decode("utf-8")


THROTTLED = "too many failed sign-ins; wait 15 minutes and try again"
WRONG = "the address and password of an account"


def sign_in(
    *,
    uow: AccountsUnitOfWork,
    clock: Clock,
    passwords: PasswordHasher,
    email: str,
    password: str,
    address: str = "",
    old_session: str | None = None,
) -> tuple[Account, str]:
    """A new session for the right address and password: its secret, for the cookie. The
    session presented before (if any) ends, so a planted cookie never becomes a signed-in
    one. Failures are counted per account and per address, and a throttled sign-in is
    refused before the password is checked."""
    typed = _plain(email.strip().lower()[:EMAIL_MAX_CHARS])
    by_account, by_address = _subjects(typed, address)
    now = clock.now()
    with uow:
        since = now - LOGIN_WINDOW
        if throttled(
            uow.accounts.failures_since(by_account, since),
            uow.accounts.failures_since(by_address, since),
        ):
            audit(uow, clock, actor=None, action="signin.throttled", subject=typed, address=address)
            uow.commit()
            raise SignInRefused(THROTTLED)
        plausible = len(password) <= PASSWORD_MAX_CHARS and _plain(password) == password
        found = uow.accounts.by_email(typed) if plausible else None
        if found is None or not passwords.verify(found[1], password):
            uow.accounts.add_failure(by_account, now)
            uow.accounts.add_failure(by_address, now)
            audit(uow, clock, actor=None, action="signin.failure", subject=typed, address=address)
            uow.commit()
            raise SignInRefused(WRONG)
        account, stored = found
        if passwords.needs_rehash(stored):
            uow.accounts.set_password(account.id, passwords.hash(password))
        uow.accounts.clear_failures(by_account)
        secret = _open_session(uow, account.id, now, old_session)
        audit(uow, clock, actor=account, action="signin.success", subject=typed, address=address)
        uow.commit()
    return account, secret


def session_principal(
    *, uow: AccountsUnitOfWork, clock: Clock, secret: str | None
) -> Principal | None:
    """The account behind a session cookie, or None (no cookie, unknown, idle or too old);
    `last_seen` is written at most every few minutes, not on every request."""
    if not secret or len(secret) > 200:
        return None
    now = clock.now()
    key = digest(secret)
    with uow:
        found = uow.accounts.session(key)
        if found is None:
            return None
        if not session_alive(found.created_at, found.last_seen_at, now):
            uow.accounts.drop_session(key)
            uow.commit()
            return None
        if now - found.last_seen_at >= SESSION_TOUCH:
            uow.accounts.touch_session(key, now)
            uow.commit()
    return Principal(found.account)


def sign_out(*, uow: AccountsUnitOfWork, clock: Clock, secret: str | None) -> None:
    if not secret or len(secret) > 200:
        return
    with uow:
        found = uow.accounts.session(digest(secret))
        uow.accounts.drop_session(digest(secret))
        if found is not None:
            audit(uow, clock, actor=found.account, action="signout")
        uow.commit()


def issue_reset(*, uow: AccountsUnitOfWork, clock: Clock, email: str) -> IssuedLink:
    """A one-time link, valid an hour, that sets a new password (an admin command prints it:
    the server needs no mail)."""
    checked = check_email(email)
    now = clock.now()
    secret = _secret()
    with uow:
        found = uow.accounts.by_email(checked)
        if found is None:
            raise NotFound("account", checked)
        uow.accounts.add_reset(digest(secret), found[0].id, now, now + RESET_LIFETIME)
        audit(uow, clock, actor=None, action="reset.create", subject=checked)
        uow.commit()
    return IssuedLink(secret, now + RESET_LIFETIME)


RESET_SPENT = "a reset link that is unused and less than an hour old; ask an admin for a new one"


def reset_password(
    *,
    uow: AccountsUnitOfWork,
    clock: Clock,
    passwords: PasswordHasher,
    secret: str,
    password: str,
    address: str = "",
) -> Account:
    """Set the new password and end every session of the account."""
    checked = check_password(password)
    now = clock.now()
    with uow:
        account_id = uow.accounts.use_reset(digest(secret), now) if len(secret) <= 200 else None
        account = uow.accounts.get(account_id) if account_id is not None else None
        if account is None:
            raise InvalidValue("reset link", "this link", RESET_SPENT)
        uow.accounts.set_password(account.id, passwords.hash(checked))
        uow.accounts.drop_sessions(account.id)
        uow.accounts.clear_failures(_subjects(account.email, address)[0])
        audit(uow, clock, actor=account, action="reset.use", subject=account.email, address=address)
        uow.commit()
    return account


def create_token(
    *, uow: AccountsUnitOfWork, clock: Clock, principal: Principal, label: str, scope: TokenScope
) -> tuple[ApiToken, str]:
    """A token for a program, shown once: `Authorization: Bearer ank_...`."""
    name = check_label(label)
    if principal.scope is not TokenScope.WRITE:
        raise InvalidValue("scope", principal.scope.value, "a signed-in session or a write token")
    secret = TOKEN_PREFIX + _secret()
    with uow:
        token = uow.accounts.add_token(digest(secret), principal.id, name, scope, clock.now())
        audit(uow, clock, actor=principal.account, action="token.create", subject=name)
        uow.commit()
    return token, secret


def token_principal(*, uow: AccountsUnitOfWork, clock: Clock, secret: str) -> Principal | None:
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    today = clock.today()
    with uow:
        found = uow.accounts.token(digest(secret))
        if found is None or found[0].revoked_at is not None:
            return None
        token, account = found
        if token.last_used_on != today:
            uow.accounts.touch_token(token.id, today)
            uow.commit()
    return Principal(account, scope=token.scope)


def list_tokens(
    *, uow: AccountsUnitOfWork, principal: Principal, limit: int, after: int | None = None
) -> tuple[tuple[ApiToken, ...], int | None]:
    """At most `limit` of the account's tokens in the order made, after the token `after`
    (its id); and the cursor of the next page (the last token's id; None on the last). One
    more than asked is read to know whether there is one."""
    LIST_PAGE.check_int("limit", limit)
    with uow:
        found = uow.accounts.tokens_of(principal.id, limit=limit + 1, after=after)
    page = tuple(found[:limit])
    return page, page[-1].id if len(found) > limit else None


def revoke_token(
    *, uow: AccountsUnitOfWork, clock: Clock, principal: Principal, token_id: int
) -> None:
    with uow:
        if not uow.accounts.revoke_token(principal.id, token_id, clock.now()):
            raise AccessRefused("token", str(token_id))
        audit(uow, clock, actor=principal.account, action="token.revoke", subject=str(token_id))
        uow.commit()


def list_audit(
    *,
    uow: AccountsUnitOfWork,
    principal: Principal,
    before_id: int | None = None,
    limit: int = 100,
) -> Sequence[AuditEvent]:
    _must_be_admin(principal)
    if not 1 <= limit <= AUDIT_PAGE_MAX:
        raise InvalidValue("limit", limit, f"1 to {AUDIT_PAGE_MAX}")
    with uow:
        return tuple(uow.accounts.audit_events(before_id=before_id, limit=limit))


def _reachable(uow: AccountsUnitOfWork, principal: Principal, handle: str) -> int:
    athlete = uow.athletes.by_handle(handle)
    if athlete is None or athlete.id is None:
        raise AccessRefused("athlete", handle)
    linked = principal.role is Role.COACH and uow.accounts.linked(principal.id, athlete.id)
    if not may_see(principal, athlete.id, linked=linked):
        raise AccessRefused("athlete", handle)
    return athlete.id


def reachable_athlete(
    *,
    uow: AccountsUnitOfWork,
    clock: Clock,
    principal: Principal,
    handle: str,
    address: str = "",
    action: str = "",
) -> int:
    """The athlete's id when the principal may see them, else AccessRefused (the same
    answer as for a handle that does not exist). A read or a change by anyone but the
    athlete is written to the audit log (`action`: "read GET /athletes/x/today")."""
    with uow:
        athlete_id = _reachable(uow, principal, handle)
        if principal.account.athlete_id != athlete_id:
            audit(
                uow,
                clock,
                actor=principal.account,
                action="athlete.access",
                athlete_id=athlete_id,
                subject=handle,
                address=address,
                detail=action,
            )
            uow.commit()
    return athlete_id


def add_athlete_for(
    *, uow: AccountsUnitOfWork, clock: Clock, principal: Principal, athlete: Athlete
) -> Athlete:
    """A new athlete record made by a signed-in account, claimed in the same transaction: an
    athlete's own (one each), or one a coach follows from the start (a clinic's intake)."""
    checked = validate_athlete(athlete, clock.today())
    if principal.role is Role.ADMIN:
        raise InvalidValue("account", principal.account.email, "an athlete's or a coach's")
    if principal.role is Role.ATHLETE and principal.account.athlete_id is not None:
        raise Conflict("this account has its athlete record already")
    with uow:
        if uow.athletes.by_handle(checked.handle) is not None:
            raise Conflict(f"the handle {checked.handle!r} is already taken; choose another")
        stored = uow.athletes.add(checked, created_at=clock.now())
        assert stored.id is not None
        if principal.role is Role.ATHLETE:
            uow.accounts.set_athlete(principal.id, stored.id)
            # A coach who invited this athlete follows the record they now make.
            for coach_id in uow.accounts.inviting_coaches(principal.id):
                uow.accounts.link(coach_id, stored.id, clock.now())
        else:
            uow.accounts.link(principal.id, stored.id, clock.now())
        audit(
            uow,
            clock,
            actor=principal.account,
            action="athlete.create",
            athlete_id=stored.id,
            subject=stored.handle,
        )
        uow.commit()
    return stored


def handle_of(*, uow: AccountsUnitOfWork, athlete_id: int | None) -> str | None:
    """The handle of an athlete record an account owns or follows (None: no record)."""
    if athlete_id is None:
        return None
    with uow:
        return uow.accounts.handle_of(athlete_id)


def record_action(
    *,
    uow: AccountsUnitOfWork,
    clock: Clock,
    principal: Principal | None,
    action: str,
    handle: str,
    detail: str = "",
    address: str = "",
) -> None:
    """Note in the audit log what a signed-in account did to an athlete's record (a
    clearance, a plan adjustment); nothing to note in single-user mode."""
    if principal is None:
        return
    with uow:
        athlete = uow.athletes.by_handle(handle)
        audit(
            uow,
            clock,
            actor=principal.account,
            action=action,
            athlete_id=athlete.id if athlete else None,
            subject=handle,
            address=address,
            detail=detail,
        )
        uow.commit()


def _coach_of(uow: AccountsUnitOfWork, principal: Principal, handle: str) -> int:
    """The athlete's id for a coach linked to them; AccessRefused for anyone else (the
    athlete included: clinical notes are for coaches)."""
    athlete_id = _reachable(uow, principal, handle)
    if principal.role is not Role.COACH:
        raise AccessRefused("clinical notes of", handle)
    return athlete_id


def add_note(
    *, uow: AccountsUnitOfWork, clock: Clock, principal: Principal, handle: str, text: str
) -> ClinicalNote:
    checked = check_note(text)
    now = clock.now()
    with uow:
        athlete_id = _coach_of(uow, principal, handle)
        note_id = uow.accounts.add_note(
            athlete_id, principal.id, principal.account.name, now, checked
        )
        audit(
            uow,
            clock,
            actor=principal.account,
            action="note.add",
            athlete_id=athlete_id,
            subject=handle,
        )
        uow.commit()
    return ClinicalNote(principal.account.name, now, checked, id=note_id)


def notes_for(
    *,
    uow: AccountsUnitOfWork,
    principal: Principal,
    handle: str,
    limit: int,
    after: int | None = None,
) -> tuple[tuple[ClinicalNote, ...], int | None]:
    """At most `limit` notes, newest first, after the note `after` (its id; notes of one
    moment come the later stored first); and the cursor of the next page (None on the last).
    For the coaches linked to the athlete only."""
    LIST_PAGE.check_int("limit", limit)
    with uow:
        athlete_id = _coach_of(uow, principal, handle)
        try:
            found = uow.accounts.notes(athlete_id, limit=limit + 1, after=after)
        except LookupError:
            raise InvalidValue("after", after, "the id of a note of this athlete") from None
    page = tuple(found[:limit])
    return page, page[-1].id if len(found) > limit else None


@dataclass(frozen=True)
class AccountView:
    """What the account page shows, read in one transaction."""

    athlete: str | None  # the handle of the account's own record
    coaches: tuple[CoachLink, ...]
    tokens: tuple[ApiToken, ...]
    accounts: tuple[Account, ...]  # every account, for an admin; () for anyone else


def account_view(*, uow: AccountsUnitOfWork, principal: Principal) -> AccountView:
    own = principal.account.athlete_id
    with uow:
        return AccountView(
            athlete=uow.accounts.handle_of(own) if own is not None else None,
            coaches=tuple(uow.accounts.coaches_of(own)) if own is not None else (),
            tokens=tuple(uow.accounts.tokens_of(principal.id)),
            accounts=tuple(uow.accounts.all()) if principal.role is Role.ADMIN else (),
        )
