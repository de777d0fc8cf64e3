"""Proving the log was not rewritten: recompute every entry and its link to the one before.

Detected: a changed byte in any stored field, a changed or swapped body, a changed
hash, a deleted entry (seq gap), an inserted or renumbered entry, changed personal data,
and personal data deleted without a ``data.erased`` event for its record (erasure after
retention is itself an event in the log, so a silent deletion stands out).

NOT detected: removing entries from the END of the log, or appending entries with
correctly recomputed hashes. The chain alone cannot know its own length; that needs a
signed tree head published outside the database (a later issue adds them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine

from creditreg.db.dialect import is_sqlite, placeholder
from creditreg.log.entries import check_entry
from creditreg.log.hashing import GENESIS

_PAGE = (
    "SELECT e.seq, e.kind, e.subject_id, e.record_id, e.on_date, e.recorded_at, e.body, "
    "e.personal_commitment, e.prev_hash, e.hash, p.salt, p.body "
    "FROM events e LEFT JOIN personal_data p ON p.seq = e.seq "
    "WHERE e.seq > {mark} ORDER BY e.seq LIMIT {size}"
)


@dataclass(frozen=True, slots=True)
class VerifyResult:
    """The outcome: ``checked`` entries were intact before ``first_bad_seq`` (if any)."""

    ok: bool
    checked: int
    first_bad_seq: int | None
    reason: str


def verify(engine: Engine, batch_size: int = 10_000) -> VerifyResult:
    """Walk the whole log in seq order and report the first entry that does not hold."""
    prev_seq, prev_hash, checked = 0, GENESIS, 0
    erasures = _Erasures()
    with engine.connect() as conn, _lenient_text(conn):
        for row in _rows(conn, batch_size):
            seq = int(row[0])
            if seq != prev_seq + 1:
                return _bad(checked, prev_seq + 1, _gap(prev_seq, seq))
            problem = check_entry(row, prev_hash)
            if problem:
                return _bad(checked, seq, f"seq {seq}: {problem}")
            erasures.see(row)
            prev_seq, prev_hash, checked = seq, str(row[9]), checked + 1
    unexplained = erasures.unexplained()
    if unexplained is not None:
        reason = f"seq {unexplained}: personal data deleted without a data.erased event"
        return _bad(unexplained - 1, unexplained, reason)
    return VerifyResult(True, checked, None, f"{checked} entries intact, head {prev_hash}")


class _Erasures:
    """Entries whose committed personal data is gone, and the records erased on purpose."""

    __slots__ = ("_erased", "_missing")

    def __init__(self) -> None:
        self._missing: dict[tuple[str, str], int] = {}
        self._erased: set[tuple[str, str]] = set()

    def see(self, row: tuple[Any, ...]) -> None:
        key = (str(row[2]), str(row[3]))
        if row[1] == "data.erased":
            self._erased.add(key)
        elif row[7] is not None and row[11] is None:
            self._missing.setdefault(key, int(row[0]))

    def unexplained(self) -> int | None:
        """The first seq whose personal data went missing without an erasure event."""
        seqs = [seq for key, seq in self._missing.items() if key not in self._erased]
        return min(seqs, default=None)


def _gap(prev_seq: int, seq: int) -> str:
    """The reason for a hole (or disorder) in the sequence."""
    missing = prev_seq + 1
    if prev_seq == 0:
        return f"seq {missing}: missing (sequence starts at {seq})"
    return f"seq {missing}: missing (sequence jumps from {prev_seq} to {seq})"


def _bad(checked: int, seq: int, reason: str) -> VerifyResult:
    return VerifyResult(False, checked, seq, reason)


def _rows(conn: Connection, batch_size: int) -> Iterator[tuple[Any, ...]]:
    """Every entry joined with its personal data, in seq order, page by page.

    One connection (on SQLite one read transaction) for the whole walk: the entries
    checked are one consistent state of the log, whatever is appended meanwhile.
    """
    mark = placeholder(conn)
    sql = _PAGE.format(mark=mark, size=int(batch_size))
    after = 0
    while rows := conn.exec_driver_sql(sql, (after,)).all():
        yield from (tuple(row) for row in rows)
        after = int(rows[-1][0])


@contextmanager
def _lenient_text(conn: Connection) -> Iterator[None]:
    """On SQLite, read text that is not valid UTF-8 instead of failing on it.

    SQLite stores whatever bytes it is given, so a tamperer can write invalid UTF-8, and
    the driver would raise on reading the page. Decoded with ``surrogateescape`` the bad
    bytes survive as surrogates, and the entry check reports them as what they are.
    (PostgreSQL refuses invalid UTF-8 on write.)
    """
    driver: Any = conn.connection.driver_connection
    if not is_sqlite(conn):
        yield
        return
    saved = driver.text_factory
    driver.text_factory = lambda raw: raw.decode("utf-8", "surrogateescape")
    try:
        yield
    finally:
        driver.text_factory = saved
