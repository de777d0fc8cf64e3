"""The Merkle tree of RFC 9162 (Certificate Transparency v2), as pure functions.

Leaf ``i`` (0-based) of the registry's tree is log entry ``seq = i + 1``: its leaf hash
covers the entry's canonical bytes, exactly as the hash chain covers them. Leaf and
node hashes are domain-separated (``0x00`` and ``0x01`` prefixes), so no leaf can be
passed off as an interior node (the second-preimage attack on naive Merkle trees).

Proofs are written against an abstract ``subtree(start, end)`` that returns
``MTH(D[start:end])``. Every range a proof asks for starts at a multiple of a power of
two at least as large as the range, so it splits into perfect subtrees
(``perfect_pieces``): storage can serve the large ones from a table and compute the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from hashlib import sha256

EMPTY_ROOT = sha256(b"").digest()
"""The root of the empty tree: the hash of the empty string (RFC 9162 §2.1.1)."""

SubtreeHashes = Callable[[int, int], bytes]
"""``subtree(start, end) -> MTH(D[start:end])`` for the tree a proof is made from."""

Range = tuple[int, int]


def leaf_hash(entry: bytes) -> bytes:
    """``SHA-256(0x00 || entry)``: the hash of one leaf."""
    return sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``: the hash of an interior node."""
    return sha256(b"\x01" + left + right).digest()


def split(size: int) -> int:
    """The largest power of two smaller than ``size`` (``size >= 2``): the RFC's ``k``."""
    return 1 << ((size - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH of the tree of ``leaf_hashes``, for any size.

    Pairing level by level and carrying an odd last node up unchanged builds exactly the
    RFC's left-balanced tree, without recursion.
    """
    level = list(leaf_hashes)
    if not level:
        return EMPTY_ROOT
    while len(level) > 1:
        paired = [node_hash(a, b) for a, b in zip(level[::2], level[1::2], strict=False)]
        level = paired + level[2 * len(paired) :]
    return level[0]


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The subtrees whose hashes are PATH(index, D[size]) (RFC 9162 §2.1.3.1), leaf first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    ranges: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    return ranges[::-1]


def consistency_ranges(old: int, new: int) -> list[Range]:
    """The subtrees whose hashes are PROOF(old, D[new]) (RFC 9162 §2.1.4.1), deepest first.

    Sizes 0 and ``old == new`` need no proof (the empty tree is a prefix of every tree).
    """
    if not 0 <= old <= new:
        raise ValueError(f"no consistency proof from size {old} to size {new}")
    if old in (0, new):
        return []
    ranges: list[Range] = []
    start, end, seen, whole = 0, new, old, True
    while seen != end - start:
        k = split(end - start)
        if seen <= k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start, seen, whole = start + k, seen - k, False
    if not whole:
        ranges.append((start, end))
    return ranges[::-1]


def inclusion_proof(index: int, size: int, subtree: SubtreeHashes) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of the first ``size`` leaves."""
    return [subtree(start, end) for start, end in inclusion_ranges(index, size)]


def consistency_proof(old: int, new: int, subtree: SubtreeHashes) -> list[bytes]:
    """The proof that the tree of ``old`` leaves is a prefix of the tree of ``new`` leaves."""
    return [subtree(start, end) for start, end in consistency_ranges(old, new)]


def perfect_pieces(start: int, end: int) -> list[tuple[int, int]]:
    """``D[start:end]`` as perfect subtrees ``(level, index)``, largest (leftmost) first.

    Level ``L`` index ``i`` covers leaves ``[i * 2**L, (i + 1) * 2**L)``. ``start`` must be
    aligned to the largest piece, as every proof range is.
    """
    pieces = []
    size = end - start
    for level in reversed(range(size.bit_length())):
        if size >> level & 1:
            if start % (1 << level):
                raise ValueError(f"range [{start}, {end}) is not aligned to its subtrees")
            pieces.append((level, start >> level))
            start += 1 << level
    return pieces


def fold_pieces(hashes: Sequence[bytes]) -> bytes:
    """MTH of a range from the hashes of its ``perfect_pieces``, folded from the right."""
    if not hashes:
        return EMPTY_ROOT
    folded = hashes[-1]
    for piece in reversed(hashes[:-1]):
        folded = node_hash(piece, folded)
    return folded
