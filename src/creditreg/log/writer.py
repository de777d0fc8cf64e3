"""The single writer: every event enters the log through ``LogWriter.append``.

One call is one transaction under the log's write lock: read the head, drop what is
already stored, chain the rest, insert. Re-submitting records therefore stores nothing
twice, even when two writers race. Bulk paths only (DBAPI ``executemany``, chunked
``IN`` look-ups): ingest appends millions of events.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine

from creditreg.db.connection import write_transaction
from creditreg.db.dialect import placeholder
from creditreg.events import Event
from creditreg.log import rulebooks
from creditreg.log.batch import EVENT_COLUMNS, Batch, build_batch
from creditreg.log.dedupe import Fresh, split_fresh
from creditreg.log.hashing import GENESIS
from creditreg.log.hooks import AppendHook
from creditreg.log.reader import subject_history

ROWS_AT_ONCE = 5000
"""Events made into rows and inserted at a time, inside the one transaction of an append.

An ingest batch may be 50,000 events; their rows (about 1 KB an event) are never all in
memory at once, and the time is the same as one ``executemany`` per table.
"""


@dataclass(frozen=True, slots=True)
class AppendResult:
    """What one append did; seqs of the accepted events run from first_seq to last_seq."""

    accepted: int
    duplicates: int
    first_seq: int | None
    last_seq: int | None
    duplicate_record_ids: tuple[str, ...] = ()
    duplicate_objection_ids: tuple[str, ...] = ()


class LogWriter:
    """Appends events and stores rulebooks; the only code that writes the log."""

    __slots__ = ("_engine", "hook")

    def __init__(self, engine: Engine, hook: AppendHook) -> None:
        self._engine = engine
        self.hook = hook
        """Kept in step inside every append's transaction (the Merkle tree and its heads)."""

    def append(self, events: Sequence[Event], recorded_at: datetime | None = None) -> AppendResult:
        """Append ``events`` in order, in one transaction; skip records already stored.

        ``recorded_at`` (timezone-aware; default now) stamps every entry of the batch.
        """
        stamp = _stamp(recorded_at)
        if not events:
            return AppendResult(0, 0, None, None)
        with write_transaction(self._engine) as conn:
            last, head = read_head(conn)
            fresh = split_fresh(conn, events)
            _insert_chained(conn, fresh.events, last + 1, head, stamp, self.hook)
            if fresh.events:
                self.hook.appended(conn)
        return _result(fresh, last)

    def append_checked(
        self,
        subject_id: str,
        build: Callable[[list[Event]], Event],
        recorded_at: datetime | None = None,
    ) -> AppendResult:
        """Build an event from ``subject_id``'s history and append it, under the write lock.

        Due-process rules ("an objection is still open", "already fulfilled") are checked
        against the history read inside the same transaction as the append, so two API
        workers can never both pass a check that only one of them may pass. ``build``
        raises to refuse; nothing is written then.
        """
        stamp = _stamp(recorded_at)
        with write_transaction(self._engine) as conn:
            event = build(subject_history(conn, subject_id))
            last, head = read_head(conn)
            fresh = split_fresh(conn, [event])
            _insert_chained(conn, fresh.events, last + 1, head, stamp, self.hook)
            if fresh.events:
                self.hook.appended(conn)
        return _result(fresh, last)

    def store_rulebook(self, ref: str, digest: str, body: str, activate: bool = True) -> None:
        """Keep rulebook ``ref`` (immutable once stored) and optionally make it the active one."""
        with write_transaction(self._engine) as conn:
            rulebooks.store(conn, ref, digest, body)
            if activate:
                rulebooks.activate(conn, ref)

    def activate_rulebook(self, ref: str) -> None:
        """Make the stored rulebook ``ref`` the active one (KeyError if it was never stored)."""
        with write_transaction(self._engine) as conn:
            rulebooks.activate(conn, ref)


def read_head(conn: Connection) -> tuple[int, str]:
    """The last seq and its hash; ``(0, GENESIS)`` for an empty log."""
    row = conn.exec_driver_sql("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").first()
    return (0, GENESIS) if row is None else (int(row[0]), str(row[1]))


def _stamp(recorded_at: datetime | None) -> str:
    """ISO-8601 UTC text, microsecond precision: the exact string that gets hashed."""
    moment = recorded_at or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("recorded_at must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def _insert_chained(
    conn: Connection,
    events: Sequence[Event],
    first_seq: int,
    head: str,
    stamp: str,
    hook: AppendHook,
) -> None:
    """Chain ``events`` after ``head`` and insert them, ``ROWS_AT_ONCE`` at a time.

    Each chunk's leaves go to the hook in the same transaction, so the Merkle tree never
    lags the log and appending never rehashes it (``transparency.hook``).
    """
    for start in range(0, len(events), ROWS_AT_ONCE):
        batch = build_batch(events[start : start + ROWS_AT_ONCE], first_seq + start, head, stamp)
        _insert(conn, batch)
        hook.entries_added(conn, first_seq + start, batch.leaves)
        head = batch.head


def _insert(conn: Connection, batch: Batch) -> None:
    """Insert the batch's rows with one executemany per table (events first: foreign keys)."""
    mark = placeholder(conn)
    tables = (
        ("events", EVENT_COLUMNS, batch.events),
        ("personal_data", "seq, salt, body", batch.personal),
        ("objections", "objection_id, record_id, subject_id, seq", batch.objections),
    )
    for table, columns, rows in tables:
        if rows:
            marks = ", ".join([mark] * (columns.count(",") + 1))
            sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
            conn.exec_driver_sql(sql, rows)


def _result(fresh: Fresh, last: int) -> AppendResult:
    """Summarise an append whose accepted events were numbered after ``last``."""
    accepted = len(fresh.events)
    return AppendResult(
        accepted=accepted,
        duplicates=len(fresh.duplicate_record_ids) + len(fresh.duplicate_objection_ids),
        first_seq=last + 1 if accepted else None,
        last_seq=last + accepted if accepted else None,
        duplicate_record_ids=tuple(fresh.duplicate_record_ids),
        duplicate_objection_ids=tuple(fresh.duplicate_objection_ids),
    )
