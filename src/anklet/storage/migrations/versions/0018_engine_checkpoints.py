"""The kept run at the end of a few recent weeks (issue 14, Speed): a write that changes an
earlier day (an edit, a replacement, a back-dated log or check-in) walks on from the newest
checkpoint before that day instead of replaying the whole history. Derived, like the rest of
the kept state: empty until the next write that replays fills it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "engine_checkpoints",
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athlete_states.athlete_id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("walked_to", sa.Date, primary_key=True),
        sa.Column("run", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("engine_checkpoints")
