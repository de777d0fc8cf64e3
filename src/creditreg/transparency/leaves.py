"""A leaf is a log entry's canonical bytes: rebuilding them from stored rows.

Leaf ``seq - 1`` hashes exactly the bytes the chain hash of entry ``seq`` covers, rebuilt
the way ``creditreg verify`` rebuilds them (``hashing.entry_bytes`` over the parsed
body, the seq, the time recorded and the personal-data commitment). Personal data is
not part of it, so erasing a name leaves every leaf, node and proof unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

from creditreg.db.dialect import placeholder
from creditreg.db.log_tables import RECORD_ADDED
from creditreg.log.hashing import entry_bytes
from creditreg.transparency.merkle import leaf_hash

EntryRow = tuple[Any, ...]
"""``(seq, recorded_at, personal_commitment, body, leaf)`` as stored in ``events``; the
last is the leaf hash the writer stored in the row (None for an entry the tree has not
taken in yet), which the guards compare with the recomputed one."""

_COLUMNS = "seq, recorded_at, personal_commitment, body, leaf"


def entry_of(row: EntryRow) -> bytes:
    """The canonical bytes of the entry stored as ``row``."""
    seq, recorded_at, commitment, body, *_ = row
    return entry_bytes(int(seq), recorded_at, commitment, json.loads(body))


def leaf_hashes_of_rows(rows: Iterable[EntryRow]) -> list[bytes]:
    """The leaf hash of each stored entry, in the order given."""
    return [leaf_hash(entry_of(row)) for row in rows]


def entries_after(conn: Connection, after: int, limit: int) -> list[EntryRow]:
    """Up to ``limit`` stored entries with ``seq > after``, in log order."""
    mark = _mark(conn)
    sql = f"SELECT {_COLUMNS} FROM events WHERE seq > {mark} ORDER BY seq LIMIT {int(limit)}"
    return [tuple(row) for row in conn.exec_driver_sql(sql, (after,))]


def entry_at(conn: Connection, seq: int) -> bytes | None:
    """The canonical bytes of entry ``seq``, or None when there is no such entry."""
    sql = f"SELECT {_COLUMNS} FROM events WHERE seq = {_mark(conn)}"
    row = conn.exec_driver_sql(sql, (seq,)).first()
    return None if row is None else entry_of(tuple(row))


def fill_row_leaves(conn: Connection, rows: Sequence[EntryRow], leaves: Sequence[bytes]) -> None:
    """Store ``leaves`` in the rows of ``rows`` that have none: entries written before
    the column existed, hashed into the tree only now (``extend``)."""
    missing = [(leaf, row[0]) for row, leaf in zip(rows, leaves, strict=True) if row[4] is None]
    if missing:
        mark = _mark(conn)
        sql = f"UPDATE events SET leaf = {mark} WHERE seq = {mark} AND leaf IS NULL"
        conn.exec_driver_sql(sql, missing)


def record_seq(conn: Connection, record_id: str) -> int | None:
    """The seq of ``record_id``'s ``record.added`` entry (through the unique index)."""
    sql = f"SELECT seq FROM events WHERE {RECORD_ADDED} AND record_id = {_mark(conn)}"
    found = conn.exec_driver_sql(sql, (record_id,)).scalar()
    return None if found is None else int(found)


def _mark(conn: Connection) -> str:
    return placeholder(conn)
