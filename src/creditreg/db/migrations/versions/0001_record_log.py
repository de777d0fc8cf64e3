"""The record log: events, personal data, objection keys and rulebooks.

A migration is a frozen snapshot: it spells its columns out rather than importing
``creditreg.db.log_tables``, which will keep changing after this revision shipped.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
RECORD_ADDED = "kind = 'record.added'"


def upgrade() -> None:
    """Create the four tables of the log, and the two indexes of events.

    The subject index serves every check; the unique partial index on record ids makes
    "a record is stored once" a property of the database, not only of the writer.
    """
    op.create_table(
        "events",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(255), nullable=False),
        sa.Column("on_date", sa.String(10), nullable=False),
        sa.Column("recorded_at", sa.String(32), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("personal_commitment", sa.String(64), nullable=True),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_events_subject", "events", ["subject_id", "seq"])
    op.create_index(
        "ux_events_record_added",
        "events",
        ["record_id"],
        unique=True,
        sqlite_where=sa.text(RECORD_ADDED),
        postgresql_where=sa.text(RECORD_ADDED),
    )
    op.create_table(
        "personal_data",
        sa.Column("seq", SEQ, sa.ForeignKey("events.seq"), primary_key=True, autoincrement=False),
        sa.Column("salt", sa.String(32), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_table(
        "objections",
        sa.Column("objection_id", sa.String(255), primary_key=True),
        sa.Column("record_id", sa.String(255), nullable=False),
        sa.Column("subject_id", sa.String(64), nullable=False),
        sa.Column("seq", SEQ, sa.ForeignKey("events.seq"), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "rulebooks",
        sa.Column("ref", sa.String(100), primary_key=True),
        sa.Column("digest", sa.String(100), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
    )


def downgrade() -> None:
    """Drop everything; only ever useful on an empty development database."""
    for table in ("rulebooks", "objections", "personal_data", "events"):
        op.drop_table(table)
