"""What the writer lets another package keep in step with the log, without importing it.

The Merkle tree (``transparency``) must hold every entry the moment it is committed, so
it is extended inside the writer's transaction; but the tree builds on the log, so the
log cannot import it. The writer calls an ``AppendHook`` instead, and whoever composes
the two (``transparency.hook.tree_writer``) hands one in.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from sqlalchemy import Connection


class AppendHook(Protocol):
    """Called by ``LogWriter`` inside the transaction of an append, under the write lock."""

    def entries_added(self, conn: Connection, first_seq: int, leaf_hashes: Sequence[bytes]) -> None:
        """Entries ``first_seq, first_seq + 1, ...`` were inserted; here are their leaf hashes."""

    def appended(self, conn: Connection) -> None:
        """An append that added at least one entry is about to commit."""


class Hooks:
    """Several hooks called in order, as one (the Merkle tree, then the notices outbox)."""

    __slots__ = ("hooks",)

    def __init__(self, *hooks: AppendHook) -> None:
        self.hooks = hooks

    def entries_added(self, conn: Connection, first_seq: int, leaf_hashes: Sequence[bytes]) -> None:
        for hook in self.hooks:
            hook.entries_added(conn, first_seq, leaf_hashes)

    def appended(self, conn: Connection) -> None:
        for hook in self.hooks:
            hook.appended(conn)
