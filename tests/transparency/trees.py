"""Reference trees for the tests: the RFC's recursive definition, written as plainly as it reads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from hashlib import sha256

from creditreg.transparency.merkle import leaf_hash, node_hash


def naive_root(leaves: Sequence[bytes]) -> bytes:
    """MTH(D[n]) exactly as RFC 9162 §2.1.1 defines it, recursively."""
    if not leaves:
        return sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return node_hash(naive_root(leaves[:k]), naive_root(leaves[k:]))


def leaves(count: int, salt: str = "") -> list[bytes]:
    """``count`` distinct leaf hashes."""
    return [leaf_hash(f"{salt}entry {i}".encode()) for i in range(count)]


def source(hashes: Sequence[bytes]) -> Callable[[int, int], bytes]:
    """``subtree(start, end)`` over an in-memory list, by the naive definition."""
    return lambda start, end: naive_root(hashes[start:end])
