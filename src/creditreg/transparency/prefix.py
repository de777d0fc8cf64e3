"""A verified prefix of the tree, grown by re-hashing stored entries: what guards build on.

``VerifiedPrefix`` holds the right edge (``CompactRange``) of the first ``size`` leaves,
each recomputed from its stored entry and found equal to the stored leaf hash. Growing
it costs one entry hash per new leaf and ``O(log n)`` node hashes, never a pass over
the whole log, so the writer (``tail.TailCheck``) can keep one per process and the
auditor (``auditor.TreeAuditor``) can resume where its last round stopped. Every signed
head the prefix grows past is compared with the root at its size.

Any difference raises ``LogIntegrityError`` naming the first leaf found wrong.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import Connection, select

from creditreg.db.tree_tables import tree_heads
from creditreg.log.integrity import LogIntegrityError, leaf_of
from creditreg.transparency.compact import CompactRange
from creditreg.transparency.heads import SignedTreeHead
from creditreg.transparency.leaves import EntryRow, entries_after
from creditreg.transparency.store import TreeError, TreeReader

PAGE = 10_000
HEADS_AT_ONCE = 10_000
"""Signed heads read at a time: a server signs one per append, so there can be many."""
CHANGED = "its entry no longer hashes to its stored leaf hash"
ROW_LEAF = "the leaf hash in its events row is not the tree's"


def heads_after(
    conn: Connection, size: int, until: int | None = None, limit: int = HEADS_AT_ONCE
) -> list[SignedTreeHead]:
    """Signed heads of trees larger than ``size`` (up to ``until``), smallest first, at
    most ``limit`` of them."""
    query = select(tree_heads).where(tree_heads.c.size > size)
    if until is not None:
        query = query.where(tree_heads.c.size <= until)
    rows = conn.execute(query.order_by(tree_heads.c.size).limit(limit))
    return [SignedTreeHead(**row._asdict()) for row in rows]


class VerifiedPrefix:
    """The first ``size`` leaves, each checked against its entry and the heads passed."""

    __slots__ = ("edge", "good")

    def __init__(self, edge: CompactRange | None = None) -> None:
        self.edge = edge or CompactRange()
        self.good = self.edge.size
        """The size of the last signed head this prefix matched (or where it started)."""

    @property
    def size(self) -> int:
        return self.edge.size

    def root(self) -> bytes:
        return self.edge.root()

    def advance(self, conn: Connection, until: int, heads: Sequence[SignedTreeHead]) -> None:
        """Re-hash stored entries up to seq ``until``; compare leaves and ``heads`` on the way.

        ``heads`` are the signed heads to meet, smallest first; those at or below the
        current size are skipped. Entries missing from the log below ``until`` fail.
        """
        pending = [head for head in heads if head.size > self.size]
        reader = TreeReader(conn)
        while self.size < until:
            start = self.size
            rows = entries_after(conn, start, min(PAGE, until - start))
            kept = _contiguous(rows, start)
            leaves = [_leaf(row) for row in kept]
            self._compare(reader, start, kept, leaves)
            self._extend(leaves, pending)
            if len(kept) < len(rows) or not rows:
                raise LogIntegrityError(self.size, "its entry is missing from the log")

    def advance_with_heads(self, conn: Connection, until: int) -> None:
        """``advance`` to ``until``, meeting every signed head on the way, a page at a time."""
        while True:
            heads = heads_after(conn, self.size, until)
            stop = heads[-1].size if len(heads) == HEADS_AT_ONCE else until
            self.advance(conn, stop, heads)
            if stop >= until:
                return

    def extend_trusted(self, leaves: Sequence[bytes]) -> None:
        """Add leaves this process computed itself from the events it is writing."""
        self.edge.extend(leaves)

    def _compare(
        self, reader: TreeReader, start: int, rows: list[EntryRow], leaves: list[bytes]
    ) -> None:
        """Each recomputed leaf against the tree's and against its row's own leaf (what
        reads check bodies against): this ties the column to the tree and the signed
        heads. A row that lost its leaf would escape the read check, so it fails too."""
        try:
            stored = reader.leaves(start, start + len(leaves))
        except TreeError:
            reason = f"the stored tree lacks leaf hashes from leaf {start} on"
            raise LogIntegrityError(start, reason) from None
        for offset, (leaf, kept, row) in enumerate(zip(leaves, stored, rows, strict=True)):
            if leaf != kept:
                raise LogIntegrityError(start + offset, CHANGED)
            if row[4] is None or bytes(row[4]) != leaf:
                raise LogIntegrityError(start + offset, ROW_LEAF)

    def _extend(self, leaves: list[bytes], pending: list[SignedTreeHead]) -> None:
        """Grow by ``leaves``, stopping at each pending head's size to compare roots."""
        while leaves:
            cut = pending[0].size - self.size if pending else len(leaves)
            self.edge.extend(leaves[:cut])
            leaves = leaves[cut:]
            while pending and pending[0].size == self.size:
                self.check_head(pending.pop(0))

    def check_head(self, head: SignedTreeHead) -> None:
        """The prefix's root against ``head``, signed for a tree of exactly this size."""
        if self.root().hex() != head.root:
            where = f"a leaf from {self.good} to {head.size - 1} was changed"
            reason = f"the log no longer hashes to signed head {head.size}: {where}"
            raise LogIntegrityError(self.good, reason)
        self.good = head.size


def _contiguous(rows: list[EntryRow], start: int) -> list[EntryRow]:
    """The rows up to the first hole in the seq numbers after ``start``."""
    for offset, row in enumerate(rows):
        if int(row[0]) != start + offset + 1:
            return rows[:offset]
    return rows


def _leaf(row: EntryRow) -> bytes:
    """The leaf hash of a stored entry; an unreadable body is a changed entry."""
    seq, recorded_at, commitment, body, _ = row
    try:
        fields = json.loads(body)
        if not isinstance(fields, dict):
            raise TypeError("not an object")
        return leaf_of(int(seq), recorded_at, commitment, fields)
    except (ValueError, TypeError, UnicodeEncodeError):
        raise LogIntegrityError(int(seq) - 1, CHANGED) from None
