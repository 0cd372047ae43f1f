"""Training log: session logs with their items (target next to actual), morning check-ins,
explicit baselines.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "session_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("pain_during", sa.SmallInteger, nullable=False),
        sa.Column("rpe", sa.SmallInteger),
        sa.Column("rir", sa.SmallInteger),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_session_logs"),
        _fk("session_logs", "athlete_id", "athletes"),
    )
    op.create_index(
        "ix_session_logs_athlete_day_kind",
        "session_logs",
        ["athlete_id", "day", "kind"],
        unique=True,
    )
    op.create_table(
        "logged_items",
        sa.Column("session_log_id", sa.Integer, nullable=False),
        sa.Column("position", sa.SmallInteger, nullable=False),
        sa.Column("exercise_id", sa.String(48), nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("target_sets", sa.SmallInteger, nullable=False),
        sa.Column("target_reps", sa.SmallInteger),
        sa.Column("target_reps_max", sa.SmallInteger),
        sa.Column("target_hold_s", sa.Integer),
        sa.Column("target_load_kg", sa.Float),
        sa.Column("sets_done", sa.SmallInteger, nullable=False),
        sa.Column("reps_done", sa.SmallInteger),
        sa.Column("hold_s_done", sa.Integer),
        sa.Column("load_kg", sa.Float),
        sa.Column("skipped", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("session_log_id", "position", name="pk_logged_items"),
        _fk("logged_items", "session_log_id", "session_logs"),
    )
    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("morning_pain", sa.SmallInteger, nullable=False),
        sa.Column("stiffness", sa.SmallInteger, nullable=False),
        sa.Column("sharp_pain", sa.Boolean, nullable=False),
        sa.Column("swelling", sa.Boolean, nullable=False),
        sa.Column("unusual_tightness", sa.Boolean, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_check_ins"),
        _fk("check_ins", "athlete_id", "athletes"),
    )
    op.create_index("ix_check_ins_athlete_day", "check_ins", ["athlete_id", "day"], unique=True)
    op.create_table(
        "baselines",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("set_on", sa.Date, nullable=False),
        sa.Column("morning_pain", sa.Float, nullable=False),
        sa.Column("stiffness", sa.Float, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_baselines"),
        _fk("baselines", "athlete_id", "athletes"),
    )
    op.create_index(
        "ix_baselines_athlete_set", "baselines", ["athlete_id", "set_on", "recorded_at"]
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete="CASCADE"
    )


def downgrade() -> None:
    op.drop_index("ix_baselines_athlete_set", table_name="baselines")
    op.drop_table("baselines")
    op.drop_index("ix_check_ins_athlete_day", table_name="check_ins")
    op.drop_table("check_ins")
    op.drop_table("logged_items")
    op.drop_index("ix_session_logs_athlete_day_kind", table_name="session_logs")
    op.drop_table("session_logs")
