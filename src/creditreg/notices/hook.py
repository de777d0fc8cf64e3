"""The outbox: notices inserted by the writer's ``AppendHook``, in the event's transaction.

The writer hands the hook each chunk it inserted; the hook reads those rows back on the
same connection (they are not committed yet), decides which make a notice and inserts
its row. So a notice exists exactly when its event does: a rolled-back append leaves
none, and a crash after the commit loses none. The row names the subject, the event and
the rulebook version; its texts are a pure function of those (``produce.for_event``),
made when the notice is read or sent (``render``): ingest pays for a small row, not for
1 KB of text per record (measured: the text cost ingest a third of its throughput).
Delivery happens later and elsewhere (``deliver``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection

from creditreg.db.dialect import placeholder
from creditreg.events import Event, EventKind, event_from_fields
from creditreg.notices.produce import Draft, noticed, text_key
from creditreg.rulebook.model import Rulebook

RulebookOn = Callable[[date], Rulebook | None]
"""The rulebook in force on a day (None when there is none yet)."""

INSERT = "notice_id, subject_id, kind, record_id, seq, created_at, rulebook, body"
LOOKUP_AT_ONCE = 500
Row = tuple[object, ...]
RECORD_ADDED = EventKind.RECORD_ADDED.value
_day = date.fromisoformat


class NoticeHook:
    """Writes the notices of each appended chunk; ``enabled=False`` writes none (bench)."""

    __slots__ = ("enabled", "rulebook_on")

    def __init__(self, rulebook_on: RulebookOn, enabled: bool = True) -> None:
        self.rulebook_on = rulebook_on
        self.enabled = enabled

    def entries_added(self, conn: Connection, first_seq: int, leaf_hashes: Sequence[bytes]) -> None:
        if not self.enabled or not leaf_hashes:
            return
        stamp = datetime.now(UTC).isoformat(timespec="microseconds")
        rows: list[Row] = []
        others: list[Event] = []
        for seq, kind, subject_id, record_id, on, body in _inserted(
            conn, first_seq, first_seq + len(leaf_hashes) - 1
        ):
            if kind == RECORD_ADDED:  # nearly every row of an ingest: no Event is built
                row = self._added_row((int(seq), subject_id, record_id, on, body), stamp)
                rows += [row] if row is not None else []
            else:
                others.append(event_from_fields(json.loads(body), int(seq), {}))
        records = records_of(conn, others)
        rows += [r for r in (self._row(e, records, stamp) for e in others) if r is not None]
        if rows:
            marks = ", ".join([placeholder(conn)] * 8)
            conn.exec_driver_sql(f"INSERT INTO notices ({INSERT}) VALUES ({marks})", rows)

    def appended(self, conn: Connection) -> None:
        """Nothing to finish: every chunk's notices were inserted with it."""

    def _added_row(self, added: tuple[int, str, str, str, str], stamp: str) -> Row | None:
        """``_row`` of a new record, from its columns and its type alone: the writer's
        inner loop, where building whole events cost more than the notices (profiled:
        a quarter of the notices' share of ingest). ``verify`` holds the columns equal to
        the hashed body."""
        seq, subject_id, record_id, on, body = added
        rulebook = self.rulebook_on(_day(on))
        if rulebook is None or not noticed(rulebook.record_types.get(type_of(body))):
            return None
        return (notice_id(seq), subject_id, RECORD_ADDED, record_id, seq, stamp, rulebook.ref, None)

    def _row(self, event: Event, records: dict[str, Event], stamp: str) -> Row | None:
        """The outbox row of the notice ``event`` makes, if any: who, what, under which
        rulebook version. Its text is ``produce.for_event`` of the same (immutable) event,
        record and version, made when it is read or sent, so ingest does not pay for it."""
        record = event if event.kind is EventKind.RECORD_ADDED else records.get(event.record_id)
        if record is None or event.kind is EventKind.DATA_ERASED:
            return None
        rulebook = self.rulebook_on(record.on)
        if rulebook is None or not noticed(rulebook.record_types.get(record.type)):
            return None
        if record.subject_id != event.subject_id:
            return None  # never: an event names its record's subject; refuse rather than leak
        kind, seq, ref = text_key(event), event.seq, rulebook.ref
        return (notice_id(seq), event.subject_id, kind, event.record_id, seq, stamp, ref, None)


def notice_id(seq: int) -> str:
    """The id of the notice an event makes: one per event, so its place in the log."""
    return f"ntc-{seq}"


def insert_drafts(conn: Connection, drafts: Sequence[Draft], stamp: str) -> None:
    """Insert notices that no event makes (reminders of deadlines) with their texts; one
    whose id is already stored (a reminder made twice) is skipped."""
    if not drafts:
        return
    marks = ", ".join([placeholder(conn)] * 8)
    conflict = " ON CONFLICT (notice_id) WHERE seq IS NULL DO NOTHING"
    sql = f"INSERT INTO notices ({INSERT}) VALUES ({marks}){conflict}"
    conn.exec_driver_sql(sql, [_row(d, stamp) for d in drafts])


def _row(draft: Draft, stamp: str) -> tuple[object, ...]:
    body = {"text": draft.text, "actions": draft.actions, "until": draft.until}
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    return (draft.notice_id, draft.subject_id, draft.kind, draft.record_id, None, stamp, None, text)


def _inserted(conn: Connection, first: int, last: int) -> list[tuple[Any, ...]]:
    """The rows of the events just inserted (seq ``first``..``last``): seq, kind,
    subject, record, day and body."""
    mark = placeholder(conn)
    rows = conn.exec_driver_sql(
        "SELECT seq, kind, subject_id, record_id, on_date, body FROM events "
        f"WHERE seq BETWEEN {mark} AND {mark} ORDER BY seq",
        (first, last),
    )
    return [tuple(row) for row in rows]


TYPE = '"type":"'


def type_of(body: str) -> str:
    """A record's type from its logged body without parsing all of it. The body is
    canonical JSON (``log.hashing``: flat, compact separators), and inside a string
    value every quote is escaped, so ``"type":"`` can only be the key; a type is a
    rulebook name (no quote, no escape)."""
    at = body.find(TYPE)
    if at < 0:
        return str(json.loads(body).get("type", ""))
    start = at + len(TYPE)
    return body[start : body.index('"', start)]


def events_at(conn: Connection, seqs: Sequence[int]) -> dict[int, Event]:
    """The events at these places in the log."""
    found: dict[int, Event] = {}
    mark = placeholder(conn)
    wanted = sorted(set(seqs))
    for start in range(0, len(wanted), LOOKUP_AT_ONCE):
        chunk = wanted[start : start + LOOKUP_AT_ONCE]
        marks = ", ".join([mark] * len(chunk))
        rows = conn.exec_driver_sql(
            f"SELECT seq, body FROM events WHERE seq IN ({marks})", tuple(chunk)
        )
        for seq, body in rows:
            found[int(seq)] = event_from_fields(json.loads(body), int(seq), {})
    return found


def records_of(conn: Connection, events: Sequence[Event]) -> dict[str, Event]:
    """The ``record.added`` events of the records that ``events`` act on."""
    wanted = sorted({e.record_id for e in events})
    found: dict[str, Event] = {}
    mark = placeholder(conn)
    for start in range(0, len(wanted), LOOKUP_AT_ONCE):
        chunk = wanted[start : start + LOOKUP_AT_ONCE]
        marks = ", ".join([mark] * len(chunk))
        rows = conn.exec_driver_sql(
            f"SELECT seq, body FROM events WHERE kind = 'record.added' AND record_id IN ({marks})",
            tuple(chunk),
        )
        for seq, body in rows:
            event = event_from_fields(json.loads(body), int(seq), {})
            found[event.record_id] = event
    return found
