"""The accounts repository on SQLAlchemy Core (services.account_ports.AccountRepository)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from anklet.domain.accounts import (
    Account,
    ClinicalNote,
    Invitation,
    InvitationKind,
    Role,
    TokenScope,
)
from anklet.domain.errors import Conflict
from anklet.services.account_ports import ApiToken, AuditEvent, CoachLink, StoredSession
from anklet.storage.account_tables import (
    accounts,
    api_tokens,
    audit_events,
    clinical_notes,
    coach_links,
    invitations,
    login_failures,
    password_resets,
    web_sessions,
)
from anklet.storage.rows import new_id
from anklet.storage.tables import athletes

ACCOUNT_COLUMNS = (
    accounts.c.id,
    accounts.c.email,
    accounts.c.name,
    accounts.c.role,
    accounts.c.athlete_id,
    accounts.c.created_at,
)


def account_from(row: Mapping[Any, Any]) -> Account:
    return Account(
        id=row["id"],
        email=row["email"],
        name=row["name"],
        role=Role(row["role"]),
        athlete_id=row["athlete_id"],
        created_at=row["created_at"],
    )


def token_from(row: Mapping[Any, Any]) -> ApiToken:
    return ApiToken(
        id=row["id"],
        account_id=row["account_id"],
        label=row["label"],
        scope=TokenScope(row["scope"]),
        created_at=row["created_at"],
        last_used_on=row["last_used_on"],
        revoked_at=row["revoked_at"],
    )


class SqlAccounts:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

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
        values = {
            "email": email,
            "name": name,
            "role": role.value,
            "password_hash": password_hash,
            "athlete_id": athlete_id,
            "created_at": created_at,
        }
        try:
            with self._db.begin_nested():
                result = self._db.execute(insert(accounts).values(values))
        except IntegrityError:
            raise Conflict(f"an account for {email!r} exists already") from None
        return Account(new_id(result), email, name, role, athlete_id, created_at)

    def get(self, account_id: int) -> Account | None:
        row = (
            self._db.execute(select(*ACCOUNT_COLUMNS).where(accounts.c.id == account_id))
            .mappings()
            .first()
        )
        return account_from(row) if row else None

    def by_email(self, email: str) -> tuple[Account, str] | None:
        query = select(*ACCOUNT_COLUMNS, accounts.c.password_hash).where(accounts.c.email == email)
        row = self._db.execute(query).mappings().first()
        return (account_from(row), row["password_hash"]) if row else None

    def all(self) -> list[Account]:
        rows = self._db.execute(select(*ACCOUNT_COLUMNS).order_by(accounts.c.id)).mappings()
        return [account_from(row) for row in rows]

    def count(self) -> int:
        return int(self._db.execute(select(func.count()).select_from(accounts)).scalar_one())

    def set_password(self, account_id: int, password_hash: str) -> None:
        self._db.execute(
            update(accounts).where(accounts.c.id == account_id).values(password_hash=password_hash)
        )

    def set_athlete(self, account_id: int, athlete_id: int) -> None:
        try:
            with self._db.begin_nested():
                self._db.execute(
                    update(accounts)
                    .where(accounts.c.id == account_id)
                    .values(athlete_id=athlete_id)
                )
        except IntegrityError:
            raise Conflict("that athlete record belongs to another account already") from None

    def owner_of(self, athlete_id: int) -> Account | None:
        query = select(*ACCOUNT_COLUMNS).where(accounts.c.athlete_id == athlete_id)
        row = self._db.execute(query).mappings().first()
        return account_from(row) if row else None

    def handle_of(self, athlete_id: int) -> str | None:
        query = select(athletes.c.handle).where(athletes.c.id == athlete_id)
        found = self._db.execute(query).scalar()
        return str(found) if found is not None else None

    # Sessions
    def add_session(self, digest: str, account_id: int, now: datetime) -> None:
        self._db.execute(
            insert(web_sessions).values(
                token_hash=digest, account_id=account_id, created_at=now, last_seen_at=now
            )
        )

    def session(self, digest: str) -> StoredSession | None:
        query = (
            select(*ACCOUNT_COLUMNS, web_sessions.c.created_at.label("session_created_at"))
            .add_columns(web_sessions.c.last_seen_at)
            .join(accounts, accounts.c.id == web_sessions.c.account_id)
            .where(web_sessions.c.token_hash == digest)
        )
        row = self._db.execute(query).mappings().first()
        if row is None:
            return None
        return StoredSession(account_from(row), row["session_created_at"], row["last_seen_at"])

    def touch_session(self, digest: str, now: datetime) -> None:
        self._db.execute(
            update(web_sessions).where(web_sessions.c.token_hash == digest).values(last_seen_at=now)
        )

    def drop_session(self, digest: str) -> None:
        self._db.execute(delete(web_sessions).where(web_sessions.c.token_hash == digest))

    def drop_sessions(self, account_id: int) -> None:
        self._db.execute(delete(web_sessions).where(web_sessions.c.account_id == account_id))

    # Invitations and reset links
    def add_invitation(self, digest: str, invitation: Invitation, now: datetime) -> None:
        self._db.execute(
            insert(invitations).values(
                token_hash=digest,
                kind=invitation.kind.value,
                role=invitation.role.value,
                created_by=invitation.created_by,
                athlete_id=invitation.athlete_id,
                created_at=now,
                expires_at=invitation.expires_at,
                used_at=None,
            )
        )

    def invitation(self, digest: str) -> Invitation | None:
        query = select(invitations).where(invitations.c.token_hash == digest)
        row = self._db.execute(query).mappings().first()
        if row is None:
            return None
        return Invitation(
            kind=InvitationKind(row["kind"]),
            role=Role(row["role"]),
            created_by=row["created_by"],
            athlete_id=row["athlete_id"],
            expires_at=row["expires_at"],
            used_at=row["used_at"],
        )

    def use_invitation(self, digest: str, now: datetime) -> bool:
        # One statement decides: of two requests with the same link, only one changes the row.
        result = self._db.execute(
            update(invitations)
            .where(invitations.c.token_hash == digest, invitations.c.used_at.is_(None))
            .values(used_at=now)
        )
        return result.rowcount == 1

    def made_by_invitation(self, digest: str, account_id: int) -> None:
        self._db.execute(
            update(invitations).where(invitations.c.token_hash == digest).values(used_by=account_id)
        )

    def inviting_coaches(self, account_id: int) -> list[int]:
        query = (
            select(invitations.c.created_by)
            .join(accounts, accounts.c.id == invitations.c.created_by)
            .where(invitations.c.used_by == account_id, accounts.c.role == Role.COACH.value)
        )
        return [int(row[0]) for row in self._db.execute(query)]

    def add_reset(self, digest: str, account_id: int, now: datetime, expires: datetime) -> None:
        self._db.execute(
            insert(password_resets).values(
                token_hash=digest,
                account_id=account_id,
                created_at=now,
                expires_at=expires,
                used_at=None,
            )
        )

    def use_reset(self, digest: str, now: datetime) -> int | None:
        found = self._db.execute(
            select(password_resets.c.account_id).where(
                password_resets.c.token_hash == digest,
                password_resets.c.used_at.is_(None),
                password_resets.c.expires_at > now,
            )
        ).scalar()
        if found is None:
            return None
        taken = self._db.execute(
            update(password_resets)
            .where(password_resets.c.token_hash == digest, password_resets.c.used_at.is_(None))
            .values(used_at=now)
        )
        return int(found) if taken.rowcount == 1 else None

    # Links
    def link(self, coach_id: int, athlete_id: int, now: datetime) -> None:
        if self.linked(coach_id, athlete_id):
            return
        try:
            with self._db.begin_nested():
                self._db.execute(
                    insert(coach_links).values(
                        coach_id=coach_id, athlete_id=athlete_id, created_at=now
                    )
                )
        except IntegrityError:
            pass  # linked meanwhile by another request: the link is what was asked for

    def unlink(self, coach_id: int, athlete_id: int) -> bool:
        result = self._db.execute(
            delete(coach_links).where(
                coach_links.c.coach_id == coach_id, coach_links.c.athlete_id == athlete_id
            )
        )
        return result.rowcount == 1

    def linked(self, coach_id: int, athlete_id: int) -> bool:
        query = select(coach_links.c.coach_id).where(
            coach_links.c.coach_id == coach_id, coach_links.c.athlete_id == athlete_id
        )
        return self._db.execute(query).first() is not None

    def coaches_of(self, athlete_id: int) -> list[CoachLink]:
        query = (
            select(*ACCOUNT_COLUMNS, coach_links.c.created_at.label("linked_at"))
            .join(accounts, accounts.c.id == coach_links.c.coach_id)
            .where(coach_links.c.athlete_id == athlete_id)
            .order_by(coach_links.c.created_at, accounts.c.id)
        )
        return [
            CoachLink(account_from(row), athlete_id, row["linked_at"])
            for row in self._db.execute(query).mappings()
        ]

    # Sign-in failures
    def add_failure(self, subject: str, now: datetime) -> None:
        self._db.execute(insert(login_failures).values(subject=subject, failed_at=now))

    def failures_since(self, subject: str, since: datetime) -> int:
        query = (
            select(func.count())
            .select_from(login_failures)
            .where(login_failures.c.subject == subject, login_failures.c.failed_at >= since)
        )
        return int(self._db.execute(query).scalar_one())

    def clear_failures(self, subject: str) -> None:
        self._db.execute(delete(login_failures).where(login_failures.c.subject == subject))

    # API tokens
    def add_token(
        self, digest: str, account_id: int, label: str, scope: TokenScope, now: datetime
    ) -> ApiToken:
        result = self._db.execute(
            insert(api_tokens).values(
                account_id=account_id,
                label=label,
                token_hash=digest,
                scope=scope.value,
                created_at=now,
            )
        )
        return ApiToken(new_id(result), account_id, label, scope, now, None, None)

    def token(self, digest: str) -> tuple[ApiToken, Account] | None:
        query = (
            select(api_tokens, *ACCOUNT_COLUMNS[1:], accounts.c.id.label("owner_id"))
            .join(accounts, accounts.c.id == api_tokens.c.account_id)
            .where(api_tokens.c.token_hash == digest)
        )
        row = self._db.execute(query).mappings().first()
        if row is None:
            return None
        owner = account_from({**row, "id": row["owner_id"]})
        return token_from(row), owner

    def touch_token(self, token_id: int, today: date) -> None:
        self._db.execute(
            update(api_tokens).where(api_tokens.c.id == token_id).values(last_used_on=today)
        )

    def tokens_of(
        self, account_id: int, *, limit: int | None = None, after: int | None = None
    ) -> list[ApiToken]:
        query = select(api_tokens).where(api_tokens.c.account_id == account_id)
        if after is not None:
            query = query.where(api_tokens.c.id > after)
        rows = self._db.execute(query.order_by(api_tokens.c.id).limit(limit)).mappings()
        return [token_from(row) for row in rows]

    def revoke_token(self, account_id: int, token_id: int, now: datetime) -> bool:
        result = self._db.execute(
            update(api_tokens)
            .where(
                api_tokens.c.id == token_id,
                api_tokens.c.account_id == account_id,
                api_tokens.c.revoked_at.is_(None),
            )
            .values(revoked_at=now)
        )
        return result.rowcount == 1

    # Clinical notes
    def add_note(
        self, athlete_id: int, author_id: int, author: str, now: datetime, text: str
    ) -> int:
        result = self._db.execute(
            insert(clinical_notes).values(
                athlete_id=athlete_id, author_id=author_id, author=author, written_at=now, text=text
            )
        )
        return new_id(result)

    def notes(
        self, athlete_id: int, *, limit: int | None = None, after: int | None = None
    ) -> list[ClinicalNote]:
        notes = clinical_notes.c
        query = (
            select(notes.id, notes.author, notes.written_at, notes.text)
            .where(notes.athlete_id == athlete_id)
            .order_by(notes.written_at.desc(), notes.id.desc())
            .limit(limit)
        )
        if after is not None:
            # After the cursor's note in (written_at, id) order: notes of the same moment
            # (a tie in the sort key) follow by id, so none is repeated or skipped.
            moment = self._db.execute(
                select(notes.written_at).where(notes.athlete_id == athlete_id, notes.id == after)
            ).scalar_one_or_none()
            if moment is None:
                raise LookupError(after)
            query = query.where(
                or_(notes.written_at < moment, and_(notes.written_at == moment, notes.id < after))
            )
        return [
            ClinicalNote(r.author, r.written_at, r.text, id=r.id) for r in self._db.execute(query)
        ]

    # Audit
    def audit(self, event: AuditEvent) -> None:
        self._db.execute(
            insert(audit_events).values(
                at=event.at,
                actor_id=event.actor_id,
                actor=event.actor[:254],
                action=event.action,
                athlete_id=event.athlete_id,
                subject=event.subject[:120],
                address=event.address[:64],
                detail=event.detail,
            )
        )

    def audit_events(self, *, before_id: int | None, limit: int) -> list[AuditEvent]:
        query = select(audit_events).order_by(audit_events.c.id.desc()).limit(limit)
        if before_id is not None:
            query = query.where(audit_events.c.id < before_id)
        return [
            AuditEvent(
                at=row["at"],
                actor_id=row["actor_id"],
                actor=row["actor"],
                action=row["action"],
                athlete_id=row["athlete_id"],
                subject=row["subject"],
                address=row["address"],
                detail=row["detail"],
                id=row["id"],
            )
            for row in self._db.execute(query).mappings()
        ]
