"""The multi-user server's tables: accounts and their sessions, invitations, links between
coaches and athletes, sign-in failures, reset links, API tokens, the audit log, clinical
notes and coaches' plan adjustments.

Secrets (session cookies, invitation and reset links, API tokens) are never stored: only
their SHA-256, so a copy of the database lets nobody in. Passwords are argon2id hashes.
The audit log keeps ids and names as text with no foreign key, so it outlives what it
mentions and is only ever appended to.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    ColumnElement,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    or_,
    select,
)

from anklet.domain.accounts import AthleteScope
from anklet.storage.tables import metadata

DIGEST_CHARS = 64  # a SHA-256 in hex

# The server's own tables: who may see an athlete, not the athlete's training record. An
# export leaves them out; erasing an athlete removes their links and notes by cascade.
SERVER_TABLES = frozenset(
    {
        "accounts",
        "web_sessions",
        "invitations",
        "coach_links",
        "login_failures",
        "password_resets",
        "api_tokens",
        "audit_events",
        "clinical_notes",
        "plan_adjustments",
    }
)


def _account_fk(name: str = "account_id") -> Column[int]:
    return Column(name, Integer, ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False)


accounts = Table(
    "accounts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("name", String(80), nullable=False),
    Column("role", String(8), nullable=False),
    Column("password_hash", String(200), nullable=False),
    # An athlete's own record; erasing the record leaves the account without one.
    Column(
        "athlete_id",
        Integer,
        ForeignKey("athletes.id", ondelete="SET NULL"),
        unique=True,
    ),
    Column("created_at", DateTime, nullable=False),
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("token_hash", String(DIGEST_CHARS), primary_key=True),
    _account_fk(),
    Column("created_at", DateTime, nullable=False),
    Column("last_seen_at", DateTime, nullable=False),
    Index("ix_web_sessions_account_id", "account_id"),
)

invitations = Table(
    "invitations",
    metadata,
    Column("token_hash", String(DIGEST_CHARS), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("role", String(8), nullable=False),
    _account_fk("created_by"),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE")),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime),
    Column("used_by", Integer),  # the account it made (0014)
)

coach_links = Table(
    "coach_links",
    metadata,
    Column("coach_id", Integer, ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True),
    Column("created_at", DateTime, nullable=False),
    Index("ix_coach_links_athlete_id", "athlete_id"),
)

# One row per failed sign-in, per subject ("account:EMAIL" and "address:IP"): the throttle
# counts them over a window in SQL, so every worker process sees the same count.
login_failures = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subject", String(300), nullable=False),
    Column("failed_at", DateTime, nullable=False),
    Index("ix_login_failures_subject_failed_at", "subject", "failed_at"),
)

password_resets = Table(
    "password_resets",
    metadata,
    Column("token_hash", String(DIGEST_CHARS), primary_key=True),
    _account_fk(),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("used_at", DateTime),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    _account_fk(),
    Column("label", String(80), nullable=False),
    Column("token_hash", String(DIGEST_CHARS), nullable=False, unique=True),
    Column("scope", String(8), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("last_used_on", Date),
    Column("revoked_at", DateTime),
    Index("ix_api_tokens_account_id", "account_id"),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", DateTime, nullable=False),
    Column("actor_id", Integer),  # no foreign key: the log outlives the account
    Column("actor", String(254), nullable=False),
    Column("action", String(40), nullable=False),
    Column("athlete_id", Integer),
    Column("subject", String(120), nullable=False),
    Column("address", String(64), nullable=False),
    Column("detail", Text, nullable=False),
    Index("ix_audit_events_at", "at"),
)

clinical_notes = Table(
    "clinical_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", Integer),
    Column("author", String(80), nullable=False),
    Column("written_at", DateTime, nullable=False),
    Column("text", Text, nullable=False),
    Index("ix_clinical_notes_athlete_id", "athlete_id", "written_at"),
)

# A coach's change to one athlete's plan for a date range: a dose, a swap for another
# exercise of the same slot, an added or a removed item. The athlete sees who and why.
plan_adjustments = Table(
    "plan_adjustments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False),
    Column("author_id", Integer),
    Column("author", String(80), nullable=False),
    Column("made_at", DateTime, nullable=False),
    Column("kind", String(8), nullable=False),
    Column("exercise_id", String(48), nullable=False),
    Column("replacement_id", String(48)),
    Column("first_day", Date, nullable=False),
    Column("last_day", Date, nullable=False),
    Column("dose", Text),  # JSON: the changed prescription's fields, for kind "dose"
    Column("reason", String(500), nullable=False),
    Column("withdrawn_at", DateTime),
    Index("ix_plan_adjustments_athlete_id", "athlete_id", "first_day"),
)


def visible_athletes(scope: AthleteScope, athlete_id: ColumnElement[int]) -> ColumnElement[bool]:
    """The WHERE clause of a list scoped to an account: its own athlete, and the athletes
    linked to it as a coach (a semi-join on coach_links' primary key)."""
    linked = select(coach_links.c.athlete_id).where(coach_links.c.coach_id == scope.coach_id)
    own = athlete_id == scope.athlete_id if scope.athlete_id is not None else false()
    return or_(own, athlete_id.in_(linked)) if scope.coach_id is not None else own
