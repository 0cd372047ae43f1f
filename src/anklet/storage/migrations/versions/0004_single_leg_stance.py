"""Single-leg stance per side in the assessment (the NSCA balance pre-test, Potach & Chu 2016).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("assessment_sides") as table:
        table.add_column(sa.Column("single_leg_stance_s", sa.Float, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessment_sides") as table:
        table.drop_column("single_leg_stance_s")
