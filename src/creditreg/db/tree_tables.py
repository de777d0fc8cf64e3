"""The tree's tables, on the log's ``MetaData`` (migration ``0002`` creates them).

* ``tree_leaves``: the leaf hash of every entry (leaf ``i`` is entry ``seq = i + 1``),
  packed ``CHUNK`` to a row: row ``chunk`` holds the 32-byte hashes of leaves
  ``[chunk * CHUNK, (chunk + 1) * CHUNK)``, the last row the unfinished chunk. A row per
  leaf cost more than the rest of the tree together (measured: 1.1 µs of 1.7 µs a leaf
  on SQLite); packed, an append inserts ``m / CHUNK`` rows and rewrites one. Proofs and
  the guards read leaves from here. Each ``events`` row also holds its own leaf
  (``events.leaf``, migration 0009), written with the row, so that reads check a body
  without a join; the guards hold the two equal (``transparency.prefix``). No foreign
  key to ``events``: leaves are derived data that verification recomputes.
* ``tree_nodes``: perfect subtrees at levels ``STORED_LEVEL`` and above only, about
  ``n / 2**(STORED_LEVEL - 1)`` rows. Anything smaller is hashed from the leaves of one
  chunk when a proof needs it.
* ``tree_heads``: every signed tree head ever published, by tree size.

Hashes of the tree are raw 32-byte values (BLOB / BYTEA): they are never shown as
stored, and half the size of hex keeps proofs' reads small. A head's root and signature
are hex text, exactly as they appear in the published JSON.

Importing this module registers the tables on ``creditreg.db.log_tables.metadata``; code
that compares the schema with the migrations imports ``metadata`` from here.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, LargeBinary, SmallInteger, String, Table

from creditreg.db.columns import moment
from creditreg.db.log_tables import HASH_LEN, Seq, metadata

STORED_LEVEL = 4
"""Perfect subtrees of ``2**4 = 16`` leaves and up are stored; smaller ones are hashed.

The trade, measured with bench/log_bench.py on SQLite: at level 4 a proof reads two leaf
chunks and two nodes a level (~20 rows, ~110 µs at 1M leaves) and appending costs
~1.5 µs a leaf, leaf hash included; at level 8 a proof hashed ~400 leaves (~400 µs) for
no cheaper appends.
"""

CHUNK = 1 << STORED_LEVEL
"""Leaf hashes per ``tree_leaves`` row: exactly the leaves of one stored subtree."""

KEY_ID_LEN = 16
SIGNATURE_LEN = 128

tree_leaves = Table(
    "tree_leaves",
    metadata,
    Column("chunk", Seq, primary_key=True, autoincrement=False),
    Column("hashes", LargeBinary, nullable=False),
)

tree_nodes = Table(
    "tree_nodes",
    metadata,
    Column("level", SmallInteger, primary_key=True, autoincrement=False),
    Column("idx", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", LargeBinary(32), nullable=False),
    sqlite_with_rowid=False,
)

tree_heads = Table(
    "tree_heads",
    metadata,
    Column("size", Seq, primary_key=True, autoincrement=False),
    Column("root", String(HASH_LEN), nullable=False),
    moment("timestamp"),
    Column("key_id", String(KEY_ID_LEN), nullable=False),
    Column("signature", String(SIGNATURE_LEN), nullable=False),
)

__all__ = ["STORED_LEVEL", "metadata", "tree_heads", "tree_leaves", "tree_nodes"]
