"""Parquet input: read a batch of rows at a time (``iter_batches``), never the whole file.

A file whose footer is missing (cut off) cannot be read at all and is one reject. Damage
inside the file is found row group by row group: the rows of a damaged group are one
reject ("rows 3 to 4 cannot be read"), and the groups after it are still read.

A Parquet file has no lines, so a row's ``line`` is its 1-based row number. Typed
columns are turned into the text a CSV would hold: dates and timestamps in ISO 8601
(a timestamp keeps its offset, so validation can take the date in Beijing time),
decimals in plain notation, so every format goes through one validation path.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from creditreg.ingest.meter import Meter
from creditreg.ingest.rows import FILE, RawRow, Reject, column_problem

BATCH_ROWS = 8192


def read_parquet(path: Path, source: str, meter: Meter) -> Iterator[RawRow | Reject]:
    """The rows of the Parquet file at ``path``; a damaged file ends in a reject."""
    try:
        parquet = pq.ParquetFile(path)
    except pa.ArrowException as exc:
        yield Reject(source, 0, FILE, f"the file is not a readable Parquet file: {exc}")
        return
    with parquet:
        names = parquet.schema_arrow.names
        problem = column_problem(names)
        if problem is not None:
            yield Reject(source, 0, *problem)
            return
        yield from _rows(parquet, names, source, meter)


def _rows(
    parquet: pq.ParquetFile, names: list[str], source: str, meter: Meter
) -> Iterator[RawRow | Reject]:
    """Row group by row group, so damage in one group spares every other group."""
    total = max(parquet.metadata.num_rows, 1)
    first = 1
    for group in range(parquet.num_row_groups):
        size = parquet.metadata.row_group(group).num_rows
        yield from _group(parquet, group, names, source, first, first + size - 1)
        first += size
        meter.done = meter.size * (first - 1) // total


def _group(
    parquet: pq.ParquetFile, group: int, names: list[str], source: str, first: int, last: int
) -> Iterator[RawRow | Reject]:
    """The rows ``first``..``last`` of one row group; what cannot be read is one reject."""
    row = first
    try:
        for batch in parquet.iter_batches(batch_size=BATCH_ROWS, row_groups=[group]):
            for values in zip(*(_texts(column) for column in batch.columns), strict=True):
                yield RawRow(source, row, dict(zip(names, values, strict=True)))
                row += 1
    except (pa.ArrowException, OSError) as exc:
        detail = " ".join(str(exc).split())
        reason = f"rows {row} to {last} cannot be read; the file is damaged there: {detail}"
        yield Reject(source, row, FILE, reason)


def _texts(column: pa.Array) -> list[str | None]:
    """A column as text values; string columns pass through untouched (the common case)."""
    kind = column.type
    if pa.types.is_dictionary(kind):
        column, kind = column.dictionary_decode(), kind.value_type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return column.to_pylist()  # type: ignore[no-any-return]
    if pa.types.is_timestamp(kind) and kind.unit == "ns":
        column = column.cast(pa.timestamp("us", kind.tz), safe=False)
    return [None if value is None else _text(value) for value in column.to_pylist()]


def _text(value: object) -> str:
    if isinstance(value, date):  # datetime too: isoformat keeps a timestamp's offset
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
