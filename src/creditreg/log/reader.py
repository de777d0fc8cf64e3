"""Reading the log: a subject's events (the hot path of every check), records, the head.

Events are rebuilt from the hashed body, never from the indexed columns, so what the
engine folds is exactly what the chain covers. Personal data is joined in only when
asked for: the engine never needs names to decide.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, text

from creditreg.db.dialect import key_lookups
from creditreg.db.log_tables import RECORD_ADDED
from creditreg.events import Event, event_from_fields
from creditreg.log import rulebooks
from creditreg.log.hashing import GENESIS
from creditreg.log.integrity import IntegrityAlarm, LogIntegrityError, verified_fields
from creditreg.log.raw import RawReads

# Every read that answers a check or a file also fetches what the leaf check needs: the
# entry's time and commitment, and the leaf hash stored in its own row (``{leaf}``; NULL
# only when a reader is built without the check). The row's leaf rather than the tree's:
# joining each event to its ``tree_leaves`` chunk cost more than hashing the event
# (migration 0009); the tree's guards hold the two equal (``log.integrity``).
_CHECKED = "e.recorded_at, e.personal_commitment, {leaf} "
_LEAF = "e.leaf"
_WITH_PERSONAL = (
    "SELECT e.seq, e.body, p.body, " + _CHECKED + "FROM events e "
    "LEFT JOIN personal_data p ON p.seq = e.seq "
)
_PLAIN = "SELECT e.seq, e.body, NULL, " + _CHECKED + "FROM events e "
_SUBJECT = _PLAIN + "WHERE e.subject_id = ? ORDER BY e.seq"
_SUBJECT_UNTIL = (
    _PLAIN + "WHERE e.subject_id = ? AND e.seq <= ? AND e.recorded_at <= ? ORDER BY e.seq"
)
_SUBJECT_P = _WITH_PERSONAL + "WHERE e.subject_id = ? ORDER BY e.seq"
# A record's events are among its subject's events (that is all the engine folds), so
# they are found through the subject index; record ids are indexed for record.added only.
_OF_RECORD = (
    f"e.subject_id = (SELECT subject_id FROM events WHERE {RECORD_ADDED} AND record_id = ?) "
    "AND e.record_id = ? ORDER BY e.seq"
)
_RECORD_EVENTS = _PLAIN + "WHERE " + _OF_RECORD
_RECORD_EVENTS_P = _WITH_PERSONAL + "WHERE " + _OF_RECORD
_RECORD = _WITH_PERSONAL + f"WHERE e.{RECORD_ADDED} AND e.record_id = ?"
_OBJECTION = _WITH_PERSONAL + "JOIN objections o ON o.seq = e.seq WHERE o.objection_id = ?"
_OPEN_OBJECTIONS = (
    _WITH_PERSONAL + "JOIN objections o ON o.seq = e.seq WHERE NOT EXISTS ("
    "SELECT 1 FROM events d WHERE d.subject_id = o.subject_id AND d.record_id = o.record_id "
    "AND d.kind = 'objection.decided' AND d.seq > o.seq) ORDER BY e.on_date, e.seq LIMIT ?"
)
# A record has at most one open objection at a time, so the first decision about the
# record after a filing is that filing's decision.
_HEAD = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"
_PAGE = "SELECT seq, body, NULL FROM events WHERE seq > ? ORDER BY seq LIMIT ?"
_PERSONAL = "SELECT body FROM personal_data WHERE seq = ?"
_QUERIES = {
    "head": _HEAD,
    "page": _PAGE,
    "personal": _PERSONAL,
    "version": "SELECT count(*), coalesce(max(seq), 0) FROM events WHERE subject_id = ?",
}
_CHECKED_QUERIES = {
    "subject": _SUBJECT,
    "subject_p": _SUBJECT_P,
    "subject_until": _SUBJECT_UNTIL,
    "record_events": _RECORD_EVENTS,
    "record_events_p": _RECORD_EVENTS_P,
    "record": _RECORD,
    "objection": _OBJECTION,
    "open_objections": _OPEN_OBJECTIONS,
}


_VERSIONS = (
    "SELECT subject_id, count(*), max(seq) FROM events WHERE subject_id IN ({marks}) "
    "GROUP BY subject_id"
)
_SUBJECTS = (
    "SELECT e.subject_id, e.seq, e.body, NULL, " + _CHECKED + "FROM events e "
    "WHERE e.subject_id IN ({{marks}}) ORDER BY e.subject_id, e.seq"
)
IN_CHUNK = 500
"""Identifiers per ``IN (...)`` list: below SQLite's default limit of 999 parameters."""


def _event(row: tuple[Any, ...]) -> Event:
    """An event from a ``(seq, body, personal body or NULL)`` row."""
    personal = json.loads(row[2]) if row[2] is not None else {}
    return event_from_fields(json.loads(row[1]), int(row[0]), personal)


def _checked_event(row: tuple[Any, ...]) -> Event:
    """An event from a ``(seq, body, personal, recorded_at, commitment, leaf)`` row,
    once its entry is found to hash to its stored leaf (``LogIntegrityError`` if not):
    checked on the stored text, then parsed once."""
    seq = int(row[0])
    fields = verified_fields(seq, row[3], row[4], row[1], row[5])
    personal = json.loads(row[2]) if row[2] is not None else {}
    return event_from_fields(fields, seq, personal)


def _filed_under(events: Sequence[Event], subject_id: str) -> None:
    """Each event's hashed body names ``subject_id``, the column it was found by."""
    for event in events:
        if event.subject_id != subject_id:
            reason = "its subject_id column disagrees with its hashed body"
            raise LogIntegrityError(event.seq - 1, reason)


def _checked_sql(query: str, check: bool) -> str:
    return query.format(leaf=_LEAF if check else "NULL")


def subject_history(conn: Connection, subject_id: str) -> list[Event]:
    """``subject_id``'s events read on ``conn``: inside the writer's transaction, the
    history a due-process check must see (nothing can be appended behind its back).
    Each is checked against its stored leaf, as every read that answers is."""
    sql = _checked_sql(_SUBJECT, check=True).replace("?", ":subject")
    rows = conn.execute(text(sql), {"subject": subject_id})
    return [_checked_event(tuple(row)) for row in rows]


class LogReader:
    """Concurrent reads of the log; safe to share between threads.

    Reads that answer a check or a file check every event against its stored leaf hash
    (``log.integrity``) and refuse once ``alarm`` has tripped; ``check_leaves=False`` is
    for measuring what the check costs (bench/check_bench.py), never for serving.
    """

    __slots__ = ("_engine", "_raw", "_sql", "_subjects", "alarm")

    def __init__(
        self, engine: Engine, alarm: IntegrityAlarm | None = None, *, check_leaves: bool = True
    ) -> None:
        self._engine = engine
        self._raw = RawReads(engine)
        self._sql = {name: self._raw.sql(query) for name, query in _QUERIES.items()}
        for name, query in _CHECKED_QUERIES.items():
            self._sql[name] = self._raw.sql(_checked_sql(query, check_leaves))
        self._subjects = _checked_sql(_SUBJECTS, check_leaves)
        self.alarm = alarm or IntegrityAlarm()

    def _events(self, rows: Iterable[tuple[Any, ...]], subject: str | None = None) -> list[Event]:
        """``rows`` as checked events (each filed under ``subject``, when given); a failed
        check trips the alarm, then raises."""
        try:
            events = [_checked_event(row) for row in rows]
            if subject is not None:
                _filed_under(events, subject)
            return events
        except LogIntegrityError as failure:
            self.alarm.trip(failure, "reader")
            raise

    def _fetch(self, name: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """The rows of checked query ``name``, unless the log was found tampered with."""
        self.alarm.raise_if_tripped()
        return self._raw.fetch(self._sql[name], params)

    @property
    def engine(self) -> Engine:
        """The database this reader reads (bulk readers such as exports open their own)."""
        return self._engine

    def subject_events(self, subject_id: str, *, with_personal: bool = False) -> list[Event]:
        """Every event naming ``subject_id``, in log order: the input of the engine's fold."""
        name = "subject_p" if with_personal else "subject"
        return self._events(self._fetch(name, (subject_id,)), subject_id)

    def subject_events_until(
        self, subject_id: str, known_at: str, last_seq: int = 2**62
    ) -> list[Event]:
        """``subject_events`` recorded by ``known_at`` (UTC ISO text, as ``recorded_at``)
        and within the log's first ``last_seq`` entries: what was known then."""
        rows = self._fetch("subject_until", (subject_id, last_seq, known_at))
        return self._events(rows, subject_id)

    def subject_version(self, subject_id: str) -> tuple[int, int]:
        """How many events name ``subject_id`` and the last one's seq (an index-only read).

        The log is append-only, so this pair changes whenever the subject's events do:
        it is the key under which a derived state may be cached.
        """
        rows = self._raw.fetch(self._sql["version"], (subject_id,))
        return int(rows[0][0]), int(rows[0][1])

    def subjects_versions(self, subject_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """``subject_version`` of many subjects in a few queries; absent ones are (0, 0)."""
        found = dict.fromkeys(subject_ids, (0, 0))
        for subject_id, count, last in self._in_list(_VERSIONS, list(found)):
            found[str(subject_id)] = (int(count), int(last))
        return found

    def subjects_events(self, subject_ids: Sequence[str]) -> dict[str, list[Event]]:
        """``subject_events`` of many subjects in a few queries (batch checks)."""
        found: dict[str, list[Event]] = {subject_id: [] for subject_id in subject_ids}
        self.alarm.raise_if_tripped()
        rows = list(self._in_list(self._subjects, list(found)))
        events = self._events(row[1:] for row in rows)
        for row, event in zip(rows, events, strict=True):
            found[str(row[0])].append(event)
        try:
            for subject_id, filed in found.items():
                _filed_under(filed, subject_id)
        except LogIntegrityError as failure:
            self.alarm.trip(failure, "reader")
            raise
        return found

    def _in_list(self, query: str, keys: list[str]) -> Iterator[tuple[Any, ...]]:
        """Rows of ``query`` (with ``IN ({marks})``) for ``keys``: chunks of parameters on
        SQLite, one array parameter on PostgreSQL (a long ``IN`` list's generic plan is
        slow there; see ``dedupe.stored_keys``)."""
        for sql, params in key_lookups(self._raw.engine, query, keys, IN_CHUNK):
            yield from self._raw.fetch(sql, params)

    def record_events(self, record_id: str, *, with_personal: bool = False) -> list[Event]:
        """Every event about ``record_id`` (added, revoked, objected, ...), in log order.

        Only events of the subject the record names count: an event about the record
        filed under another subject is not part of that subject's file.
        """
        name = "record_events_p" if with_personal else "record_events"
        return self._events(self._fetch(name, (record_id, record_id)))

    def record(self, record_id: str) -> Event | None:
        """The ``record.added`` event of ``record_id``, with its personal data."""
        found = self._events(self._fetch("record", (record_id,)))
        return found[0] if found else None

    def objection(self, objection_id: str) -> Event | None:
        """The ``objection.filed`` event of ``objection_id``, with its personal data."""
        events = self._events(self._fetch("objection", (objection_id,)))
        found = events[0] if events else None
        return found if found is not None and found.objection_id == objection_id else None

    def open_objections(self, limit: int = 1000) -> list[Event]:
        """``objection.filed`` events not decided yet, oldest first, with their grounds."""
        return self._events(self._fetch("open_objections", (limit,)))

    def head(self) -> tuple[int, str]:
        """The last seq and its hash; ``(0, GENESIS)`` for an empty log."""
        rows = self._raw.fetch(self._sql["head"], ())
        return (int(rows[0][0]), str(rows[0][1])) if rows else (0, GENESIS)

    def iter_events(self, batch_size: int = 10_000) -> Iterator[Event]:
        """Every event in log order, read in pages of ``batch_size`` (no personal data)."""
        after = 0
        while rows := self._raw.fetch(self._sql["page"], (after, batch_size)):
            yield from (_event(row) for row in rows)
            after = int(rows[-1][0])

    def personal(self, seq: int) -> dict[str, str]:
        """The personal data stored beside entry ``seq``; empty when none or erased."""
        rows = self._raw.fetch(self._sql["personal"], (seq,))
        return dict(json.loads(rows[0][0])) if rows else {}

    def active_rulebook(self) -> tuple[str, str] | None:
        """The active rulebook as ``(ref, body)``, or None before one was loaded."""
        with self._engine.connect() as conn:
            return rulebooks.active(conn)

    def rulebook(self, ref: str) -> str | None:
        """The body of stored rulebook ``ref`` (active or not), or None."""
        with self._engine.connect() as conn:
            return rulebooks.body(conn, ref)

    def close(self) -> None:
        """Nothing to release (reads return their connection at once); kept for symmetry."""
