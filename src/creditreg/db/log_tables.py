"""The log's tables, as SQLAlchemy Core (the migration in ``migrations/`` creates them).

* ``events`` is the log itself: one row per event, hash-chained by ``seq``. ``body`` is
  the canonical JSON of ``Event.hashed_fields()``; ``kind``, ``subject_id``,
  ``record_id`` and ``on_date`` repeat parts of it only so they can be indexed (``verify``
  checks they agree). Dates and times are ISO-8601 text so the stored value is
  byte-for-byte the value that was hashed, on every backend.
* ``personal_data`` holds names, notes, grounds and reasons, and nothing else does: a row
  can be erased after retention while the event, its hash and the chain stay intact.
* Idempotency keys: a record is stored once because of the unique partial index on
  ``events.record_id`` over ``record.added`` rows; an objection once because of the
  ``objections`` table (its id is not an indexed column of ``events``). A separate
  ``records`` table would be a third randomly-keyed B-tree on every insert, and on
  SQLite that cost ingest a third of its throughput (measured 45k vs 66k rows/s), for no
  information the events do not already hold.
* ``rulebooks`` keeps every rulebook that was ever loaded, so any decision can be replayed.
* ``events.leaf`` is the entry's Merkle leaf hash, written with the row so that a read
  re-hashes the body against it without joining the tree (``log.integrity``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    text,
)

metadata = MetaData()

# On SQLite, INTEGER PRIMARY KEY is the rowid itself: no separate index to maintain.
Seq = BigInteger().with_variant(Integer(), "sqlite")
HASH_LEN = 64
ID_LEN = 255
RECORD_ADDED = "kind = 'record.added'"
"""The condition of the unique index on record ids; queries must repeat it to use it."""

events = Table(
    "events",
    metadata,
    Column("seq", Seq, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),
    Column("subject_id", String(64), nullable=False),
    Column("record_id", String(ID_LEN), nullable=False),
    Column("on_date", String(10), nullable=False),
    Column("recorded_at", String(32), nullable=False),
    Column("body", Text, nullable=False),
    Column("personal_commitment", String(HASH_LEN), nullable=True),
    Column("prev_hash", String(HASH_LEN), nullable=False),
    Column("hash", String(HASH_LEN), nullable=False),
    # The entry's RFC 9162 leaf hash (migration 0009), written with the row; NULL only for
    # entries the tree has not taken in yet. Reads check bodies against it.
    Column("leaf", LargeBinary(32), nullable=True),
    Index("ix_events_subject", "subject_id", "seq"),
    Index(
        "ux_events_record_added",
        "record_id",
        unique=True,
        sqlite_where=text(RECORD_ADDED),
        postgresql_where=text(RECORD_ADDED),
    ),
)

personal_data = Table(
    "personal_data",
    metadata,
    Column("seq", Seq, ForeignKey("events.seq"), primary_key=True, autoincrement=False),
    Column("salt", String(32), nullable=False),
    Column("body", Text, nullable=False),
)

objections = Table(
    "objections",
    metadata,
    Column("objection_id", String(ID_LEN), primary_key=True),
    Column("record_id", String(ID_LEN), nullable=False),
    Column("subject_id", String(64), nullable=False),
    Column("seq", Seq, ForeignKey("events.seq"), nullable=False),
    sqlite_with_rowid=False,
)

rulebooks = Table(
    "rulebooks",
    metadata,
    Column("ref", String(100), primary_key=True),
    Column("digest", String(100), nullable=False),
    Column("body", Text, nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False),
    Column("active", Boolean, nullable=False),
)
