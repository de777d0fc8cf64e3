"""Keeping the tree current: ``extend_tree`` in the writer's transaction, ``catch_up`` after.

Appending reads only the right edge of the tree (the stored subtrees on it and the
unfinished chunk of leaves), never the log: a batch of ``m`` leaves costs ``m / CHUNK``
leaf rows (and rewrites the unfinished one), about ``m / 2**(STORED_LEVEL - 1)`` node
rows and ``m`` node hashes.

The tree must hold every entry before ``first_seq`` when an append extends it. Entries
written before the tree existed (a database migrated from ``0001``, or a writer that does
not maintain the tree yet) are hashed from the stored rows first, so the tree is never
left with a hole; ``catch_up`` does the same outside any append.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Engine

from creditreg.db.connection import write_transaction
from creditreg.db.dialect import placeholder
from creditreg.db.tree_tables import CHUNK, STORED_LEVEL
from creditreg.transparency.compact import CompactRange
from creditreg.transparency.leaves import (
    EntryRow,
    entries_after,
    fill_row_leaves,
    leaf_hashes_of_rows,
)
from creditreg.transparency.store import TreeError, TreeReader

PAGE = 10_000
"""Entries hashed per read (and per transaction in ``catch_up``)."""


def extend_tree(conn: Connection, first_seq: int, leaf_hashes: Sequence[bytes]) -> None:
    """Add the leaves of entries ``first_seq, first_seq + 1, ...`` to the stored tree.

    Call it inside the transaction that inserted those entries, after inserting them.
    """
    reader = TreeReader(conn)
    size = reader.size()
    if first_seq - 1 < size:
        raise TreeError(f"the tree already holds seq {first_seq} (it has {size} leaves)")
    growing = _Growing(*reader.edge(size))
    growing.backfill(conn, first_seq - 1)
    growing.store(conn, leaf_hashes)


def catch_up(engine: Engine, page: int = PAGE) -> int:
    """Add every entry the tree does not hold yet; returns how many leaves were added.

    One write transaction per page, so appends are held up for one page at most.
    """
    added = 0
    while True:
        with write_transaction(engine) as conn:
            reader = TreeReader(conn)
            growing = _Growing(*reader.edge(reader.size()))
            rows = entries_after(conn, growing.edge.size, page)
            if rows:
                growing.store(conn, _leaves(conn, rows, growing.edge.size))
        if not rows:
            return added
        added += len(rows)


def _leaves(conn: Connection, rows: Sequence[EntryRow], size: int) -> list[bytes]:
    """The leaf hashes of ``rows``, which must be the entries right after ``size``; rows
    without a leaf of their own get it now, as the tree takes them in."""
    if int(rows[0][0]) != size + 1 or int(rows[-1][0]) != size + len(rows):
        raise TreeError(f"the log has a gap after seq {size}: run creditreg verify")
    leaves = leaf_hashes_of_rows(rows)
    fill_row_leaves(conn, rows, leaves)
    return leaves


class _Growing:
    """The stored tree's right edge and its unfinished chunk, as appends extend them."""

    __slots__ = ("edge", "tail")

    def __init__(self, edge: CompactRange, tail: list[bytes]) -> None:
        self.edge = edge
        self.tail = tail

    def backfill(self, conn: Connection, until: int) -> None:
        """Hash the stored entries after the edge, up to seq ``until``, into the tree."""
        while self.edge.size < until:
            rows = entries_after(conn, self.edge.size, min(PAGE, until - self.edge.size))
            if not rows:
                raise TreeError(f"the log ends at seq {self.edge.size}, before seq {until}")
            self.store(conn, _leaves(conn, rows, self.edge.size))

    def store(self, conn: Connection, leaf_hashes: Sequence[bytes]) -> None:
        """Append leaves: rewrite the unfinished chunk, insert new chunks and nodes."""
        if not leaf_hashes:
            return
        chunk, rewrite = self.edge.size // CHUNK, bool(self.tail)
        completed = self.edge.extend(leaf_hashes, keep_from=STORED_LEVEL)
        hashes = [*self.tail, *leaf_hashes]
        self.tail = hashes[len(hashes) - self.edge.size % CHUNK :] if self.edge.size % CHUNK else []
        packed = [b"".join(hashes[at : at + CHUNK]) for at in range(0, len(hashes), CHUNK)]
        mark = placeholder(conn)
        if rewrite:
            conn.exec_driver_sql(f"DELETE FROM tree_leaves WHERE chunk = {mark}", (chunk,))
        sql = f"INSERT INTO tree_leaves (chunk, hashes) VALUES ({mark}, {mark})"
        conn.exec_driver_sql(sql, list(enumerate(packed, chunk)))
        nodes = [(lvl, first + i, h) for lvl, first, hs in completed for i, h in enumerate(hs)]
        if nodes:
            sql = f"INSERT INTO tree_nodes (level, idx, hash) VALUES ({mark}, {mark}, {mark})"
            conn.exec_driver_sql(sql, nodes)
