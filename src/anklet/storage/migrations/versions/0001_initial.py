"""Athletes, red-flag screenings, clearances and assessments.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "athletes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("handle", sa.String(32), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("birth_year", sa.Integer),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.Column("goal", sa.String(16), nullable=False),
        sa.Column("days", sa.String(40), nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("equipment", sa.String(120), nullable=False),
        sa.Column("units", sa.String(10), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_athletes"),
        sa.UniqueConstraint("handle", name="uq_athletes_handle"),
    )
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("taken_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("exercise_only", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_screenings"),
        _fk("screenings", "athlete_id", "athletes"),
    )
    op.create_index("ix_screenings_athlete_recorded", "screenings", ["athlete_id", "recorded_at"])
    op.create_table(
        "screening_answers",
        sa.Column("screening_id", sa.Integer, nullable=False),
        sa.Column("question", sa.SmallInteger, nullable=False),
        sa.Column("answer", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("screening_id", "question", name="pk_screening_answers"),
        _fk("screening_answers", "screening_id", "screenings"),
    )
    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("cleared_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("note", sa.String(500), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_clearances"),
        _fk("clearances", "athlete_id", "athletes"),
    )
    op.create_index("ix_clearances_athlete_recorded", "clearances", ["athlete_id", "recorded_at"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, nullable=False),
        sa.Column("taken_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("lunge_method", sa.String(16), nullable=False),
        sa.Column("lunge_device", sa.String(16), nullable=False),
        sa.Column("rater", sa.String(10), nullable=False),
        sa.Column("heel_raise_protocol", sa.String(16), nullable=False),
        sa.Column("incline_deg", sa.SmallInteger, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_assessments"),
        _fk("assessments", "athlete_id", "athletes"),
    )
    op.create_index("ix_assessments_athlete_taken", "assessments", ["athlete_id", "taken_on"])
    op.create_table(
        "assessment_sides",
        sa.Column("assessment_id", sa.Integer, nullable=False),
        sa.Column("side", sa.String(5), nullable=False),
        sa.Column("lunge", sa.Float),
        sa.Column("heel_raise_reps", sa.Integer),
        sa.Column("heel_height_cm", sa.Float),
        sa.Column("pain", sa.SmallInteger),
        sa.PrimaryKeyConstraint("assessment_id", "side", name="pk_assessment_sides"),
        _fk("assessment_sides", "assessment_id", "assessments"),
    )


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=f"fk_{table}_{column}_{target}", ondelete="CASCADE"
    )


def downgrade() -> None:
    for index, table in (
        ("ix_assessments_athlete_taken", "assessments"),
        ("ix_clearances_athlete_recorded", "clearances"),
        ("ix_screenings_athlete_recorded", "screenings"),
    ):
        op.drop_index(index, table_name=table)
    for table in ("assessment_sides", "assessments", "clearances", "screening_answers"):
        op.drop_table(table)
    op.drop_table("screenings")
    op.drop_table("athletes")
