"""Reading the stored tree: any subtree hash from leaf chunks and stored perfect subtrees.

A proof names its subtrees up front (``merkle.*_ranges``), so ``TreeReader.hashes``
fetches everything a proof needs in two queries: the leaf chunks that hold its small
subtrees (the proved leaf's chunk and the tail's, ``2**STORED_LEVEL`` leaves each) and
all the stored nodes it needs (two a level at most, ``O(log n)`` rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import Connection

from creditreg.db.dialect import placeholder
from creditreg.db.tree_tables import CHUNK, STORED_LEVEL
from creditreg.errors import CreditregError
from creditreg.transparency.compact import CompactRange
from creditreg.transparency.merkle import Range, fold_pieces, perfect_pieces, root

HASH = 32
Piece = tuple[int, int]


class TreeError(CreditregError, RuntimeError):
    """The stored tree is missing something it must hold, or disagrees with the log."""


class TreeReader:
    """Reads of ``tree_leaves`` and ``tree_nodes`` on one connection; counts rows read."""

    __slots__ = ("_conn", "_mark", "rows_read")

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._mark = placeholder(conn)
        self.rows_read = 0

    def size(self) -> int:
        """How many leaves are stored: those of the last chunk and the full ones before."""
        sql = "SELECT chunk, length(hashes) FROM tree_leaves ORDER BY chunk DESC LIMIT 1"
        last = self._conn.exec_driver_sql(sql).first()
        return 0 if last is None else int(last[0]) * CHUNK + int(last[1]) // HASH

    def leaves(self, start: int, end: int) -> list[bytes]:
        """The leaf hashes of leaves ``[start, end)``; TreeError when any is missing."""
        if start >= end:
            return []
        first, last = start // CHUNK, (end - 1) // CHUNK
        chunks = self._chunks(f"chunk >= {self._mark} AND chunk <= {self._mark}", (first, last))
        hashes: list[bytes] = []
        for chunk in range(first, last + 1):
            packed = chunks.get(chunk, b"")
            if chunk < last and len(packed) != CHUNK * HASH:
                break
            hashes += _unpack(packed)
        found = hashes[start - first * CHUNK : end - first * CHUNK]
        if len(found) != end - start:
            raise TreeError(f"leaf hashes of leaves {start}..{end - 1} are missing")
        return found

    def nodes(self, wanted: Iterable[Piece]) -> dict[Piece, bytes]:
        """The stored perfect subtrees ``(level, index)``; TreeError when any is missing."""
        keys = sorted(set(wanted))
        if not keys:
            return {}
        where = " OR ".join([f"(level = {self._mark} AND idx = {self._mark})"] * len(keys))
        params = tuple(value for key in keys for value in key)
        sql = f"SELECT level, idx, hash FROM tree_nodes WHERE {where}"
        found = {
            (int(r[0]), int(r[1])): bytes(r[2]) for r in self._conn.exec_driver_sql(sql, params)
        }
        self.rows_read += len(found)
        missing = [key for key in keys if key not in found]
        if missing:
            raise TreeError(f"stored subtrees (level, index) {missing[:3]} are missing")
        return found

    def hashes(self, ranges: Sequence[Range]) -> list[bytes]:
        """MTH of each range (aligned, as proofs ask for them), in a few queries."""
        split = [perfect_pieces(start, end) for start, end in ranges]
        pieces = {piece for pieces in split for piece in pieces}
        known = self.nodes(p for p in pieces if p[0] >= STORED_LEVEL)
        known |= self._small(p for p in pieces if p[0] < STORED_LEVEL)
        return [fold_pieces([known[piece] for piece in pieces]) for pieces in split]

    def root(self, size: int) -> bytes:
        """MTH of the tree of the first ``size`` leaves (all stored)."""
        return self.hashes([(0, size)])[0]

    def edge(self, size: int) -> tuple[CompactRange, list[bytes]]:
        """The right edge of the tree of ``size`` leaves, and its unfinished chunk's leaves."""
        tail = self.leaves(size - size % CHUNK, size)
        low = CompactRange()
        low.extend(tail)
        stored = [p for p in perfect_pieces(0, size) if p[0] >= STORED_LEVEL]
        high = {level: node for (level, _), node in self.nodes(stored).items()}
        return CompactRange(size, high | low.edge), tail

    def _small(self, pieces: Iterable[Piece]) -> dict[Piece, bytes]:
        """Hash perfect subtrees below the stored level from the chunks that hold them."""
        spans = {(level, idx): (idx << level, (idx + 1) << level) for level, idx in pieces}
        wanted = sorted({start // CHUNK for start, _ in spans.values()})
        if not wanted:
            return {}
        marks = ", ".join([self._mark] * len(wanted))
        chunks = self._chunks(f"chunk IN ({marks})", tuple(wanted))
        known = {}
        for piece, (start, end) in spans.items():
            offset = start // CHUNK * CHUNK
            packed = chunks.get(start // CHUNK, b"")[
                (start - offset) * HASH : (end - offset) * HASH
            ]
            if len(packed) != (end - start) * HASH:
                raise TreeError(f"leaf hashes of leaves {start}..{end - 1} are missing")
            known[piece] = root(_unpack(packed))
        return known

    def _chunks(self, where: str, params: tuple[int, ...]) -> dict[int, bytes]:
        sql = f"SELECT chunk, hashes FROM tree_leaves WHERE {where}"
        rows = self._conn.exec_driver_sql(sql, params).all()
        self.rows_read += len(rows)
        return {int(row[0]): bytes(row[1]) for row in rows}


def _unpack(packed: bytes) -> list[bytes]:
    """32-byte hashes from their concatenation."""
    return [packed[at : at + HASH] for at in range(0, len(packed), HASH)]
