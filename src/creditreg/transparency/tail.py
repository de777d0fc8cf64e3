"""The writer's check of the tail it extends, before it adds to the tree or signs a head.

Per process the writer keeps a ``VerifiedPrefix`` of the tree. Before each chunk of an
append it makes sure the stored tree still starts with that prefix (its root at the
prefix's size, two small reads), re-hashes the entries other writers appended since
(compared with their stored leaves and with the signed heads they pass), and refuses a
tree shorter than the latest signed head. Before signing, the tree's root must be the
root of the prefix, which by then holds the leaves this append computed itself. So a
head is only ever signed over leaves re-hashed from their entries in this process.

The first append of a process starts from the latest signed head: the stored subtrees
below its last chunk are checked through the head's root, the last chunk's entries are
re-hashed. When the stored tree no longer starts with the prefix (an append of this
process that did not commit, or a change behind its back), the prefix is rebuilt the
same way: a change below the latest signed head then fails on its root; one above it is
re-hashed from the entries. Changes deeper in the log are the auditor's to find.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from creditreg.db.tree_tables import CHUNK
from creditreg.log.integrity import IntegrityAlarm, LogIntegrityError
from creditreg.transparency.heads import SignedTreeHead, latest_head
from creditreg.transparency.prefix import VerifiedPrefix
from creditreg.transparency.store import TreeError, TreeReader


class TailCheck:
    """The writer's verified prefix of the tree, kept across appends (one per writer)."""

    __slots__ = ("_prefix", "alarm")

    def __init__(self, alarm: IntegrityAlarm | None = None) -> None:
        self._prefix: VerifiedPrefix | None = None
        self.alarm = alarm or IntegrityAlarm()

    def before_extending(self, conn: Connection) -> None:
        """Check the stored tail the next leaves go after; LogIntegrityError if it moved."""
        self.alarm.raise_if_tripped()
        try:
            self._prefix = self._checked(conn)
        except LogIntegrityError as failure:
            self._prefix = None
            self.alarm.trip(failure, "writer")
            raise

    def added(self, conn: Connection, first_seq: int, leaves: Sequence[bytes]) -> None:
        """Leaves this append computed from its own events, now stored as entries
        ``first_seq, ...``; entries the tree lacked before them (a log older than the
        tree) were hashed into it first, and are re-hashed here."""
        if self._prefix is None:
            return
        if self._prefix.size < first_seq - 1:
            self._prefix.advance(conn, first_seq - 1, [])
        self._prefix.extend_trusted(leaves)

    def before_signing(self, conn: Connection) -> None:
        """The stored tree must be exactly the verified prefix before a head is signed."""
        reader = TreeReader(conn)
        prefix, size = self._prefix, reader.size()
        if prefix is None or prefix.size != size or reader.root(size) != prefix.root():
            failure = LogIntegrityError(None, "the stored tree changed during an append")
            self._prefix = None
            self.alarm.trip(failure, "writer")
            raise failure

    def _checked(self, conn: Connection) -> VerifiedPrefix:
        reader = TreeReader(conn)
        size, latest = reader.size(), latest_head(conn)
        if latest is not None and latest.size > size:
            reason = f"the tree holds {size} leaves, fewer than signed head {latest.size}"
            raise LogIntegrityError(size, reason)
        prefix = self._prefix
        if prefix is None or not _starts_with(reader, prefix, size):
            prefix = _from_head(reader, latest)
        heads = [latest] if latest is not None else []
        prefix.advance(conn, size, heads)
        return prefix


def _starts_with(reader: TreeReader, prefix: VerifiedPrefix, size: int) -> bool:
    """Whether the stored tree of ``size`` leaves begins with ``prefix``."""
    if prefix.size > size:
        return False
    try:
        return prefix.size == 0 or reader.root(prefix.size) == prefix.root()
    except TreeError:
        return False


def _from_head(reader: TreeReader, latest: SignedTreeHead | None) -> VerifiedPrefix:
    """A prefix of the stored subtrees up to the latest signed head's last whole chunk.

    They are not trusted yet: ``advance`` re-hashes the entries from there and compares
    the root with the head, which covers the stored subtrees too.
    """
    if latest is None:
        return VerifiedPrefix()
    base = latest.size - latest.size % CHUNK
    try:
        edge, _ = reader.edge(base)
    except TreeError as error:
        raise LogIntegrityError(base, f"the stored tree is damaged: {error}") from None
    return VerifiedPrefix(edge)
