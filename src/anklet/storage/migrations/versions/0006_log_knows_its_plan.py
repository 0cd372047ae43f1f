"""A log knows its plan: each session log names the plan it was done against, and each logged
item keeps the prescription as it was shown (words and rule), so a log stays readable after
the plan changes or a new one is made.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("session_logs") as table:
        table.add_column(sa.Column("plan_id", sa.Integer, nullable=True))
        table.create_foreign_key(
            "fk_session_logs_plan_id_plans", "plans", ["plan_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("logged_items") as table:
        table.add_column(sa.Column("prescribed", sa.Text, nullable=True))
        table.add_column(sa.Column("prescribed_rule", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("logged_items") as table:
        table.drop_column("prescribed_rule")
        table.drop_column("prescribed")
    with op.batch_alter_table("session_logs") as table:
        table.drop_constraint("fk_session_logs_plan_id_plans", type_="foreignkey")
        table.drop_column("plan_id")
