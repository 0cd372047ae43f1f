"""The kept per-athlete state: the engine's run and the coach's flags, updated on every
write, and every decision the engine made, so that reads never replay the history. Both are
derived: an athlete without a row is rebuilt from the history on the next write (or by
`anklet state rebuild`), so an existing database needs no data migration.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _athlete_key() -> sa.Column[int]:
    return sa.Column(
        "athlete_id",
        sa.Integer,
        sa.ForeignKey("athletes.id", ondelete="CASCADE"),
        primary_key=True,
    )


def upgrade() -> None:
    op.create_table(
        "athlete_states",
        _athlete_key(),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("run", sa.Text, nullable=False),
        sa.Column("decision_count", sa.Integer, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("flags", sa.Text, nullable=False),
        sa.Column("flag_count", sa.SmallInteger, nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False),
        sa.Column("red_flag", sa.Boolean, nullable=False),
        sa.Column("mornings_rising", sa.Boolean, nullable=False),
        sa.Column("adherence_low", sa.Boolean, nullable=False),
        sa.Column("plateau", sa.Boolean, nullable=False),
        sa.Column("attention", sa.SmallInteger, nullable=False),
        sa.Column("last_activity_on", sa.Date),
        sa.Column("last_regression_on", sa.Date),
        sa.Column("lunge_due_on", sa.Date),
        sa.Column("heel_raise_due_on", sa.Date),
    )
    op.create_index("ix_athlete_states_attention", "athlete_states", ["attention"])
    op.create_table(
        "engine_decisions",
        _athlete_key(),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("verdict", sa.String(16), nullable=False),
        sa.Column("exercise_id", sa.String(48), nullable=False),
        sa.Column("side", sa.String(8), nullable=False),
        sa.Column("rule", sa.String(80), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("change", sa.Text, nullable=False),
        sa.Column("origin", sa.String(32), nullable=False),
    )
    op.create_index("ix_engine_decisions_athlete_day", "engine_decisions", ["athlete_id", "day"])


def downgrade() -> None:
    op.drop_index("ix_engine_decisions_athlete_day", table_name="engine_decisions")
    op.drop_table("engine_decisions")
    op.drop_index("ix_athlete_states_attention", table_name="athlete_states")
    op.drop_table("athlete_states")
