"""Checking the tree against the log and the signed heads: what ``creditreg verify`` adds.

Every leaf is recomputed from the stored entry and compared with the stored leaf, and
the tree rebuilt from the recomputed leaves is compared with every published head. So:

* an entry changed, deleted, inserted or swapped after its leaf was stored differs from
  its stored leaf: the first such leaf is named;
* the same, with the tree's tables rewritten to match, no longer hashes to the root of
  the first head that covered it: the leaves between the last good head and that one
  are named;
* entries removed from the end (which the hash chain alone cannot see) fall short of
  the largest signed head;
* an entry whose own row holds another leaf hash than its recomputed one (what reads
  check bodies against, ``log.integrity``) is named too.

Signatures are checked too when public keys are given (``keys.public_keys()``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, Engine

from creditreg.transparency import verifier
from creditreg.transparency.compact import CompactRange
from creditreg.transparency.heads import SignedTreeHead, all_heads
from creditreg.transparency.leaves import EntryRow, entries_after, leaf_hashes_of_rows
from creditreg.transparency.prefix import ROW_LEAF
from creditreg.transparency.store import TreeError, TreeReader

PAGE = 10_000


@dataclass(frozen=True, slots=True)
class TreeCheck:
    """The outcome: ``checked`` leaves agreed before ``first_bad_index`` (leaf = seq - 1)."""

    ok: bool
    checked: int
    first_bad_index: int | None
    reason: str


class _Bad(Exception):
    def __init__(self, index: int, reason: str) -> None:
        super().__init__(reason)
        self.index = index


def check_tree(
    engine: Engine, public_keys: Iterable[Ed25519PublicKey] | None = None, page: int = PAGE
) -> TreeCheck:
    """Recompute every leaf and the tree at every head size; report the first difference."""
    with engine.connect() as conn:
        heads = all_heads(conn)
        walk = _Walk(conn, heads)
        try:
            _check_signatures(heads, public_keys)
            walk.run(page)
        except _Bad as bad:
            return TreeCheck(False, bad.index, bad.index, str(bad))
        except TreeError as error:
            at = walk.edge.size
            return TreeCheck(False, at, at, f"the stored tree is damaged: {error}")
    size = walk.edge.size
    return TreeCheck(True, size, None, f"{size} leaves and {len(heads)} signed heads agree")


def _check_signatures(heads: list[SignedTreeHead], keys: Iterable[Ed25519PublicKey] | None) -> None:
    if keys is None:
        return
    known = list(keys)
    for head in heads:
        try:
            verifier.verify_head(head.to_json(), known)
        except verifier.VerificationError as error:
            raise _Bad(0, f"signed head {head.size}: {error}") from None


class _Walk:
    """The log read in order, leaf by leaf, against the stored leaves and the heads."""

    __slots__ = ("_conn", "_good", "_heads", "_reader", "_stored", "edge")

    def __init__(self, conn: Connection, heads: list[SignedTreeHead]) -> None:
        self._conn, self._reader = conn, TreeReader(conn)
        self._stored = self._reader.size()
        self._heads = sorted(heads, key=lambda head: head.size)
        self._good = 0
        self.edge = CompactRange()

    def run(self, page: int) -> None:
        self._check_due()
        while rows := entries_after(self._conn, self.edge.size, page):
            for offset, row in enumerate(rows):
                if int(row[0]) != self.edge.size + offset + 1:
                    self._add(leaf_hashes_of_rows(rows[:offset]))
                    raise _Bad(self.edge.size, f"entry seq {self.edge.size + 1} is missing")
            leaves = leaf_hashes_of_rows(rows)
            bad = self._first_bad_row(rows, leaves)
            self._add(leaves[:bad])
            if bad < len(rows):
                self._compare(leaves[bad : bad + 1])  # a changed entry says so first
                index = self.edge.size
                raise _Bad(index, f"leaf {index} (seq {index + 1}): {ROW_LEAF}")
        if self._heads:
            last = self._heads[-1].size
            removed = f"entries {self.edge.size + 1}..{last} were removed"
            raise _Bad(self.edge.size, f"signed head {last} covers them but {removed}")
        if self._stored > self.edge.size:
            raise _Bad(self.edge.size, f"the tree holds {self._stored} leaves, the log fewer")

    def _first_bad_row(self, rows: list[EntryRow], leaves: list[bytes]) -> int:
        """The offset of the first row whose own leaf (what reads check) is not its
        recomputed one; a row the tree holds must have one. ``len(rows)`` if none."""
        start = self.edge.size
        for offset, (row, leaf) in enumerate(zip(rows, leaves, strict=True)):
            if row[4] is None and start + offset < self._stored:
                return offset
            if row[4] is not None and bytes(row[4]) != leaf:
                return offset
        return len(rows)

    def _add(self, leaves: list[bytes]) -> None:
        """Grow the tree up to each head's size in turn, checking leaves and roots."""
        while leaves:
            size = self._heads[0].size if self._heads else self.edge.size + len(leaves)
            cut = size - self.edge.size
            self._compare(leaves[:cut])
            self.edge.extend(leaves[:cut])
            leaves = leaves[cut:]
            self._check_due()

    def _compare(self, leaves: list[bytes]) -> None:
        """The recomputed leaves against the stored ones (those already stored)."""
        start = self.edge.size
        stored = self._reader.leaves(start, max(start, min(start + len(leaves), self._stored)))
        for offset, (leaf, kept) in enumerate(zip(leaves, stored, strict=False)):
            if leaf != kept:
                index = start + offset
                reason = "its entry no longer hashes to its stored leaf hash"
                raise _Bad(index, f"leaf {index} (seq {index + 1}): {reason}")

    def _check_due(self) -> None:
        """Compare the tree with the head of its size, if one was signed."""
        while self._heads and self._heads[0].size == self.edge.size:
            head = self._heads.pop(0)
            if self.edge.root().hex() != head.root:
                where = f"a leaf from {self._good} to {head.size - 1} was changed"
                raise _Bad(
                    self._good, f"the log no longer hashes to signed head {head.size}: {where}"
                )
            self._good = head.size
