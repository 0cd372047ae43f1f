"""The engine's rules, version 2 (domain.progression.RULES): warning signs and pain above
5/10 in a mobility session lock loading, as in a strength or technique one. Every kept state
was walked under the rules before, so it is forgotten here (it is derived: the decisions, the
checkpoints and the state with its coach's flags): reads replay until the next write keeps
it anew, and the caseload shows each athlete as not kept until then, never with the flags
of the old rules (`anklet state rebuild --all` keeps every athlete's at once).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM engine_checkpoints")
    op.execute("DELETE FROM engine_decisions")
    op.execute("DELETE FROM athlete_states")


def downgrade() -> None:
    pass  # derived rows: the version before keeps them anew at its next write
