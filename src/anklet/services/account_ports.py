"""The ports of the accounts service: one repository over the server's tables, a password
hasher, and a unit of work that holds both the accounts and the athletes.

Secrets reach the repository already hashed (SHA-256 of a random token): it never sees a
cookie, a link or an API token in the clear."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

from anklet.domain.accounts import Account, ClinicalNote, Invitation, Role, TokenScope

if TYPE_CHECKING:
    from anklet.services.ports import AthleteRepository

__all__ = [
    "AccountRepository",
    "AccountsUnitOfWork",
    "ApiToken",
    "AuditEvent",
    "CoachLink",
    "PasswordHasher",
    "StoredSession",
]


@dataclass(frozen=True)
class StoredSession:
    account: Account
    created_at: datetime
    last_seen_at: datetime


@dataclass(frozen=True)
class ApiToken:
    id: int
    account_id: int
    label: str
    scope: TokenScope
    created_at: datetime
    last_used_on: date | None
    revoked_at: datetime | None


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    actor_id: int | None
    actor: str  # the account's e-mail address, or "anonymous"
    action: str
    athlete_id: int | None
    subject: str  # what it was about: an athlete's handle, an account's address
    address: str  # the client's network address
    detail: str
    id: int | None = None


@dataclass(frozen=True)
class CoachLink:
    coach: Account
    athlete_id: int
    created_at: datetime


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, stored: str, password: str) -> bool:
        """False for a wrong password; never raises for one."""
        ...

    def needs_rehash(self, stored: str) -> bool: ...


class AccountRepository(Protocol):
    def add(
        self,
        *,
        email: str,
        name: str,
        role: Role,
        password_hash: str,
        athlete_id: int | None,
        created_at: datetime,
    ) -> Account:
        """A Conflict when the address is taken."""
        ...

    def get(self, account_id: int) -> Account | None: ...

    def by_email(self, email: str) -> tuple[Account, str] | None:
        """The account and its password hash."""
        ...

    def all(self) -> Sequence[Account]: ...

    def count(self) -> int: ...

    def set_password(self, account_id: int, password_hash: str) -> None: ...

    def set_athlete(self, account_id: int, athlete_id: int) -> None: ...

    def owner_of(self, athlete_id: int) -> Account | None: ...

    def handle_of(self, athlete_id: int) -> str | None: ...

    # Sessions
    def add_session(self, digest: str, account_id: int, now: datetime) -> None: ...

    def session(self, digest: str) -> StoredSession | None: ...

    def touch_session(self, digest: str, now: datetime) -> None: ...

    def drop_session(self, digest: str) -> None: ...

    def drop_sessions(self, account_id: int) -> None: ...

    # Invitations and reset links: one use each, taken atomically
    def add_invitation(self, digest: str, invitation: Invitation, now: datetime) -> None: ...

    def invitation(self, digest: str) -> Invitation | None: ...

    def use_invitation(self, digest: str, now: datetime) -> bool:
        """Mark it used; False when it was used already (another request won)."""
        ...

    def made_by_invitation(self, digest: str, account_id: int) -> None:
        """Note the account a used invitation made."""
        ...

    def inviting_coaches(self, account_id: int) -> Sequence[int]:
        """The coaches whose invitations made this account."""
        ...

    def add_reset(self, digest: str, account_id: int, now: datetime, expires: datetime) -> None: ...

    def use_reset(self, digest: str, now: datetime) -> int | None:
        """The account of an unused, unexpired reset link, marked used; None otherwise."""
        ...

    # Links between coaches and athletes
    def link(self, coach_id: int, athlete_id: int, now: datetime) -> None: ...

    def unlink(self, coach_id: int, athlete_id: int) -> bool: ...

    def linked(self, coach_id: int, athlete_id: int) -> bool: ...

    def coaches_of(self, athlete_id: int) -> Sequence[CoachLink]: ...

    # Sign-in failures
    def add_failure(self, subject: str, now: datetime) -> None: ...

    def failures_since(self, subject: str, since: datetime) -> int: ...

    def clear_failures(self, subject: str) -> None: ...

    # API tokens
    def add_token(
        self, digest: str, account_id: int, label: str, scope: TokenScope, now: datetime
    ) -> ApiToken: ...

    def token(self, digest: str) -> tuple[ApiToken, Account] | None: ...

    def touch_token(self, token_id: int, today: date) -> None: ...

    def tokens_of(
        self, account_id: int, *, limit: int | None = None, after: int | None = None
    ) -> Sequence[ApiToken]:
        """The account's tokens in the order made; with `limit`, at most that many, made
        after the token `after` (its id)."""
        ...

    def revoke_token(self, account_id: int, token_id: int, now: datetime) -> bool: ...

    # Clinical notes
    def add_note(
        self, athlete_id: int, author_id: int, author: str, now: datetime, text: str
    ) -> int:
        """The new note's id."""
        ...

    def notes(
        self, athlete_id: int, *, limit: int | None = None, after: int | None = None
    ) -> Sequence[ClinicalNote]:
        """Newest first (the later stored first among notes of one moment); with `limit`,
        at most that many, after the athlete's note `after` (its id). A note `after` that
        is not the athlete's is a LookupError."""
        ...

    # Audit: append and list, never change
    def audit(self, event: AuditEvent) -> None: ...

    def audit_events(self, *, before_id: int | None, limit: int) -> Sequence[AuditEvent]: ...


class AccountsUnitOfWork(Protocol):
    @property
    def accounts(self) -> AccountRepository: ...

    @property
    def athletes(self) -> AthleteRepository: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...

    def commit(self) -> None: ...
