"""Each entry's leaf hash in its own ``events`` row, so a read checks it without a join.

Every read that answers a check re-hashes its events against their leaf hashes (issue
10). Fetching each leaf from its ``tree_leaves`` chunk cost a join per event, more than
the hashing itself; the writer now stores the leaf in the row it inserts
(``events.leaf``), and the tree's guards hold that column equal to the tree's leaves.

Existing rows are filled from the tree they are already part of, never re-hashed from
their bodies: a body changed before this migration must still fail its check. Entries
the tree does not hold yet stay NULL until the tree takes them in
(``transparency.extend``), which fills their column as it hashes them.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None

CHUNK = 16
"""Leaf hashes per ``tree_leaves`` row (``db.tree_tables.CHUNK``, frozen here)."""

# Leaf ``seq - 1`` is bytes [at, at + 32) of chunk ``(seq - 1) / 16``, at = (seq - 1) % 16 * 32;
# the last chunk may be unfinished, so entries beyond its length stay NULL.
_AT = f"CAST(((events.seq - 1) % {CHUNK}) * 32 AS INTEGER)"
_SQLITE = (
    f"UPDATE events SET leaf = (SELECT substr(l.hashes, {_AT} + 1, 32) FROM tree_leaves l "
    f"WHERE l.chunk = (events.seq - 1) / {CHUNK} AND length(l.hashes) >= {_AT} + 32)"
)
_POSTGRESQL = (
    f"UPDATE events SET leaf = substring(l.hashes FROM {_AT} + 1 FOR 32) FROM tree_leaves l "
    f"WHERE l.chunk = (events.seq - 1) / {CHUNK} AND length(l.hashes) >= {_AT} + 32"
)


def upgrade() -> None:
    op.add_column("events", sa.Column("leaf", sa.LargeBinary(32), nullable=True))
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(_SQLITE if sqlite else _POSTGRESQL)


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("leaf")
