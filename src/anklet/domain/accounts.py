"""Accounts, roles and who may see which athlete: the rules of the multi-user server.

Pure and stdlib-only, like the rest of the domain: storage keeps the rows, services run the
use cases, the web layer resolves the signed-in account and asks `may_see` once per request.

The limits below are design choices of ours (security practice, not sports science): they
are named here so that every interface states the same ranges.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from anklet.domain.errors import InvalidValue, Problems
from anklet.domain.units import CONTROL_CHARACTERS, check_text, is_unicode_text

__all__ = [
    "EMAIL_MAX_CHARS",
    "INVITATION_LIFETIME",
    "LOGIN_FAILURES_PER_ACCOUNT",
    "LOGIN_FAILURES_PER_ADDRESS",
    "LOGIN_WINDOW",
    "NAME_MAX_CHARS",
    "NOTE_MAX_CHARS",
    "PASSWORD_MAX_CHARS",
    "PASSWORD_MIN_CHARS",
    "RESET_LIFETIME",
    "SESSION_IDLE",
    "SESSION_LIFETIME",
    "SESSION_TOUCH",
    "Account",
    "AthleteScope",
    "ClinicalNote",
    "Invitation",
    "InvitationKind",
    "Principal",
    "Role",
    "TokenScope",
    "check_email",
    "check_label",
    "check_name",
    "check_new_account",
    "check_note",
    "check_password",
    "may_invite",
    "may_see",
    "scope_of",
    "session_alive",
    "throttled",
]


class Role(StrEnum):
    ADMIN = "admin"  # manages accounts and reads the audit log; sees no athlete by role alone
    COACH = "coach"  # a coach or clinician: sees the athletes linked to them
    ATHLETE = "athlete"  # owns one athlete record and the data in it


class TokenScope(StrEnum):
    READ = "read"  # GET and HEAD only
    WRITE = "write"  # everything the account may do


class InvitationKind(StrEnum):
    JOIN = "join"  # a new account with a role (and, for an athlete, maybe their record)
    LINK = "link"  # an athlete asks a coach who has an account to follow their record


EMAIL_MAX_CHARS = 254  # the longest address SMTP carries (RFC 5321 path limit)
NAME_MAX_CHARS = 80
# Long passphrases are welcome; the upper bound only keeps hashing cheap to refuse.
PASSWORD_MIN_CHARS = 12
PASSWORD_MAX_CHARS = 256

SESSION_IDLE = timedelta(hours=12)  # a session nobody used for this long is over
SESSION_LIFETIME = timedelta(days=30)  # and none lives longer, used or not
SESSION_TOUCH = timedelta(minutes=5)  # how stale `last_seen` may get before it is written
INVITATION_LIFETIME = timedelta(days=7)
RESET_LIFETIME = timedelta(hours=1)

# Failed sign-ins counted over a sliding window, per account and per network address.
LOGIN_WINDOW = timedelta(minutes=15)
LOGIN_FAILURES_PER_ACCOUNT = 5
LOGIN_FAILURES_PER_ADDRESS = 20


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    name: str
    role: Role
    athlete_id: int | None  # an athlete's own record, once made
    created_at: datetime


@dataclass(frozen=True)
class ClinicalNote:
    """A coach's or clinician's note on an athlete: coaches see it, the athlete does not."""

    author: str
    written_at: datetime
    text: str
    id: int | None = None  # the stored row's: the cursor of the page after it


@dataclass(frozen=True)
class Principal:
    """Who is asking: an account, and through which door (a browser session or a token)."""

    account: Account
    scope: TokenScope = TokenScope.WRITE

    @property
    def id(self) -> int:
        return self.account.id

    @property
    def role(self) -> Role:
        return self.account.role


@dataclass(frozen=True)
class Invitation:
    kind: InvitationKind
    role: Role
    created_by: int
    athlete_id: int | None
    expires_at: datetime
    used_at: datetime | None


def may_see(principal: Principal, athlete_id: int, *, linked: bool) -> bool:
    """Whether the principal may read (and, with a write scope, change) one athlete's record:
    the athlete who owns it, or a coach linked to it. An admin manages accounts, not
    athletes' health records, so an admin needs a link like anyone else."""
    if principal.account.athlete_id == athlete_id:
        return True
    return principal.role is Role.COACH and linked


@dataclass(frozen=True)
class AthleteScope:
    """The athletes a list may show: the one the account owns and those linked to the
    coach. Lists with no scope (the single-user app) show every athlete."""

    athlete_id: int | None = None
    coach_id: int | None = None


def scope_of(principal: Principal) -> AthleteScope:
    coach = principal.id if principal.role is Role.COACH else None
    return AthleteScope(athlete_id=principal.account.athlete_id, coach_id=coach)


def may_invite(inviter: Role, role: Role) -> bool:
    """An admin invites anyone; a coach invites athletes; an athlete invites nobody new
    (an athlete asks an existing coach to follow them with a link invitation)."""
    if inviter is Role.ADMIN:
        return True
    return inviter is Role.COACH and role is Role.ATHLETE


def session_alive(created_at: datetime, last_seen_at: datetime, now: datetime) -> bool:
    return now - last_seen_at < SESSION_IDLE and now - created_at < SESSION_LIFETIME


def throttled(failures_for_account: int, failures_for_address: int) -> bool:
    """True when a sign-in must be refused before the password is even checked."""
    return (
        failures_for_account >= LOGIN_FAILURES_PER_ACCOUNT
        or failures_for_address >= LOGIN_FAILURES_PER_ADDRESS
    )


def check_email(value: str) -> str:
    """The address, trimmed and lower-cased (addresses are compared that way); one '@' with
    something on each side and a dot in the domain."""
    email = value.strip().lower()
    local, at, domain = email.partition("@")
    allowed = f"an e-mail address like name@example.org, at most {EMAIL_MAX_CHARS} characters"
    if (
        not at
        or not is_unicode_text(email)
        or any(ch in CONTROL_CHARACTERS for ch in email)
        or not local
        or "@" in domain
        or "." not in domain.strip(".")
        or len(email) > EMAIL_MAX_CHARS
        or any(ch.isspace() for ch in email)
    ):
        raise InvalidValue("email", value, allowed)
    return email


def check_name(value: str) -> str:
    name = " ".join(value.split())
    allowed = f"1 to {NAME_MAX_CHARS} printable characters"
    if not 1 <= len(name) <= NAME_MAX_CHARS or not name.isprintable():
        raise InvalidValue("name", value, allowed)
    return check_text("name", name, allowed)


def check_label(value: str) -> str:
    """An API token's label: what the owner calls the program that holds it."""
    label = " ".join(value.split())
    allowed = f"1 to {NAME_MAX_CHARS} printable characters"
    if not 1 <= len(label) <= NAME_MAX_CHARS or not label.isprintable():
        raise InvalidValue("label", value, allowed)
    return check_text("label", label, allowed)


NOTE_MAX_CHARS = 2000  # a clinical note: a few paragraphs


def check_note(value: str) -> str:
    note = value.strip()
    allowed = f"1 to {NOTE_MAX_CHARS} characters"
    if not 1 <= len(note) <= NOTE_MAX_CHARS:
        raise InvalidValue("note", value, allowed)
    return check_text("note", note, allowed)


def check_password(value: str) -> str:
    """Any characters, between the bounds; never trimmed (spaces are part of it)."""
    if "\x00" in value or not is_unicode_text(value):
        raise InvalidValue("password", "(not shown)", "valid Unicode text without NUL")
    if not PASSWORD_MIN_CHARS <= len(value) <= PASSWORD_MAX_CHARS:
        # The message must not echo the password back.
        raise InvalidValue(
            "password",
            f"{len(value)} characters",
            f"{PASSWORD_MIN_CHARS} to {PASSWORD_MAX_CHARS} characters",
        )
    return value


def check_new_account(email: str, name: str, password: str) -> tuple[str, str, str]:
    """All three fields checked together, every problem reported at once."""
    problems = Problems()
    checked_email = problems.check(lambda: check_email(email), "")
    checked_name = problems.check(lambda: check_name(name), "")
    checked_password = problems.check(lambda: check_password(password), "")
    problems.raise_if_any()
    return checked_email, checked_name, checked_password
