"""The training-log tables: session logs with their items, morning check-ins, baselines.

They share `tables.metadata`, so migrations and tests see one schema; `all_tables()` imports
this module before anyone walks the metadata. A logged item keeps the target next to the
actual (docs/architecture.md, rule 5), so every progression decision can be audited from these rows.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
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
    Text,
    false,
)

from anklet.storage.tables import _athlete_fk, metadata

# One log per athlete, day and kind of session: logging a day twice replaces, never doubles.
session_logs = Table(
    "session_logs",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("day", Date, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("pain_during", SmallInteger, nullable=False),
    Column("rpe", SmallInteger),
    Column("rir", SmallInteger),
    Column("notes", Text, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("sharp_pain", Boolean, nullable=False, server_default=false()),
    Column("swelling", Boolean, nullable=False, server_default=false()),
    Column("unusual_tightness", Boolean, nullable=False, server_default=false()),
    # The plan it was done against (kept when a newer plan replaces it; NULL for logs from
    # before 0006, or if that plan is ever deleted).
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="SET NULL")),
    # One more on every change of the log (optimistic concurrency, services.training).
    Column("version", Integer, nullable=False, server_default="1"),
    Index("ix_session_logs_athlete_day_kind", "athlete_id", "day", "kind", unique=True),
)

logged_items = Table(
    "logged_items",
    metadata,
    Column(
        "session_log_id",
        Integer,
        ForeignKey("session_logs.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", SmallInteger, primary_key=True),  # order within the session
    Column("exercise_id", String(48), nullable=False),
    Column("side", String(5), nullable=False),
    Column("target_sets", SmallInteger, nullable=False),
    Column("target_reps", SmallInteger),
    Column("target_reps_max", SmallInteger),
    Column("target_hold_s", Integer),
    Column("target_load_kg", Float),
    Column("sets_done", SmallInteger, nullable=False),
    Column("reps_done", SmallInteger),
    Column("hold_s_done", Integer),
    Column("load_kg", Float),
    Column("skipped", Boolean, nullable=False),
    # The prescription as the athlete saw it ("3 × 10-20 reps, tempo 3-1-2; 10 kg") and the
    # rule behind it: readable whatever the plan becomes.
    Column("prescribed", Text),
    Column("prescribed_rule", String(64)),
)

# One check-in per athlete and morning.
check_ins = Table(
    "check_ins",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("day", Date, nullable=False),
    Column("morning_pain", SmallInteger, nullable=False),
    Column("stiffness", SmallInteger, nullable=False),
    Column("sharp_pain", Boolean, nullable=False),
    Column("swelling", Boolean, nullable=False),
    Column("unusual_tightness", Boolean, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    # One more on every change of the check-in (optimistic concurrency, services.training).
    Column("version", Integer, nullable=False, server_default="1"),
    Index("ix_check_ins_athlete_day", "athlete_id", "day", unique=True),
)

# Baselines set explicitly by the user; every one is kept, the latest is in force.
baselines = Table(
    "baselines",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("set_on", Date, nullable=False),
    Column("morning_pain", Float, nullable=False),
    Column("stiffness", Float, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Index("ix_baselines_athlete_set", "athlete_id", "set_on", "recorded_at"),
)
