"""The plan tables, apart from the rest: the partial unique index on `plans` makes SQLAlchemy
load its PostgreSQL dialect, which costs about 16 ms that commands without plans need not pay
(docs/performance.md). They share `tables.metadata`, so migrations and tests see one schema;
`all_tables()` imports this module before anyone walks the metadata.
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
    text,
)

from anklet.storage.tables import _athlete_fk, metadata

plans = Table(
    "plans",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("created_at", DateTime, nullable=False),
    Column("start_on", Date, nullable=False),
    Column("weeks", SmallInteger, nullable=False),
    Column("locked", Boolean, nullable=False),
    Column("deload_weeks", String(64), nullable=False),  # plan weeks, "4,8,12"
    Column("superseded_at", DateTime),
    Index("ix_plans_athlete_created", "athlete_id", "created_at"),
    Index(
        "ix_plans_athlete_current",
        "athlete_id",
        unique=True,
        sqlite_where=text("superseded_at IS NULL"),
        postgresql_where=text("superseded_at IS NULL"),
    ),
)


def _plan_fk() -> Column[int]:
    return Column(
        "plan_id",
        Integer,
        ForeignKey("plans.id", ondelete="CASCADE"),
        primary_key=True,
    )


plan_notes = Table(
    "plan_notes",
    metadata,
    _plan_fk(),
    Column("position", SmallInteger, primary_key=True),
    Column("text", Text, nullable=False),
    Column("rule", String(80), nullable=False),
    Column("source", Text, nullable=False),
)

plan_phases = Table(
    "plan_phases",
    metadata,
    _plan_fk(),
    Column("position", SmallInteger, primary_key=True),
    Column("name", Text, nullable=False),
    Column("first_week", SmallInteger, nullable=False),
    Column("last_week", SmallInteger, nullable=False),
    Column("stage_left", SmallInteger, nullable=False),
    Column("stage_right", SmallInteger, nullable=False),
    Column("why_text", Text, nullable=False),
    Column("why_rule", String(80), nullable=False),
    Column("why_source", Text, nullable=False),
)

# Sessions and prescriptions keep their own ids: logged sets (issue 5) point at the target.
plan_sessions = Table(
    "plan_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
    Column("position", SmallInteger, nullable=False),  # order within the plan
    Column("day", Date, nullable=False),
    Column("week", SmallInteger, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("why_text", Text, nullable=False),
    Column("why_rule", String(80), nullable=False),
    Column("why_source", Text, nullable=False),
    Index("ix_plan_sessions_plan_position", "plan_id", "position", unique=True),
    Index("ix_plan_sessions_plan_day", "plan_id", "day"),
)

prescriptions = Table(
    "prescriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "session_id", Integer, ForeignKey("plan_sessions.id", ondelete="CASCADE"), nullable=False
    ),
    Column("position", SmallInteger, nullable=False),  # order within the session
    Column("exercise_id", String(48), nullable=False),
    Column("exercise_name", Text, nullable=False),
    Column("side", String(5), nullable=False),
    Column("sets", SmallInteger, nullable=False),
    Column("reps", SmallInteger),
    Column("reps_max", SmallInteger),
    Column("hold_s", Integer),
    Column("distance_m", Integer),
    Column("tempo", String(32)),
    Column("rest_s", Integer, nullable=False),
    Column("load", Text, nullable=False),
    Column("minutes", Float, nullable=False),
    Column("block", String(16), nullable=False),
    Column("why_text", Text, nullable=False),
    Column("why_rule", String(80), nullable=False),
    Column("why_source", Text, nullable=False),
    Index("ix_prescriptions_session_position", "session_id", "position", unique=True),
)
