"""The schema as SQLAlchemy Core tables. Alembic migrations create it; a test keeps both equal.

Every athlete-owned table carries `athlete_id` and an index that starts with it, so every
query is scoped by athlete and stays one indexed lookup when accounts and rosters arrive.
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
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _athlete_fk() -> Column[int]:
    return Column(
        "athlete_id", Integer, ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False
    )


athletes = Table(
    "athletes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("handle", String(32), nullable=False, unique=True),
    Column("name", String(80), nullable=False),
    Column("birth_year", Integer),
    Column("sex", String(16), nullable=False),
    Column("goal", String(16), nullable=False),
    Column("days", String(40), nullable=False),
    Column("minutes", Integer, nullable=False),
    Column("equipment", String(120), nullable=False),
    Column("units", String(10), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("body_mass_kg", Float),
    # One more on every committed write to this athlete's history (storage.unit_of_work).
    Column("history_version", Integer, nullable=False, server_default="0"),
    # One more on every edit of the record itself (optimistic concurrency, services.athletes).
    Column("version", Integer, nullable=False, server_default="1"),
)

screenings = Table(
    "screenings",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("taken_on", Date, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("exercise_only", Boolean, nullable=False),
    Index("ix_screenings_athlete_recorded", "athlete_id", "recorded_at"),
)

screening_answers = Table(
    "screening_answers",
    metadata,
    Column(
        "screening_id",
        Integer,
        ForeignKey("screenings.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("question", SmallInteger, primary_key=True),
    Column("answer", Boolean, nullable=False),
)

clearances = Table(
    "clearances",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("cleared_on", Date, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("note", String(500), nullable=False),
    Column("cleared_by", String(120)),
    Index("ix_clearances_athlete_recorded", "athlete_id", "recorded_at"),
)

# What a clearance lifted, by lock key (domain.safety.LockEvent.key). A clearance recorded
# before 0005 has no rows here and lifted every lock recorded before it.
clearance_lifts = Table(
    "clearance_lifts",
    metadata,
    Column(
        "clearance_id",
        Integer,
        ForeignKey("clearances.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("lock_key", String(96), primary_key=True),
)

# Locks the engine decided (a pause, a referral, a request to screen again), stored when they
# happen so that no later edit of the history can take them back: only a clearance lifts them.
lock_events = Table(
    "lock_events",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("key", String(96), nullable=False),
    Column("on_day", Date, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("rule", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    Column("source", String(200), nullable=False),
    Column("restriction", String(24), nullable=False),
    Index("ix_lock_events_athlete_key", "athlete_id", "key", unique=True),
)

assessments = Table(
    "assessments",
    metadata,
    Column("id", Integer, primary_key=True),
    _athlete_fk(),
    Column("taken_on", Date, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("lunge_method", String(16), nullable=False),
    Column("lunge_device", String(16), nullable=False),
    Column("rater", String(10), nullable=False),
    Column("heel_raise_protocol", String(16), nullable=False),
    Column("incline_deg", SmallInteger, nullable=False),
    Column("lunge_placement", String(24)),
    Index("ix_assessments_athlete_taken", "athlete_id", "taken_on"),
)

assessment_sides = Table(
    "assessment_sides",
    metadata,
    Column(
        "assessment_id",
        Integer,
        ForeignKey("assessments.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("side", String(5), primary_key=True),
    Column("lunge", Float),
    Column("heel_raise_reps", Integer),
    Column("heel_height_cm", Float),
    Column("pain", SmallInteger),
    Column("single_leg_stance_s", Float),
)


# A plan is kept whole when a newer one replaces it: `superseded_at` marks it as history, and at
# most one plan per athlete is current (the partial unique index also serialises two concurrent
# `plan create` commands on PostgreSQL: the second fails instead of leaving two current plans).


def all_tables() -> MetaData:
    """The whole schema, plan, training-log and run tables included (storage/plan_tables.py,
    storage/log_tables.py, storage/run_tables.py, storage/state_tables.py and
    storage/account_tables.py)."""
    import anklet.storage.account_tables  # (registers its tables on `metadata`)
    import anklet.storage.log_tables  # (registers its tables on `metadata`)
    import anklet.storage.plan_tables  # (registers its tables on `metadata`)
    import anklet.storage.receipt_tables
    import anklet.storage.run_tables
    import anklet.storage.state_tables  # noqa: F401  (registers its tables on `metadata`)

    return metadata
