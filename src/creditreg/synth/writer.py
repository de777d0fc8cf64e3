"""Writing records (CSV or Parquet, a chunk at a time) and actions (JSON Lines).

Both writers are Arrow's, fed one table per chunk, so memory stays at one chunk whatever
the population. The CSV is unquoted: no generated value holds a comma, quote or line
break (Arrow raises rather than write one unquoted); missing values are empty. The
Parquet file has typed columns (``date32`` days, ``decimal128(18, 2)`` amounts), one
row group per chunk. Both are byte-for-byte the same for the same seed, sizes and window.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from creditreg.synth.actions import Action

FORMATS = ("csv", "parquet")
RECORDS = "records"
ACTIONS = "actions.jsonl"


def records_path(directory: Path, fmt: str) -> Path:
    return directory / f"{RECORDS}.{fmt}"


class RecordWriter:
    """Appends tables of the records schema to one CSV or Parquet file."""

    def __init__(self, path: Path, fmt: str, schema: pa.Schema) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format '{fmt}': expected one of {', '.join(FORMATS)}")
        self.path, self.fmt, self.schema = path, fmt, schema
        self._handle: BinaryIO | None = None
        self._writer: pa_csv.CSVWriter | pq.ParquetWriter | None = None

    def __enter__(self) -> RecordWriter:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.fmt == "parquet":
            self._writer = pq.ParquetWriter(self.path, self.schema)
            return self
        self._handle = self.path.open("wb")
        self._handle.write((",".join(self.schema.names) + "\n").encode())
        options = pa_csv.WriteOptions(include_header=False, quoting_style="none")
        self._writer = pa_csv.CSVWriter(self._handle, self.schema, write_options=options)
        return self

    def write(self, table: pa.Table) -> None:
        assert self._writer is not None, "use RecordWriter as a context manager"
        self._writer.write_table(table)

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._writer is not None:
            self._writer.close()
        if self._handle is not None:
            self._handle.close()


def write_actions(path: Path, actions: Iterable[Action]) -> int:
    """Write ``actions`` as JSON Lines in the order given; how many were written."""
    count = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        for action in actions:
            handle.write(json.dumps(action.as_json(), ensure_ascii=False) + "\n")
            count += 1
    return count


def read_actions(path: Path) -> list[dict[str, object]]:
    """The actions of an ``actions.jsonl`` file, as the objects written."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
