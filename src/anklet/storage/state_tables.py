"""The kept per-athlete state (domain.kept_state): derived on every write, rebuilt from the
history on demand, never a source of truth.

`athlete_states` holds one row per athlete: the engine's run as JSON and the coach's flags
in columns a caseload can filter and sort in SQL. `engine_decisions` holds every decision
the engine made, appended on each write (so a write costs its own decisions, not the
history's). `engine_checkpoints` holds the run as it stood at the end of a few recent weeks
(services.engine.CHECKPOINT_EVERY_DAYS): a write that changes an earlier day walks on from
the newest one before that day instead of replaying the history.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Table,
    Text,
    false,
)

from anklet.storage.tables import metadata

athlete_states = Table(
    "athlete_states",
    metadata,
    Column(
        "athlete_id",
        Integer,
        ForeignKey("athletes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("version", Integer, nullable=False),  # athletes.history_version it was kept at
    Column("run", Text, nullable=False),  # domain.progression.EngineRun, domain.stored_form
    # The run before the first event of its last day, in the same form (migration 0016): a
    # replacement or an edit of that day walks on from it instead of replaying the history.
    Column("day_start", Text),
    Column("decision_count", Integer, nullable=False),
    Column("as_of", Date, nullable=False),
    Column("flags", Text, nullable=False),  # JSON list of {code, reason}
    Column("flag_count", SmallInteger, nullable=False),
    Column("locked", Boolean, nullable=False),
    Column("red_flag", Boolean, nullable=False),
    Column("mornings_rising", Boolean, nullable=False),
    Column("adherence_low", Boolean, nullable=False),
    Column("plateau", Boolean, nullable=False),
    Column("running_load", Boolean, nullable=False, server_default=false()),
    Column("attention", SmallInteger, nullable=False),  # CaseFlags.attention: the order
    Column("last_activity_on", Date),
    Column("last_regression_on", Date),
    Column("lunge_due_on", Date),
    Column("heel_raise_due_on", Date),
    Index("ix_athlete_states_attention", "attention"),
)

engine_decisions = Table(
    "engine_decisions",
    metadata,
    Column(
        "athlete_id",
        Integer,
        ForeignKey("athletes.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("seq", Integer, primary_key=True),  # the engine's order, from 0
    Column("day", Date, nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("exercise_id", String(48), nullable=False),
    Column("side", String(8), nullable=False),
    Column("rule", String(80), nullable=False),
    Column("reason", Text, nullable=False),
    Column("source", Text, nullable=False),
    Column("change", Text, nullable=False),
    Column("origin", String(32), nullable=False),
    Index("ix_engine_decisions_athlete_day", "athlete_id", "day"),
)

engine_checkpoints = Table(
    "engine_checkpoints",
    metadata,
    # Goes with the kept state: a state dropped (SqlStates.drop_stale) takes its checkpoints.
    Column(
        "athlete_id",
        Integer,
        ForeignKey("athlete_states.athlete_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("walked_to", Date, primary_key=True),  # the last day whose events the run walked
    Column("run", Text, nullable=False),  # domain.progression.EngineRun, domain.stored_form
)
