"""The Merkle tree over the log: leaf hashes, stored perfect subtrees, signed tree heads.

A frozen snapshot like ``0001``: columns are spelled out, not imported. Existing events
get their leaves the first time the tree is brought up to date (``catch_up``), not here:
a migration that hashed a large log would hold the schema lock for minutes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-02-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    """Create ``tree_leaves``, ``tree_nodes`` (the larger subtrees only) and ``tree_heads``."""
    op.create_table(
        "tree_leaves",
        sa.Column("chunk", SEQ, primary_key=True, autoincrement=False),
        sa.Column("hashes", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "tree_nodes",
        sa.Column("level", sa.SmallInteger, primary_key=True, autoincrement=False),
        sa.Column("idx", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.LargeBinary(32), nullable=False),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "tree_heads",
        sa.Column("size", SEQ, primary_key=True, autoincrement=False),
        sa.Column("root", sa.String(64), nullable=False),
        sa.Column("timestamp", sa.String(32), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
    )


def downgrade() -> None:
    """Drop the tree; the log itself is untouched and the tree can be rebuilt from it."""
    for table in ("tree_heads", "tree_nodes", "tree_leaves"):
        op.drop_table(table)
