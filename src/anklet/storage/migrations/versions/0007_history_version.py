"""A history version per athlete: every committed write to an athlete's history adds one, so
a cache keyed by it can never serve a stale answer (a count and the newest time could miss a
replacement recorded with an earlier clock).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("athletes") as table:
        table.add_column(
            sa.Column("history_version", sa.Integer, nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("athletes") as table:
        table.drop_column("history_version")
