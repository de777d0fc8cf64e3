"""The Merkle tree kept in step with the log: the writer's ``AppendHook``, and the writer.

``log`` cannot import the tree (the tree reads the log), so the two meet here: every
chunk an append inserts is added to the tree in the same transaction (``extend_tree``),
after the writer's tail check (``tail.TailCheck``), and with a signing key every append
that added entries publishes a signed head, only over a tree that check verified.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, Engine

from creditreg.log.integrity import IntegrityAlarm
from creditreg.log.writer import LogWriter
from creditreg.transparency.extend import extend_tree
from creditreg.transparency.heads import publish_head
from creditreg.transparency.keys import Signer
from creditreg.transparency.tail import TailCheck


class TreeHook:
    """Extends the stored tree with each append's leaves; signs a head when it can."""

    __slots__ = ("signer", "tail")

    def __init__(self, signer: Signer | None = None, alarm: IntegrityAlarm | None = None) -> None:
        self.signer = signer
        """With a signer, every append that adds entries publishes a signed tree head."""
        self.tail = TailCheck(alarm)

    def entries_added(self, conn: Connection, first_seq: int, leaf_hashes: Sequence[bytes]) -> None:
        self.tail.before_extending(conn)
        extend_tree(conn, first_seq, leaf_hashes)
        self.tail.added(conn, first_seq, leaf_hashes)

    def appended(self, conn: Connection) -> None:
        if self.signer is not None:
            self.tail.before_signing(conn)
            publish_head(conn, self.signer)


def tree_writer(
    engine: Engine, signer: Signer | None = None, alarm: IntegrityAlarm | None = None
) -> LogWriter:
    """The log's writer with the Merkle tree (and, given ``signer``, its heads) kept current."""
    return LogWriter(engine, TreeHook(signer, alarm))
