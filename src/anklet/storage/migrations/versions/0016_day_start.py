"""The kept run before its last day (issue 14, Speed): a replacement or an edit of the last
day walks on from it instead of replaying the whole history. Derived, like the rest of
athlete_states: empty until the next write keeps it.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("athlete_states") as batch:
        batch.add_column(sa.Column("day_start", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("athlete_states") as batch:
        batch.drop_column("day_start")
