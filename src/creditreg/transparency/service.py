"""What the surfaces ask of the tree: the current head, a record's proof, two heads' proof.

The command line (``creditreg log ...``) calls these, and ``GET /v1/log/head`` and
``GET /v1/log/proof/{record_id}`` will: one place decides which head a proof is against
and when a new head must be published first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect

from creditreg.db.connection import write_transaction
from creditreg.db.tree_tables import tree_heads
from creditreg.errors import CreditregError
from creditreg.transparency.extend import catch_up
from creditreg.transparency.heads import SignedTreeHead, head_of_size, latest_head, publish_head
from creditreg.transparency.keys import load_signer
from creditreg.transparency.leaves import record_seq
from creditreg.transparency.proofs import consistency_document, inclusion_document
from creditreg.transparency.tail import TailCheck


class NoSuchHead(CreditregError, LookupError, kind="not-found"):
    """No head of that size was published (or no record with that id was logged)."""


def has_tree(engine: Engine) -> bool:
    """Whether the database has the tree's tables (migration ``0002`` ran)."""
    return inspect(engine).has_table(tree_heads.name)


def current_head(engine: Engine, keys: Path | str | None = None) -> SignedTreeHead:
    """Bring the tree up to date and return its head, signing a new one if it grew.

    As the writer does, the tail is re-hashed and checked against the latest signed head
    first (``tail.TailCheck``): a head is never signed over a log changed behind its back.
    """
    catch_up(engine)
    signer = load_signer(keys)
    with write_transaction(engine) as conn:
        tail = TailCheck()
        tail.before_extending(conn)
        tail.before_signing(conn)
        return publish_head(conn, signer)


def published_head(engine: Engine, size: int) -> SignedTreeHead:
    """The head published for the tree of ``size`` leaves; NoSuchHead when there is none."""
    with engine.connect() as conn:
        head = head_of_size(conn, size)
    if head is None:
        raise NoSuchHead(f"no signed tree head of size {size} was published")
    return head


def leaf_index(engine: Engine, record_id: str) -> int:
    """The leaf of ``record_id``'s ``record.added`` entry."""
    with engine.connect() as conn:
        seq = record_seq(conn, record_id)
    if seq is None:
        raise NoSuchHead(f"no record '{record_id}' in the log")
    return seq - 1


def prove_inclusion(
    engine: Engine, index: int, size: int | None = None, keys: Path | str | None = None
) -> tuple[SignedTreeHead, dict[str, Any]]:
    """Leaf ``index``'s proof against the head of ``size``, or the latest head covering it.

    When no published head covers the leaf yet, one is published first (which needs the
    signing key); otherwise proving only reads.
    """
    head = published_head(engine, size) if size is not None else _covering(engine, index, keys)
    with engine.connect() as conn:
        return head, inclusion_document(conn, index, head)


def prove_consistency(engine: Engine, old: int, new: int) -> dict[str, Any]:
    """The consistency proof between the published heads of sizes ``old`` and ``new``."""
    old_head, new_head = published_head(engine, old), published_head(engine, new)
    with engine.connect() as conn:
        return consistency_document(conn, old_head, new_head)


def _covering(engine: Engine, index: int, keys: Path | str | None) -> SignedTreeHead:
    with engine.connect() as conn:
        head = latest_head(conn)
    if head is not None and head.size > index:
        return head
    return current_head(engine, keys)
