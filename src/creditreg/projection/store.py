"""Reading and writing projection rows. A read never writes.

A check reads its subject's row and the subject's last log position in one statement:
the position comes from the events' subject index (index-only), so a row can be compared
with the log it claims to reflect. What a read finds (``Found``):

* ``current``: bound by the key, at the subject's last position, under the law asked;
* ``none``: no row and no entry: the subject has no records;
* ``behind``: no row, an older position, or another law: never served as current;
* ``refused``: the binding fails (edited in the database): never served.

A check reads the row's decision view, not its body (``read_views``/``read_view``: the
same statements without the body): the binding covers the view and the body's digest, so
neither the body nor its hash is read to serve it. A row of an older layout (no view) is
behind until it is rebuilt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine

from creditreg.db.dialect import key_lookups, placeholder
from creditreg.log.raw import RawReads
from creditreg.projection.codec import Encoded
from creditreg.projection.rows import Entry, Row, body_bound, bound
from creditreg.projection.view import DecisionView

_VIEW = "p.log_seq, p.law, p.events_digest, p.view, p.body_digest, p.binding"
_FILE = f"{_VIEW}, p.body"


def _one(columns: str) -> str:
    return (
        "SELECT (SELECT coalesce(max(seq), 0) FROM events WHERE subject_id = ?), "
        f"{columns} FROM (SELECT 1 AS one) o LEFT JOIN projections p ON p.subject_id = ?"
    )


def _many(columns: str) -> str:
    # rows with their subject's position (index-only), then the subjects with entries
    # but no row: one statement per chunk, its keys bound twice
    nulls = ", ".join(["NULL"] * (columns.count(",") + 1))
    return (
        "SELECT p.subject_id, (SELECT coalesce(max(e.seq), 0) FROM events e "
        f"WHERE e.subject_id = p.subject_id), {columns} FROM projections p "
        "WHERE p.subject_id IN ({marks}) "
        f"UNION ALL SELECT e.subject_id, max(e.seq), {nulls} FROM events e "
        "WHERE e.subject_id IN ({marks}) AND NOT EXISTS "
        "(SELECT 1 FROM projections q WHERE q.subject_id = e.subject_id) GROUP BY e.subject_id"
    )


_ONE, _ONE_VIEW = _one(_FILE), _one(_VIEW)
_MANY, _MANY_VIEW = _many(_FILE), _many(_VIEW)
_ENTRIES = "SELECT seq, body, hash FROM events WHERE subject_id = {mark} ORDER BY seq"
IN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Found:
    status: str  # "current", "none", "behind" or "refused"
    position: int
    timeline: Encoded | None = None
    view: DecisionView | None = None


class ProjectionStore:
    """Rows of one database, checked with ``key`` (None: the projection is off)."""

    def __init__(self, engine: Engine, key: bytes | None) -> None:
        self.engine = engine
        self.key = key
        self._raw = RawReads(engine)
        self._one = self._raw.sql(_ONE)
        self._one_view = self._raw.sql(_ONE_VIEW)

    def rows_without_view(self) -> int:
        """Rows written before the decision view (migration 0010): checks fold for their
        subjects until ``creditreg project`` rewrites them."""
        with self.engine.connect() as conn:
            sql = "SELECT count(*) FROM projections WHERE view IS NULL"
            return int(conn.exec_driver_sql(sql).scalar_one())

    def read(self, subject_id: str, law: str) -> Found:
        """The subject's row with its body (``timeline``): the whole file."""
        position, *row = self._raw.fetch(self._one, (subject_id, subject_id))[0]
        return self._judge_file(subject_id, int(position), row, law)

    def read_view(self, subject_id: str, law: str) -> Found:
        """The subject's row without its body (``view``): what a check decides from."""
        position, *row = self._raw.fetch(self._one_view, (subject_id, subject_id))[0]
        return self._judge_view(subject_id, int(position), row, law)

    def read_many(self, subject_ids: Sequence[str], law: str) -> dict[str, Found]:
        """``read`` of many subjects: one query per chunk, rows and positions together
        (a subject in neither has no records)."""
        return self._many(_MANY, subject_ids, law, self._judge_file)

    def read_views(self, subject_ids: Sequence[str], law: str) -> dict[str, Found]:
        """``read_view`` of many subjects, as ``read_many`` reads them."""
        return self._many(_MANY_VIEW, subject_ids, law, self._judge_view)

    def _many(
        self,
        statement: str,
        subject_ids: Sequence[str],
        law: str,
        judge: Callable[[str, int, list[Any], str], Found],
    ) -> dict[str, Found]:
        found: dict[str, list[Any]] = {}
        for sql, params in key_lookups(self.engine, statement, list(subject_ids), IN_CHUNK):
            found.update((str(r[0]), list(r[1:])) for r in self._raw.fetch(sql, params * 2))
        empty = [0, *[None] * (_FILE if statement is _MANY else _VIEW).count("p.")]
        return {
            s: judge(s, int(row[0]), row[1:], law)
            for s in subject_ids
            for row in (found.get(s, empty),)
        }

    def _judge_view(self, subject_id: str, position: int, row: list[Any], law: str) -> Found:
        stored = self._judge(subject_id, position, row, law)
        if isinstance(stored, Found):
            return stored
        try:
            view = DecisionView(stored.view)
        except ValueError:  # a view of another format: folded until it is rebuilt
            return Found("behind", position)
        return Found("current", position, view=view)

    def _judge_file(self, subject_id: str, position: int, row: list[Any], law: str) -> Found:
        stored = self._judge(subject_id, position, row[:-1], law, row[-1])
        if isinstance(stored, Found):
            return stored
        if not body_bound(stored):  # the body edited, its bound digest kept
            return Found("refused", position)
        try:
            timeline = Encoded(stored.body)
        except ValueError:  # a row of an older codec format: folded until it is rebuilt
            return Found("behind", position)
        return Found("current", position, timeline)

    def _judge(
        self, subject_id: str, position: int, row: list[Any], law: str, body: Any = b""
    ) -> Found | Row:
        """The row, bound and current; else what was found instead."""
        log_seq, row_law, digest, view, body_digest, binding = row
        if log_seq is None:
            return Found("none" if position == 0 else "behind", position)
        if view is None or body_digest is None:  # derived before views (migration 0010)
            return Found("behind", position)
        stored = Row(
            subject_id,
            int(log_seq),
            str(row_law),
            str(digest),
            bytes(view),
            str(body_digest),
            str(binding),
            bytes(body) if body is not None else b"",
        )
        if self.key is None or not bound(self.key, stored):
            return Found("refused", position)
        if stored.log_seq != position or stored.law != law:
            return Found("behind", position)
        return stored


def entries(conn: Connection, subject_id: str) -> list[Entry]:
    """The subject's ``(seq, body, hash)`` entries, read on ``conn`` (maybe the writer's)."""
    sql = _ENTRIES.format(mark=placeholder(conn))
    return [(int(r[0]), str(r[1]), str(r[2])) for r in conn.exec_driver_sql(sql, (subject_id,))]


def upsert(conn: Connection, rows: Iterable[Row]) -> int:
    """Replace the rows of these subjects (delete then insert: portable, one batch each)."""
    batch = [
        (r.subject_id, r.log_seq, r.law, r.events_digest, r.view, r.body_digest, r.body, r.binding)
        for r in rows
    ]
    if not batch:
        return 0
    mark = placeholder(conn)
    conn.exec_driver_sql(
        f"DELETE FROM projections WHERE subject_id = {mark}", [(r[0],) for r in batch]
    )
    marks = ", ".join([mark] * 8)
    conn.exec_driver_sql(
        "INSERT INTO projections (subject_id, log_seq, law, events_digest, view, body_digest, "
        "body, binding) "
        f"VALUES ({marks})",
        batch,
    )
    return len(batch)
