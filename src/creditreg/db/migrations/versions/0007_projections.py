"""The projection of decision timelines (issue 14): one row per subject with events.

Empty on upgrade: rows are derived from the log (``creditreg project``), and until a
subject has a current row its checks fold its events, as before.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "projections",
        sa.Column("subject_id", sa.String(64), primary_key=True),
        sa.Column("log_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("law", sa.String(64), nullable=False),
        sa.Column("events_digest", sa.String(64), nullable=False),
        sa.Column("body", sa.LargeBinary, nullable=False),
        sa.Column("binding", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("projections")
