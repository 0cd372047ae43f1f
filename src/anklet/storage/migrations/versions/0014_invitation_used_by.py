"""Who used an invitation: an athlete a coach invited (without a record yet) is linked to
that coach as soon as they make their record.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("invitations") as batch:
        batch.add_column(sa.Column("used_by", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("invitations") as batch:
        batch.drop_column("used_by")
