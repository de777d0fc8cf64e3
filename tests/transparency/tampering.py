"""Tampering with a registry's database behind its back, as the guards' tests do it.

The tamper kinds of the log tests (``TAMPERS``), on the demo's sample: each edits the
stored tables through raw SQL and returns the leaf index the guards must name. Besides
the five of issue 10, two aim at the leaf hash each ``events`` row holds (migration
0009): the row's leaf alone, and a body changed together with its row's leaf, which
the read check cannot see and the tree's guards must.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from creditreg.db.tree_tables import CHUNK
from creditreg.registry import Registry
from creditreg.transparency.leaves import entries_after, leaf_hashes_of_rows

COURT, COMMENDED = "court.debtor_refuses", "award.commendation"


def sql(registry: Registry, *statements: str, **params: object) -> None:
    with registry.engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement), params)


def one(registry: Registry, statement: str, **params: object) -> Any:
    with registry.engine.connect() as conn:
        return conn.execute(text(statement), params).scalar_one()


def seq_of(registry: Registry, record_id: str) -> int:
    query = "SELECT seq FROM events WHERE record_id = :r AND kind = 'record.added'"
    return int(str(one(registry, query, r=record_id)))


def change_body(registry: Registry, seq: int, old: str, new: str) -> None:
    sql(registry, f"UPDATE events SET body = replace(body, '{old}', '{new}') WHERE seq = {seq}")


def change_leaf(registry: Registry, seq: int) -> None:
    """Flip the first byte of the stored leaf hash of entry ``seq``."""
    chunk, at = divmod(seq - 1, CHUNK)
    query = "SELECT hashes FROM tree_leaves WHERE chunk = :c"
    packed = bytearray(bytes(one(registry, query, c=chunk)))
    packed[at * 32] ^= 0xFF
    sql(registry, "UPDATE tree_leaves SET hashes = :h WHERE chunk = :c", h=bytes(packed), c=chunk)


def change_row_leaf(registry: Registry, seq: int, leaf: bytes | None = None) -> None:
    """Set the leaf hash in entry ``seq``'s own row (default: its first byte flipped)."""
    if leaf is None:
        kept = bytearray(bytes(one(registry, "SELECT leaf FROM events WHERE seq = :s", s=seq)))
        kept[0] ^= 0xFF
        leaf = bytes(kept)
    sql(registry, "UPDATE events SET leaf = :l WHERE seq = :s", l=leaf, s=seq)


def rehash_row(registry: Registry, seq: int) -> None:
    """The row's leaf recomputed from its (edited) entry: what reads check now agrees."""
    with registry.engine.connect() as conn:
        (leaf,) = leaf_hashes_of_rows(entries_after(conn, seq - 1, 1))
    change_row_leaf(registry, seq, leaf)


def retree(registry: Registry) -> None:
    """The thorough attacker: every stored leaf, the tree's and the rows', rebuilt from
    the (edited) entries."""
    with registry.engine.connect() as conn:
        hashes = leaf_hashes_of_rows(entries_after(conn, 0, 10_000))
    for seq, leaf in enumerate(hashes, 1):
        change_row_leaf(registry, seq, leaf)
    for chunk in range(0, len(hashes), CHUNK):
        packed = b"".join(hashes[chunk : chunk + CHUNK])
        query = "UPDATE tree_leaves SET hashes = :h WHERE chunk = :c"
        sql(registry, query, h=packed, c=chunk // CHUNK)


TAMPERS: dict[str, Callable[[Registry], int | None]] = {}


def tamper(name: str) -> Callable[[Callable[[Registry], int | None]], Callable[..., int | None]]:
    def register(change: Callable[[Registry], int | None]) -> Callable[..., int | None]:
        TAMPERS[name] = change
        return change

    return register


@tamper("changed body byte")
def _body(registry: Registry) -> int | None:
    seq = seq_of(registry, "demo-a1")
    change_body(registry, seq, COURT, COMMENDED)
    return seq - 1


@tamper("changed leaf hash")
def _leaf(registry: Registry) -> int | None:
    seq = seq_of(registry, "demo-a2")
    change_leaf(registry, seq)
    return seq - 1


@tamper("changed row leaf")
def _row_leaf(registry: Registry) -> int | None:
    seq = seq_of(registry, "demo-a2")
    change_row_leaf(registry, seq)
    return seq - 1


@tamper("changed body and its row leaf")
def _body_and_row_leaf(registry: Registry) -> int | None:
    seq = seq_of(registry, "demo-a1")
    change_body(registry, seq, COURT, COMMENDED)
    rehash_row(registry, seq)
    return seq - 1


@tamper("deleted row")
def _deleted(registry: Registry) -> int | None:
    seq = seq_of(registry, "demo-b1")
    sql(registry, f"DELETE FROM personal_data WHERE seq = {seq}")
    sql(registry, f"DELETE FROM objections WHERE seq = {seq}")
    sql(registry, f"DELETE FROM events WHERE seq = {seq}")
    return seq - 1


@tamper("reordered rows")
def _swapped(registry: Registry) -> int | None:
    """Two entries trade places: each seq now holds the other's body."""
    low, high = seq_of(registry, "demo-a2"), seq_of(registry, "demo-a3")
    with registry.engine.connect() as conn:
        query = text("SELECT seq, body FROM events WHERE seq IN (:a, :b)")
        bodies: dict[int, str] = {
            int(seq): str(body) for seq, body in conn.execute(query, {"a": low, "b": high})
        }
    update = "UPDATE events SET body = :body WHERE seq = :seq"
    sql(registry, update, body=bodies[high], seq=low)
    sql(registry, update, body=bodies[low], seq=high)
    return low - 1


@tamper("changed signed head")
def _head(registry: Registry) -> int | None:
    size = registry.reader.head()[0]
    sql(registry, f"UPDATE tree_heads SET root = '{'ab' * 32}' WHERE size = {size}")
    return 0  # the prefix before it matched no earlier head of this one's series
