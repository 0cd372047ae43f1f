"""Runs from watch files (a summary, laps and a per-minute summary per run; no raw records)
and the heels-down squat depth of squat technique days.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

DYNAMICS = (
    "cadence_spm",
    "ground_contact_ms",
    "gct_balance_left_percent",
    "vertical_oscillation_mm",
    "vertical_ratio_percent",
    "step_length_mm",
)


def _dynamics() -> list[sa.Column[float]]:
    return [sa.Column(name, sa.Float, nullable=True) for name in DYNAMICS]


def _athlete_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["athlete_id"], ["athletes.id"], name=f"fk_{table}_athlete_id_athletes", ondelete="CASCADE"
    )


def _run_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["run_id"], ["runs.id"], name=f"fk_{table}_run_id_runs", ondelete="CASCADE"
    )


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("utc_offset_min", sa.SmallInteger, nullable=True),
        sa.Column("sport", sa.String(32), nullable=False),
        sa.Column("sub_sport", sa.String(32), nullable=False),
        sa.Column("distance_m", sa.Float, nullable=False),
        sa.Column("moving_s", sa.Float, nullable=False),
        sa.Column("elapsed_s", sa.Float, nullable=False),
        *_dynamics(),
        sa.Column("source_format", sa.String(8), nullable=False),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("device_serial", sa.String(40), nullable=True),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
        _athlete_fk("runs"),
    )
    op.create_index("ix_runs_athlete_day", "runs", ["athlete_id", "day"])
    op.create_index("ix_runs_athlete_sha256", "runs", ["athlete_id", "file_sha256"], unique=True)
    op.create_index(
        "ix_runs_athlete_device_start",
        "runs",
        ["athlete_id", "device_serial", "started_at"],
        unique=True,
    )
    op.create_table(
        "run_laps",
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("lap_index", sa.SmallInteger, nullable=False),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("moving_s", sa.Float, nullable=False),
        sa.Column("distance_m", sa.Float, nullable=False),
        *_dynamics(),
        sa.PrimaryKeyConstraint("run_id", "lap_index", name="pk_run_laps"),
        _run_fk("run_laps"),
    )
    op.create_table(
        "run_minutes",
        sa.Column("run_id", sa.Integer, nullable=False),
        sa.Column("minute", sa.Integer, nullable=False),
        sa.Column("distance_m", sa.Float, nullable=False),
        sa.Column("speed_m_s", sa.Float, nullable=True),
        sa.Column("heart_rate_bpm", sa.Float, nullable=True),
        *_dynamics(),
        sa.PrimaryKeyConstraint("run_id", "minute", name="pk_run_minutes"),
        _run_fk("run_minutes"),
    )
    op.create_table(
        "squat_depths",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("box_height_cm", sa.Float, nullable=True),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_squat_depths"),
        _athlete_fk("squat_depths"),
    )
    op.create_index(
        "ix_squat_depths_athlete_day", "squat_depths", ["athlete_id", "day"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_squat_depths_athlete_day", table_name="squat_depths")
    op.drop_table("squat_depths")
    op.drop_table("run_minutes")
    op.drop_table("run_laps")
    for index in ("ix_runs_athlete_device_start", "ix_runs_athlete_sha256", "ix_runs_athlete_day"):
        op.drop_index(index, table_name="runs")
    op.drop_table("runs")
