"""Signed tree heads: the tree's size and root at a moment, signed with the log's key.

The signed bytes are ``b"creditreg signed tree head v1\\n"`` followed by the JSON of
``{"key_id", "root", "size", "timestamp"}`` with sorted keys, no spaces, ASCII::

    creditreg signed tree head v1
    {"key_id":"3f1c0a9d2b7e4c11","root":"5dc9…4328","size":8,"timestamp":"2026-03-01T09:30:00.000Z"}

``root`` is lowercase hex, ``timestamp`` ISO 8601 UTC with milliseconds and a ``Z``.
The prefix names what is signed, so a signature over a head can never be replayed as a
signature over anything else. The published head is that object plus ``signature``
(hex of the 64-byte Ed25519 signature); ``verifier.py`` checks it with no other code.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from creditreg.db.connection import write_transaction
from creditreg.db.tree_tables import tree_heads
from creditreg.transparency.keys import Signer
from creditreg.transparency.store import TreeError, TreeReader

HEAD_CONTEXT = b"creditreg signed tree head v1\n"


@dataclass(frozen=True, slots=True)
class SignedTreeHead:
    """A published head; ``to_json()`` is the document ``verifier.py`` reads."""

    size: int
    root: str
    timestamp: str
    key_id: str
    signature: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def head_message(size: int, root: str, timestamp: str, key_id: str) -> bytes:
    """The exact bytes a head's signature covers."""
    body = {"key_id": key_id, "root": root, "size": size, "timestamp": timestamp}
    return HEAD_CONTEXT + json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def sign_head(size: int, root: bytes, signer: Signer, at: datetime | None = None) -> SignedTreeHead:
    """A head for the tree of ``size`` leaves with root ``root``, signed now (or ``at``)."""
    moment = (at or datetime.now(UTC)).astimezone(UTC)
    stamp = moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    message = head_message(size, root.hex(), stamp, signer.key_id)
    return SignedTreeHead(size, root.hex(), stamp, signer.key_id, signer.sign(message).hex())


def publish_head(bind: Engine | Connection, signer: Signer) -> SignedTreeHead:
    """Sign and store the head of the tree as stored; the latest head if it did not grow.

    Given a Connection (the writer's, after ``extend_tree``) it publishes in that
    transaction; given an Engine it takes the log's write lock, so two publishers never
    sign two heads of one size. A tree smaller than the latest head, or a root that no
    longer matches the head of its size, is refused: the log was rewritten.
    """
    if isinstance(bind, Engine):
        with write_transaction(bind) as conn:
            return publish_head(conn, signer)
    reader = TreeReader(bind)
    size = reader.size()
    tree_root = reader.root(size)
    latest = latest_head(bind)
    if latest is not None:
        if latest.size > size:
            raise TreeError(f"the tree has {size} leaves, fewer than signed head {latest.size}")
        if latest.size == size:
            if latest.root != tree_root.hex():
                raise TreeError(f"the tree of size {size} no longer matches its signed head")
            return latest
    head = sign_head(size, tree_root, signer)
    bind.execute(insert(tree_heads).values(head.to_json()))
    return head


def latest_head(conn: Connection) -> SignedTreeHead | None:
    """The head of the largest published tree, or None before the first."""
    query = select(tree_heads).order_by(tree_heads.c.size.desc()).limit(1)
    row = conn.execute(query).first()
    return None if row is None else SignedTreeHead(**row._asdict())


def head_of_size(conn: Connection, size: int) -> SignedTreeHead | None:
    """The published head of the tree of ``size`` leaves, or None."""
    row = conn.execute(select(tree_heads).where(tree_heads.c.size == size)).first()
    return None if row is None else SignedTreeHead(**row._asdict())


def all_heads(conn: Connection) -> list[SignedTreeHead]:
    """Every published head, smallest tree first."""
    rows = conn.execute(select(tree_heads).order_by(tree_heads.c.size))
    return [SignedTreeHead(**row._asdict()) for row in rows]
