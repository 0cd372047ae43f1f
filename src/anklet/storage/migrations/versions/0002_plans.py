"""Plans: phases, notes, dated sessions and their prescriptions, each with its reason.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

CURRENT = "superseded_at IS NULL"


def _why() -> list[sa.Column[str]]:
    return [
        sa.Column("why_text", sa.Text, nullable=False),
        sa.Column("why_rule", sa.String(80), nullable=False),
        sa.Column("why_source", sa.Text, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("start_on", sa.Date, nullable=False),
        sa.Column("weeks", sa.SmallInteger, nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("deload_weeks", sa.String(64), nullable=False),
        sa.Column("superseded_at", sa.DateTime),
        sa.PrimaryKeyConstraint("id", name="pk_plans"),
        _fk("plans", "athlete_id", "athletes"),
    )
    op.create_index("ix_plans_athlete_created", "plans", ["athlete_id", "created_at"])
    op.create_index(
        "ix_plans_athlete_current",
        "plans",
        ["athlete_id"],
        unique=True,
        sqlite_where=sa.text(CURRENT),
        postgresql_where=sa.text(CURRENT),
    )
    op.create_table(
        "plan_notes",
        sa.Column("plan_id", sa.Integer, nullable=False),
        sa.Column("position", sa.SmallInteger, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("rule", sa.String(80), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("plan_id", "position", name="pk_plan_notes"),
        _fk("plan_notes", "plan_id", "plans"),
    )
    op.create_table(
        "plan_phases",
        sa.Column("plan_id", sa.Integer, nullable=False),
        sa.Column("position", sa.SmallInteger, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("first_week", sa.SmallInteger, nullable=False),
        sa.Column("last_week", sa.SmallInteger, nullable=False),
        sa.Column("stage_left", sa.SmallInteger, nullable=False),
        sa.Column("stage_right", sa.SmallInteger, nullable=False),
        *_why(),
        sa.PrimaryKeyConstraint("plan_id", "position", name="pk_plan_phases"),
        _fk("plan_phases", "plan_id", "plans"),
    )
    op.create_table(
        "plan_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, nullable=False),
        sa.Column("position", sa.SmallInteger, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("week", sa.SmallInteger, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        *_why(),
        sa.PrimaryKeyConstraint("id", name="pk_plan_sessions"),
        _fk("plan_sessions", "plan_id", "plans"),
    )
    op.create_index(
        "ix_plan_sessions_plan_position", "plan_sessions", ["plan_id", "position"], unique=True
    )
    op.create_index("ix_plan_sessions_plan_day", "plan_sessions", ["plan_id", "day"])
    op.create_table(
        "prescriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("position", sa.SmallInteger, nullable=False),
        sa.Column("exercise_id", sa.String(48), nullable=False),
        sa.Column("exercise_name", sa.Text, nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("sets", sa.SmallInteger, nullable=False),
        sa.Column("reps", sa.SmallInteger),
        sa.Column("reps_max", sa.SmallInteger),
        sa.Column("hold_s", sa.Integer),
        sa.Column("distance_m", sa.Integer),
        sa.Column("tempo", sa.String(32)),
        sa.Column("rest_s", sa.Integer, nullable=False),
        sa.Column("load", sa.Text, nullable=False),
        sa.Column("minutes", sa.Float, nullable=False),
        sa.Column("block", sa.String(16), nullable=False),
        *_why(),
        sa.PrimaryKeyConstraint("id", name="pk_prescriptions"),
        _fk("prescriptions", "session_id", "plan_sessions"),
    )
    op.create_index(
        "ix_prescriptions_session_position",
        "prescriptions",
        ["session_id", "position"],
        unique=True,
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete="CASCADE"
    )


def downgrade() -> None:
    op.drop_index("ix_prescriptions_session_position", table_name="prescriptions")
    op.drop_table("prescriptions")
    op.drop_index("ix_plan_sessions_plan_day", table_name="plan_sessions")
    op.drop_index("ix_plan_sessions_plan_position", table_name="plan_sessions")
    op.drop_table("plan_sessions")
    op.drop_table("plan_phases")
    op.drop_table("plan_notes")
    op.drop_index("ix_plans_athlete_current", table_name="plans")
    op.drop_index("ix_plans_athlete_created", table_name="plans")
    op.drop_table("plans")
