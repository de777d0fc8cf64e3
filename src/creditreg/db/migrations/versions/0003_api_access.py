"""The HTTP API's tables: API tokens (stored hashed) and the access log.

Neither is part of the hash-chained record log: tokens are credentials an admin manages,
and the access log records who *read* a file or asked for a decision, which changes no
subject's state. Both live in the registry database so one backup holds everything.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create ``api_tokens`` and ``access_log`` with the indexes their lookups need."""
    op.create_table(
        "api_tokens",
        sa.Column("token_id", sa.String(32), primary_key=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("authority", sa.String(100), nullable=True),
        sa.Column("services", sa.Text, nullable=True),
        sa.Column("subject_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=True),
        sa.Column("revoked_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "access_log",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("service", sa.String(64), nullable=True),
        sa.Column("decision_id", sa.String(64), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("rulebook", sa.String(100), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
    )
    op.create_index("ix_access_log_subject", "access_log", ["subject_id", "id"])
    op.create_index("ux_access_log_decision", "access_log", ["decision_id"], unique=True)


def downgrade() -> None:
    """Drop both tables; the record log is untouched."""
    op.drop_table("access_log")
    op.drop_table("api_tokens")
