"""A version per editable record: an athlete's details carry a version, one more on every
edit, so an edit made on an older version is refused instead of silently undoing another
(optimistic concurrency).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("athletes") as table:
        table.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("athletes") as table:
        table.drop_column("version")
