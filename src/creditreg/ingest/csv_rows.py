"""CSV input: a header row, then one record per row, quoted values may span lines.

The file is read as bytes, a line at a time, and decoded here rather than by a text
wrapper: that keeps the byte count for the progress bar exact and turns a line that is
not UTF-8 into a reject for that row instead of an error that ends the file. The
``csv`` module runs in strict mode so that a quote left open at the end of a truncated
file is reported, not silently swallowed into the last value.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from creditreg.ingest.meter import Meter
from creditreg.ingest.rows import FILE, RECORD, RawRow, Reject, column_problem

if TYPE_CHECKING:
    from _csv import Reader

_OPEN_QUOTE = "unexpected end of data"


def read_csv(path: Path, source: str, meter: Meter) -> Iterator[RawRow | Reject]:
    """The rows of the CSV file at ``path``; header problems reject the whole file."""
    with path.open("rb") as handle:
        bad_lines: list[int] = []
        reader = csv.reader(_lines(handle, meter, bad_lines), strict=True)
        try:
            header = _header(reader)
        except csv.Error as exc:
            yield Reject(source, 1, FILE, f"the header row cannot be read as CSV: {exc}")
            return
        if header is None:
            return  # no header at all: the caller reports the empty file
        problem = column_problem(header)
        if problem is not None:
            yield Reject(source, 1, *problem)
            return
        yield from _records(reader, header, source, bad_lines)


def _lines(handle: BinaryIO, meter: Meter, bad_lines: list[int]) -> Iterator[str]:
    """Decoded physical lines; the numbers of lines that are not UTF-8 go to ``bad_lines``."""
    for number, raw in enumerate(handle, 1):
        meter.done += len(raw)
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            bad_lines.append(number)
            yield raw.decode("utf-8", "replace")


def _header(reader: Iterator[list[str]]) -> list[str] | None:
    """The column names (trimmed, lower case, without a byte-order mark), or None."""
    for values in reader:
        if any(value.strip() for value in values):
            return [value.lstrip("\ufeff").strip().lower() for value in values]
    return None


def _records(
    reader: Reader, header: list[str], source: str, bad_lines: list[int]
) -> Iterator[RawRow | Reject]:
    """One RawRow per data row, or a Reject for a row that is not a well-formed record."""
    width = len(header)
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Reject(source, start, RECORD, _csv_error(exc))
            continue
        if len(values) != width:
            if any(value.strip() for value in values):
                yield _wrong_width(source, start, header, len(values))
            continue
        if bad_lines and bad_lines[-1] >= start:
            yield Reject(source, start, RECORD, "the row is not valid UTF-8 text")
            continue
        yield RawRow(source, start, dict(zip(header, values, strict=True)))


def _csv_error(exc: csv.Error) -> str:
    if _OPEN_QUOTE in str(exc):
        return 'the row ends inside a quoted value (a closing " is missing); is the file cut off?'
    return f"the row cannot be read as CSV: {exc}"


def _wrong_width(source: str, line: int, header: list[str], count: int) -> Reject:
    """Too few values (a truncated row) names the first missing column; too many, the row."""
    width = len(header)
    if count < width:
        reason = f"the row has {count} of the {width} values the header names; is it cut off?"
        return Reject(source, line, header[count], reason)
    reason = f"the row has {count} values but the header names only {width} columns"
    return Reject(source, line, RECORD, reason)
