"""Rebuilding every row: the log read once in subject order, groups of subjects mapped
over worker processes with the same pure function the projector uses (``rows.derive``).

The parent reads and writes (one writer: SQLite allows no other); workers only fold.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import Engine

from creditreg.db.connection import write_transaction
from creditreg.engine.law import Law
from creditreg.projection.rows import Entry, Row, derive
from creditreg.projection.store import upsert

GROUP = 1000
"""Subjects per task: large enough that pickling is small beside folding."""

Group = list[tuple[str, list[Entry]]]
_ORDERED = "SELECT subject_id, seq, body, hash FROM events {where} ORDER BY subject_id, seq"
_SINCE = "WHERE subject_id IN (SELECT DISTINCT subject_id FROM events WHERE seq >= {since})"


PARALLEL_FROM = 1_000
"""Subjects from which a rebuild starts worker processes (each imports the engine: about
a second on this machine, the cost of some hundred timelines)."""


def subjects_since(engine: Engine, since: int = 0) -> int:
    """How many subjects the log names in its entries from ``since`` on."""
    with engine.connect() as conn:
        found = conn.exec_driver_sql(
            f"SELECT count(DISTINCT subject_id) FROM events WHERE seq >= {int(since)}"
        ).scalar()
    return int(found or 0)


@dataclass(frozen=True, slots=True)
class Rebuilt:
    subjects: int
    entries: int
    bytes: int


def derive_group(group: Group, law: Law, law_key: str, key: bytes) -> list[Row]:
    """The rows of a group of subjects: what every engine maps over the log."""
    return [derive(subject_id, entries, law, law_key, key) for subject_id, entries in group]


def groups(engine: Engine, size: int = GROUP, since: int | None = None) -> Iterator[Group]:
    """Every subject's entries in log order, ``size`` subjects at a time (only subjects
    with an entry at or after ``since``, when given)."""
    where = "" if since is None else _SINCE.format(since=int(since))
    group: Group = []
    current: tuple[str, list[Entry]] | None = None
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=10_000)
        for subject_id, seq, body, hashed in result.exec_driver_sql(_ORDERED.format(where=where)):
            if current is None or current[0] != subject_id:
                if current is not None:
                    group.append(current)
                    if len(group) >= size:
                        yield group
                        group = []
                current = (str(subject_id), [])
            current[1].append((int(seq), str(body), str(hashed)))
    if current is not None:
        group.append(current)
    if group:
        yield group


_WORKER: tuple[Law, str, bytes] | None = None


def _start(law: Law, law_key: str, key: bytes) -> None:
    global _WORKER  # one law per worker process, set once
    _WORKER = (law, law_key, key)


def _work(group: Group) -> list[Row]:
    assert _WORKER is not None
    return derive_group(group, *_WORKER)


def rebuild(
    engine: Engine,
    law: Law,
    law_key: str,
    key: bytes,
    workers: int | None = None,
    progress: Callable[[int], None] = lambda done: None,
    since: int | None = None,
) -> Rebuilt:
    """Rewrite every subject's row (or those with entries from ``since`` on); ``progress``
    gets the subjects done so far. ``workers`` None: one per CPU, or one for fewer than
    ``PARALLEL_FROM`` subjects."""
    chosen = workers is None or since is not None  # an explicit count is kept for a full one
    if chosen and subjects_since(engine, since or 0) < PARALLEL_FROM:
        workers = 1  # a few subjects: starting workers would cost more than they save
    workers = workers or os.cpu_count() or 1
    subjects = entries = size = 0

    def store(rows: list[Row]) -> None:
        nonlocal subjects, size
        with write_transaction(engine) as conn:
            upsert(conn, rows)
        subjects += len(rows)
        size += sum(len(r.body) + len(r.view) for r in rows)
        progress(subjects)

    def counted(source: Iterator[Group]) -> Iterator[Group]:
        nonlocal entries
        for group in source:
            entries += sum(len(e) for _, e in group)
            yield group

    if workers == 1:
        for group in counted(groups(engine, since=since)):
            store(derive_group(group, law, law_key, key))
    else:
        context = multiprocessing.get_context("spawn")
        with context.Pool(workers, _start, (law, law_key, key)) as pool:
            for rows in pool.imap(_work, counted(groups(engine, since=since))):
                store(rows)
    return Rebuilt(subjects, entries, size)
