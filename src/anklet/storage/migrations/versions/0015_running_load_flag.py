"""The running-load flag in a coach's caseload: kept with each athlete's state like the
other flags, so the caseload can filter on it.

Runs imported before this revision flag their athlete at the next write, or at once after
`anklet state rebuild`.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("athlete_states") as batch:
        batch.add_column(
            sa.Column("running_load", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("athlete_states") as batch:
        batch.drop_column("running_load")
