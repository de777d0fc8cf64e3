"""The projector: rows brought up to date inside the writer's transaction.

Wraps the writer's other hook (the Merkle tree). An append that touches at most
``SMALL`` subjects (a due-process command, an API submission) rewrites their rows before
it commits, so those subjects never have a row behind the log; their entries are read in
one statement per chunk of subjects (``entries_of``). A larger append (an ingest batch)
leaves its subjects' rows behind: their checks fold until ``creditreg project`` or
``Registry.catch_up``, run by ingest at its end, rewrites them in bulk outside the
writer's transaction and over worker processes.

Chosen by measurement (``bench/ingest_projection.py``, 200,000 records, README "Served
decisions"), after deriving a row became ~1.5x cheaper (1.6-2.4 ms of CPU for a 4-record
subject, ~0.5 ms for a 1-record one):

* per subject, rows in the transaction and rows caught up after it cost the same CPU
  (0.64 against 0.62 ms a subject at 64 subjects), so ``SMALL`` only bounds how long an
  append holds the single writer: ~40 ms at 64 subjects now (243 ms before);
* for a whole ingest, rows in every batch's transaction cost a little less CPU (no
  workers to start, no second read) but hold the writer ~17 s per 10,000-record batch,
  run on one core, and derive again a subject that several batches name; the bulk
  catch-up derives each subject once over all cores, so it stays the way for ingests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlalchemy import Connection, inspect

from creditreg.db.dialect import key_lookups
from creditreg.engine.law import Law
from creditreg.log.hooks import AppendHook
from creditreg.projection.rows import Entry, derive
from creditreg.projection.store import IN_CHUNK, ProjectionStore, upsert

SMALL = 64
"""Subjects an append may touch and still have its rows rewritten in its transaction."""

_ENTRIES = (
    "SELECT subject_id, seq, body, hash FROM events WHERE subject_id IN ({marks}) "
    "ORDER BY subject_id, seq"
)

LawNow = Callable[[], tuple[Law, str]]


class ProjectionHook:
    """An ``AppendHook`` that runs ``inner`` and then keeps the projection current."""

    __slots__ = ("_first", "_has_table", "behind_from", "inner", "law", "store")

    def __init__(self, inner: AppendHook, store: ProjectionStore, law: LawNow) -> None:
        self.inner, self.store, self.law = inner, store, law
        self._first: int | None = None
        self._has_table: bool | None = None
        self.behind_from: int | None = None
        """The first log position of the appends left behind (``Registry.catch_up``)."""

    def entries_added(self, conn: Connection, first_seq: int, leaf_hashes: Sequence[bytes]) -> None:
        self.inner.entries_added(conn, first_seq, leaf_hashes)
        if self._first is None:
            self._first = first_seq

    def appended(self, conn: Connection) -> None:
        self.inner.appended(conn)
        first, self._first = self._first, None
        key = self.store.key
        if first is None or key is None or not self._table(conn):
            return
        subjects = [
            str(row[0])
            for row in conn.exec_driver_sql(
                f"SELECT DISTINCT subject_id FROM events WHERE seq >= {int(first)} "
                f"LIMIT {SMALL + 1}"
            )
        ]
        if len(subjects) > SMALL:
            # a bulk append: its rows are behind until caught up in bulk afterwards
            self.behind_from = min(first, self.behind_from or first)
            return
        law, law_key = self.law()
        found = entries_of(conn, subjects)
        upsert(conn, (derive(s, found.get(s, []), law, law_key, key) for s in subjects))

    def _table(self, conn: Connection) -> bool:
        """Whether this database has the projection (a registry not yet upgraded has not)."""
        if self._has_table is None:
            self._has_table = inspect(conn).has_table("projections")
        return self._has_table


def entries_of(conn: Connection, subjects: Sequence[str]) -> dict[str, list[Entry]]:
    """Each subject's ``(seq, body, hash)`` entries in log order, read on the writer's
    connection in one statement per chunk of subjects (one per subject before: 64 round
    trips for an append of 64 subjects)."""
    found: dict[str, list[Entry]] = {}
    for sql, params in key_lookups(conn, _ENTRIES, list(subjects), IN_CHUNK):
        for subject_id, seq, body, hashed in conn.exec_driver_sql(sql, params):
            found.setdefault(str(subject_id), []).append((int(seq), str(body), str(hashed)))
    return found
