"""The notices outbox, webhooks, deliveries and their log, subjects' e-mail contacts, and
a partial index of the second-instance events (reconsiderations, repair applications).

A notice is inserted in the transaction of the event that causes it (the writer's hook);
the dispatcher delivers it later. See ``creditreg.db.notice_tables``. A frozen snapshot:
columns are spelled out here, not imported.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
CASES = (
    "kind IN ('objection.decided', 'reconsideration.filed', 'reconsideration.decided', "
    "'repair.applied', 'repair.decided')"
)


def upgrade() -> None:
    """Create the outbox and the delivery tables (empty: past events get no notices)."""
    op.create_table(
        "notices",
        sa.Column("n", SEQ, primary_key=True, autoincrement=True),
        sa.Column("notice_id", sa.String(255), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(255), nullable=False),
        sa.Column("seq", SEQ, nullable=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("rulebook", sa.String(100), nullable=True),
        sa.Column("body", sa.Text, nullable=True),
    )
    op.create_index("ix_notices_seq", "notices", ["seq"])
    op.create_index(
        "ix_notices_reminder_subject",
        "notices",
        ["subject_id", "n"],
        sqlite_where=sa.text("seq IS NULL"),
        postgresql_where=sa.text("seq IS NULL"),
    )
    op.create_index(
        "ux_notices_reminder",
        "notices",
        ["notice_id"],
        unique=True,
        sqlite_where=sa.text("seq IS NULL"),
        postgresql_where=sa.text("seq IS NULL"),
    )
    op.create_table(
        "webhooks",
        sa.Column("webhook_id", sa.String(32), primary_key=True),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("secret", sa.String(200), nullable=False),
        sa.Column("since_n", SEQ, nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
        sa.Column("retired_at", sa.String(32), nullable=True),
    )
    op.create_table(
        "deliveries",
        sa.Column("delivery_id", sa.String(255), primary_key=True),
        sa.Column("n", SEQ, nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_at", sa.String(32), nullable=False),
        sa.Column("delivered_at", sa.String(32), nullable=True),
    )
    op.create_index("ix_deliveries_due", "deliveries", ["state", "next_at"])
    op.create_index("ix_deliveries_channel", "deliveries", ["channel", "n"])
    op.create_table(
        "delivery_attempts",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("delivery_id", sa.String(255), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("ok", sa.Integer, nullable=False),
        sa.Column("detail", sa.String(500), nullable=False),
    )
    op.create_index("ix_delivery_attempts_delivery", "delivery_attempts", ["delivery_id", "id"])
    op.create_index(
        "ix_events_cases",
        "events",
        ["kind", "seq"],
        sqlite_where=sa.text(CASES),
        postgresql_where=sa.text(CASES),
    )
    op.create_table(
        "contacts",
        sa.Column("subject_id", sa.String(64), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("added_at", sa.String(32), nullable=False),
    )


def downgrade() -> None:
    """Drop the outbox and its channels; the log is untouched."""
    op.drop_index("ix_events_cases", "events")
    for table in ("contacts", "delivery_attempts", "deliveries", "webhooks", "notices"):
        op.drop_table(table)
