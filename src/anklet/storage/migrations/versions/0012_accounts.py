"""Accounts for the multi-user server: accounts, sessions, invitations, coach links,
sign-in failures, reset links, API tokens, the audit log, clinical notes and plan
adjustments. New tables only: a single-user database gains them empty and works as before.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

DIGEST = 64


def _fk(name: str, table: str, *, nullable: bool = False, primary: bool = False) -> sa.Column[int]:
    return sa.Column(
        name,
        sa.Integer,
        sa.ForeignKey(f"{table}.id", ondelete="CASCADE"),
        nullable=nullable,
        primary_key=primary,
    )


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="SET NULL"),
            unique=True,
        ),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(DIGEST), primary_key=True),
        _fk("account_id", "accounts"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_seen_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_web_sessions_account_id", "web_sessions", ["account_id"])
    op.create_table(
        "invitations",
        sa.Column("token_hash", sa.String(DIGEST), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        _fk("created_by", "accounts"),
        _fk("athlete_id", "athletes", nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime),
    )
    op.create_table(
        "coach_links",
        _fk("coach_id", "accounts", primary=True),
        _fk("athlete_id", "athletes", primary=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_coach_links_athlete_id", "coach_links", ["athlete_id"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("failed_at", sa.DateTime, nullable=False),
    )
    op.create_index(
        "ix_login_failures_subject_failed_at", "login_failures", ["subject", "failed_at"]
    )
    op.create_table(
        "password_resets",
        sa.Column("token_hash", sa.String(DIGEST), primary_key=True),
        _fk("account_id", "accounts"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("expires_at", sa.DateTime, nullable=False),
        sa.Column("used_at", sa.DateTime),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("account_id", "accounts"),
        sa.Column("label", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(DIGEST), nullable=False, unique=True),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("last_used_on", sa.Date),
        sa.Column("revoked_at", sa.DateTime),
    )
    op.create_index("ix_api_tokens_account_id", "api_tokens", ["account_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor_id", sa.Integer),
        sa.Column("actor", sa.String(254), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("athlete_id", sa.Integer),
        sa.Column("subject", sa.String(120), nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_events_at", "audit_events", ["at"])
    op.create_table(
        "clinical_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("athlete_id", "athletes"),
        sa.Column("author_id", sa.Integer),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("written_at", sa.DateTime, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_clinical_notes_athlete_id", "clinical_notes", ["athlete_id", "written_at"])
    op.create_table(
        "plan_adjustments",
        sa.Column("id", sa.Integer, primary_key=True),
        _fk("athlete_id", "athletes"),
        sa.Column("author_id", sa.Integer),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("made_at", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("exercise_id", sa.String(48), nullable=False),
        sa.Column("replacement_id", sa.String(48)),
        sa.Column("first_day", sa.Date, nullable=False),
        sa.Column("last_day", sa.Date, nullable=False),
        sa.Column("dose", sa.Text),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime),
    )
    op.create_index(
        "ix_plan_adjustments_athlete_id", "plan_adjustments", ["athlete_id", "first_day"]
    )


def downgrade() -> None:
    for table in (
        "plan_adjustments",
        "clinical_notes",
        "audit_events",
        "api_tokens",
        "password_resets",
        "login_failures",
        "coach_links",
        "invitations",
        "web_sessions",
        "accounts",
    ):
        op.drop_table(table)
