"""Safety: locks stored when they happen, clearances that name what they lift and who cleared,
warning signs on session logs, inclinometer placement, optional body mass.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("athletes") as table:
        table.add_column(sa.Column("body_mass_kg", sa.Float, nullable=True))
    with op.batch_alter_table("assessments") as table:
        table.add_column(sa.Column("lunge_placement", sa.String(24), nullable=True))
    with op.batch_alter_table("session_logs") as table:
        for name in ("sharp_pain", "swelling", "unusual_tightness"):
            table.add_column(sa.Column(name, sa.Boolean, nullable=False, server_default=sa.false()))
    with op.batch_alter_table("clearances") as table:
        table.add_column(sa.Column("cleared_by", sa.String(120), nullable=True))
    op.create_table(
        "lock_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("key", sa.String(96), nullable=False),
        sa.Column("on_day", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("rule", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("restriction", sa.String(24), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_lock_events"),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name="fk_lock_events_athlete_id_athletes",
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_lock_events_athlete_key", "lock_events", ["athlete_id", "key"], unique=True)
    op.create_table(
        "clearance_lifts",
        sa.Column("clearance_id", sa.Integer, nullable=False),
        sa.Column("lock_key", sa.String(96), nullable=False),
        sa.PrimaryKeyConstraint("clearance_id", "lock_key", name="pk_clearance_lifts"),
        sa.ForeignKeyConstraint(
            ["clearance_id"],
            ["clearances.id"],
            name="fk_clearance_lifts_clearance_id_clearances",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("clearance_lifts")
    op.drop_index("ix_lock_events_athlete_key", table_name="lock_events")
    op.drop_table("lock_events")
    with op.batch_alter_table("clearances") as table:
        table.drop_column("cleared_by")
    with op.batch_alter_table("session_logs") as table:
        for name in ("unusual_tightness", "swelling", "sharp_pain"):
            table.drop_column(name)
    with op.batch_alter_table("assessments") as table:
        table.drop_column("lunge_placement")
    with op.batch_alter_table("athletes") as table:
        table.drop_column("body_mass_kg")
