"""The right edge of a growing tree: append leaves without rehashing what is already there.

The tree of the first ``n`` leaves is determined by one perfect subtree per set bit of
``n`` (its "compact range" ``[0, n)``, as transparency-dev/merkle calls it). Appending
merges equal-sized subtrees like a binary counter carries, so appending ``m`` leaves
costs ``m - 1 + O(log n)`` node hashes, and every perfect subtree completed on the way is
handed back to be stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from creditreg.transparency.merkle import EMPTY_ROOT, node_hash

NewNodes = list[tuple[int, int, list[bytes]]]
"""Completed perfect subtrees as ``(level, index of the first, hashes left to right)``."""


class CompactRange:
    """The perfect subtrees of the right edge of the tree of the first ``size`` leaves."""

    __slots__ = ("_edge", "size")

    def __init__(self, size: int = 0, edge: Mapping[int, bytes] | None = None) -> None:
        """``edge`` maps each set bit (level) of ``size`` to its subtree's hash."""
        edge = dict(edge or {})
        expected = {level for level in range(size.bit_length()) if size >> level & 1}
        if set(edge) != expected:
            raise ValueError(f"a tree of size {size} has edge levels {sorted(expected)}")
        self.size = size
        self._edge = edge

    @property
    def edge(self) -> dict[int, bytes]:
        """Level -> hash of the edge's perfect subtrees (a copy)."""
        return dict(self._edge)

    def extend(self, leaf_hashes: Sequence[bytes], keep_from: int = 1) -> NewNodes:
        """Append leaves; return the perfect subtrees completed at levels ``>= keep_from``.

        Works level by level over the whole batch: the edge's subtree at a level (if any)
        is the left sibling of the level's first new node, and an odd last node stays on
        the edge. Pairing with slices keeps the Python overhead per node small.
        """
        nodes = list(leaf_hashes)
        first = self.size
        self.size += len(nodes)
        completed: NewNodes = []
        level = 0
        while nodes:
            if first & 1:
                nodes = [self._edge.pop(level), *nodes]  # a new list: `completed` holds the old
            if len(nodes) & 1:
                self._edge[level] = nodes[-1]
            nodes = [node_hash(a, b) for a, b in zip(nodes[::2], nodes[1::2], strict=False)]
            first >>= 1
            level += 1
            if nodes and level >= keep_from:
                completed.append((level, first, nodes))
        return completed

    def root(self) -> bytes:
        """MTH of the whole tree: the edge folded from its smallest subtree up."""
        folded = None
        for level in sorted(self._edge):
            piece = self._edge[level]
            folded = piece if folded is None else node_hash(piece, folded)
        return EMPTY_ROOT if folded is None else folded
