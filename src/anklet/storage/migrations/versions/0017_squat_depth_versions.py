"""A version per squat depth, one more on every change of the day's depth, so a depth saved
on an older version is refused instead of silently replacing another (optimistic
concurrency, as 0013 did for session logs and check-ins).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("squat_depths") as table:
        table.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("squat_depths") as table:
        table.drop_column("version")
