"""Streaming input: the rows of a CSV, JSON Lines or Parquet file, a batch at a time.

``read_rows`` never raises for a bad file: a file that cannot be used at all (missing,
unreadable, of an unsupported kind, empty, with wrong columns) yields a single reject
with ``field`` set to the column concerned or ``"file"``, so a run over many files goes
on with the next one. Memory does not grow with the file: rows are produced as the
file is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from creditreg.errors import CreditregError
from creditreg.ingest.csv_rows import read_csv
from creditreg.ingest.jsonl_rows import read_jsonl
from creditreg.ingest.meter import Meter
from creditreg.ingest.rows import FILE, RawRow, Reject

__all__ = ["FORMATS", "Meter", "RawRow", "Reject", "UnusableFile", "read_rows", "unusable"]

Reader = Callable[[Path, str, Meter], Iterator[RawRow | Reject]]


def read_parquet(path: Path, source: str, meter: Meter) -> Iterator[RawRow | Reject]:
    """``parquet_rows.read_parquet``, imported when a Parquet file is read: pyarrow takes
    ~0.2 s to import, which every command (and the demo's start) would pay otherwise."""
    from creditreg.ingest.parquet_rows import read_parquet as read

    return read(path, source, meter)


FORMATS: dict[str, Reader] = {
    ".csv": read_csv,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".parquet": read_parquet,
}
"""Readers by file name extension (compared in lower case)."""


def read_rows(path: Path | str, meter: Meter | None = None) -> Iterator[RawRow | Reject]:
    """Every record of the file at ``path``, or rejects saying why one could not be read.

    ``meter`` (optional) is advanced as bytes are read, for a progress bar.
    """
    path, source = Path(path), str(path)
    reader = FORMATS.get(path.suffix.lower())
    if reader is None:
        yield Reject(source, 0, FILE, _unsupported(path))
        return
    count = 0
    try:
        for item in reader(path, source, meter or Meter()):
            count += 1
            yield item
    except OSError as exc:
        yield Reject(source, 0, FILE, f"the file cannot be read: {exc.strerror or exc}")
        return
    if count == 0:
        yield Reject(source, 0, FILE, "the file is empty: it holds no records")


class UnusableFile(CreditregError, ValueError):
    """A file named for ingest cannot be used at all: the request is wrong, not a row."""


def unusable(path: Path | str) -> str | None:
    """Why the file at ``path`` cannot be ingested at all, or None when it may be.

    Missing, unreadable, of an unsupported kind or without a single byte: checked before
    a run (by the command line) so that a mistyped name changes nothing. A file whose
    content turns out unusable (wrong columns, a header only) is still a reject of the run.
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        return _unsupported(path)
    try:
        with path.open("rb") as file:
            if not file.read(1):
                return "the file is empty: it holds no records"
    except OSError as exc:
        return f"the file cannot be read: {exc.strerror or exc}"
    return None


def _unsupported(path: Path) -> str:
    return f"unsupported file type '{path.suffix}'; use {', '.join(FORMATS)}"
