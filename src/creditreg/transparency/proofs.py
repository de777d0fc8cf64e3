"""Proof documents: the JSON that ``creditreg log prove|consistency`` prints.

Each is exactly what ``verifier.py`` reads, next to the signed head(s) it is against:

* inclusion: ``{"type": "inclusion", "tree_size", "leaf_index", "seq", "leaf_hash",
  "path", "entry"}``, where ``path`` is RFC 9162's inclusion path (hex, leaf side first)
  and ``entry`` the entry's canonical JSON (no personal data: only its commitment), so a
  subject can read what was logged about them and check it hashes to the leaf;
* consistency: ``{"type": "consistency", "old_size", "new_size", "path"}``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from creditreg.transparency.heads import SignedTreeHead
from creditreg.transparency.leaves import entry_at
from creditreg.transparency.merkle import consistency_ranges, inclusion_ranges
from creditreg.transparency.store import TreeError, TreeReader


def inclusion_document(conn: Connection, index: int, head: SignedTreeHead) -> dict[str, Any]:
    """The inclusion proof of leaf ``index`` (entry ``index + 1``) in ``head``'s tree."""
    if not 0 <= index < head.size:
        raise TreeError(f"leaf {index} is not in the tree of size {head.size}")
    reader = TreeReader(conn)
    path = reader.hashes(inclusion_ranges(index, head.size))
    entry = entry_at(conn, index + 1)
    return {
        "type": "inclusion",
        "tree_size": head.size,
        "leaf_index": index,
        "seq": index + 1,
        "leaf_hash": reader.leaves(index, index + 1)[0].hex(),
        "path": [node.hex() for node in path],
        "entry": None if entry is None else entry.decode(),
    }


def consistency_document(
    conn: Connection, old: SignedTreeHead, new: SignedTreeHead
) -> dict[str, Any]:
    """The proof that ``old``'s tree is a prefix of ``new``'s tree."""
    if old.size > new.size:
        raise TreeError(f"head {old.size} is newer than head {new.size}")
    path = TreeReader(conn).hashes(consistency_ranges(old.size, new.size))
    return {
        "type": "consistency",
        "old_size": old.size,
        "new_size": new.size,
        "path": [node.hex() for node in path],
    }
