"""Runs imported from watch files: the run's summary, its laps and a per-minute summary.

The raw one-second records are not stored (docs/running.md): a year of runs is a few thousand
rows. A file is recognised again by its SHA-256 or by its device serial and start time, each a
unique index, so a duplicate is refused even by two imports at once.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
)

from anklet.storage.tables import _athlete_fk, metadata


def _dynamics() -> list[Column[float]]:
    return [
        Column("cadence_spm", Float),
        Column("ground_contact_ms", Float),
        Column("gct_balance_left_percent", Float),
        Column("vertical_oscillation_mm", Float),
        Column("vertical_ratio_percent", Float),
        Column("step_length_mm", Float),
    ]


runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("day", Date, nullable=False),  # the runner's local day
    Column("started_at", DateTime, nullable=False),  # UTC
    Column("utc_offset_min", SmallInteger),
    Column("sport", String(32), nullable=False),
    Column("sub_sport", String(32), nullable=False),
    Column("distance_m", Float, nullable=False),
    Column("moving_s", Float, nullable=False),
    Column("elapsed_s", Float, nullable=False),
    *_dynamics(),
    Column("source_format", String(8), nullable=False),
    Column("file_sha256", String(64), nullable=False),
    Column("device_serial", String(40)),
    Column("file_name", String(200), nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Index("ix_runs_athlete_day", "athlete_id", "day"),
    Index("ix_runs_athlete_sha256", "athlete_id", "file_sha256", unique=True),
    Index("ix_runs_athlete_device_start", "athlete_id", "device_serial", "started_at", unique=True),
)


def _run_fk() -> Column[int]:
    return Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)


run_laps = Table(
    "run_laps",
    metadata,
    _run_fk(),
    Column("lap_index", SmallInteger, primary_key=True),
    Column("started_at", DateTime, nullable=False),
    Column("moving_s", Float, nullable=False),
    Column("distance_m", Float, nullable=False),
    *_dynamics(),
)

run_minutes = Table(
    "run_minutes",
    metadata,
    _run_fk(),
    Column("minute", Integer, primary_key=True),
    Column("distance_m", Float, nullable=False),
    Column("speed_m_s", Float),
    Column("heart_rate_bpm", Float),
    *_dynamics(),
)

# The heels-down squat depth of a squat technique day: a box height in cm, or NULL for full.
squat_depths = Table(
    "squat_depths",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("day", Date, nullable=False),
    Column("box_height_cm", Float),
    Column("recorded_at", DateTime, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),  # one more each change
    Index("ix_squat_depths_athlete_day", "athlete_id", "day", unique=True),
)
