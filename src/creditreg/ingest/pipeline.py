"""Ingest: rows in, events appended to the log in batches, rejects reported, never fatal.

``ingest_rows`` is the core (the HTTP API feeds it parsed JSON bodies); ``ingest_files``
reads files into it. Each batch is one ``LogWriter.append``, one transaction: a crash
loses at most the batch in flight, and running the same input again stores only what
is missing, because every record has an id (given or derived) that the writer dedupes.
When the database fails mid-run (a full disk, a lost server), the run stops with
``IngestStopped``, whose summary counts what the batches committed before it stored: those
stay stored, and running the input again adds only the rest.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import chain
from pathlib import Path
from typing import NotRequired, Protocol, TypedDict, Unpack

import psycopg
from sqlalchemy.exc import DBAPIError

from creditreg.errors import CreditregError
from creditreg.events import Event
from creditreg.ingest.collector import collect_young, collection_paused
from creditreg.ingest.conflicts import RecordLookup, conflicts
from creditreg.ingest.progress import FileProgress
from creditreg.ingest.rejects import RejectLog
from creditreg.ingest.rows import RawRow, Reject
from creditreg.ingest.summary import IngestSummary
from creditreg.ingest.validate import Validator
from creditreg.log.writer import AppendResult
from creditreg.roster.entry import Authority
from creditreg.rulebook.model import Rulebook

STORAGE_ERRORS: tuple[type[Exception], ...] = (DBAPIError, sqlite3.Error, psycopg.Error)
"""What the writer raises when the database fails (the raw paths raise the driver's own)."""

BATCH_SIZE = 50_000
"""Rows per transaction. Each batch inserts into two randomly keyed indexes, so larger
batches dirty each index page fewer times per row: at 1M rows, 5,000 -> 24k records/s,
20,000 -> 31k, 50,000 -> 34k. Memory is bounded by the batch (about 1 KB a row: the
events and where each came from; the writer builds their rows 5,000 at a time)."""


class Appender(Protocol):
    """Where events go: ``LogWriter`` (one transaction per call)."""

    def append(self, events: Sequence[Event]) -> AppendResult: ...


class RowOptions(TypedDict):
    """``ingest_rows``' keyword arguments, which ``ingest_files`` passes on."""

    reader: RecordLookup
    today: date
    rejects_path: NotRequired[Path | str | None]
    batch_size: NotRequired[int]
    roster: NotRequired[Mapping[str, Authority] | None]


def ingest_files(
    paths: Iterable[Path | str],
    writer: Appender,
    rulebook: Rulebook,
    *,
    progress: bool = False,
    **options: Unpack[RowOptions],
) -> IngestSummary:
    """Ingest every file in ``paths`` (CSV, JSON Lines, Parquet); see ``ingest_rows``.

    A file that cannot be read is one reject and the run goes on with the next file.
    ``progress`` shows a bar per file on stderr (for terminals).
    """
    with FileProgress(progress) as files:
        rows = chain.from_iterable(files.rows(path) for path in paths)
        return ingest_rows(rows, writer, rulebook, **options)


def ingest_rows(
    rows: Iterable[RawRow | Reject],
    writer: Appender,
    rulebook: Rulebook,
    *,
    reader: RecordLookup,
    today: date,
    rejects_path: Path | str | None = None,
    batch_size: int = BATCH_SIZE,
    roster: Mapping[str, Authority] | None = None,
) -> IngestSummary:
    """Validate ``rows`` against ``rulebook`` and ``roster`` (the registry's authorities;
    without one, the rulebook's seed section) as of ``today`` and append the good ones.

    Rejects (a ``Reject`` in ``rows`` is passed through as one) go to ``rejects_path``
    as CSV, and the first ones to the summary. ``reader`` looks stored records up, so a
    record_id reused for a different record is rejected rather than counted a duplicate.
    """
    with collection_paused(), RejectLog(rejects_path) as rejects:
        run = _Run(writer, reader, Validator(rulebook, today, roster), rejects, batch_size)
        try:
            for item in rows:
                run.feed(item)
            run.flush()
        except STORAGE_ERRORS as exc:
            run.summary.rejects = rejects.kept
            raise IngestStopped(run.summary, _reason(exc)) from exc
    run.summary.rejects = rejects.kept
    return run.summary


class IngestStopped(CreditregError, RuntimeError, kind="unavailable"):
    """The database failed mid-run; ``summary`` counts what was stored before (and kept)."""

    def __init__(self, summary: IngestSummary, reason: str) -> None:
        self.summary, self.reason = summary, reason
        super().__init__(
            f"stored {summary.accepted} of {summary.read} records read before: {reason}"
        )


def _reason(error: BaseException) -> str:
    """The driver's error in one line, never the statement (its parameters are records)."""
    driver = getattr(error, "orig", None) or error
    lines = str(driver).strip().splitlines()
    return f"{type(driver).__name__}: {lines[0] if lines else ''}".rstrip(": ")


class _Run:
    """The state of one ingest: the batch being filled and the counts so far."""

    __slots__ = (
        "_batch",
        "_reader",
        "_rejects",
        "_rows",
        "_size",
        "_validate",
        "_writer",
        "summary",
    )

    def __init__(
        self,
        writer: Appender,
        reader: RecordLookup,
        validate: Validator,
        rejects: RejectLog,
        size: int,
    ) -> None:
        self._writer, self._reader, self._validate = writer, reader, validate
        self._rejects, self._size = rejects, max(size, 1)
        self._batch: list[Event] = []
        self._rows: list[tuple[str, int]] = []
        self.summary = IngestSummary()

    def feed(self, item: RawRow | Reject) -> None:
        """Take one row: reject it now, or queue it and write the batch once it is full."""
        self.summary.read += 1
        if isinstance(item, Reject):
            self._reject(item)
            return
        result = self._validate(item)
        if isinstance(result, Reject):
            self._reject(result)
            return
        self._batch.append(result)
        self._rows.append((item.source, item.line))
        if len(self._batch) >= self._size:
            self.flush()

    def flush(self) -> None:
        """Append the batch in one transaction and sort its skipped records."""
        if not self._batch:
            return
        result = self._writer.append(self._batch)
        found = conflicts(self._batch, result.duplicate_record_ids, self._reader)
        self.summary.accepted += result.accepted
        self.summary.duplicates += result.duplicates - len(found)
        for index, reason in found:
            source, line = self._rows[index]
            self._reject(Reject(source, line, "record_id", reason))
        self._batch, self._rows = [], []
        collect_young()

    def _reject(self, reject: Reject) -> None:
        self.summary.rejected += 1
        self._rejects.add(reject)
