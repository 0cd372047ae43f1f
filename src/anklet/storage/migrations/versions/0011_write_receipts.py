"""Write receipts: a client's key for each write (the Idempotency-Key header) and the first
answer, so a write sent again from a phone's offline queue is answered the same and never
stored twice.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "write_receipts",
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.Column("status", sa.SmallInteger),
        sa.Column("media_type", sa.String(100)),
        sa.Column("location", sa.String(500)),
        sa.Column("body", sa.Text),
    )
    op.create_index(
        "ix_write_receipts_athlete_recorded", "write_receipts", ["athlete_id", "recorded_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_write_receipts_athlete_recorded", table_name="write_receipts")
    op.drop_table("write_receipts")
