"""Where rejects go: every one to the rejects file, the first thousand also to memory.

A run over millions of rows can reject millions; keeping them all in memory would make
memory grow with the input, so the summary holds a sample and the file holds the rest.
The file is CSV with the columns ``source,line,field,reason`` and is written even when
nothing was rejected, so an old file is never mistaken for this run's.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import TracebackType
from typing import IO

from creditreg.ingest.rows import Reject

KEEP = 1000
COLUMNS = ("source", "line", "field", "reason")


class RejectLog:
    """Collects rejects: all to ``path`` (if given), the first ``keep`` in ``kept``."""

    __slots__ = ("_file", "_path", "_writer", "count", "keep", "kept")

    def __init__(self, path: Path | str | None = None, keep: int = KEEP) -> None:
        self._path = Path(path) if path is not None else None
        self._file: IO[str] | None = None
        self._writer: csv.DictWriter[str] | None = None
        self.keep = keep
        self.kept: list[Reject] = []
        self.count = 0

    def __enter__(self) -> RejectLog:
        if self._path is not None:
            self._file = self._path.open("w", encoding="utf-8", newline="")
            self._writer = csv.DictWriter(self._file, COLUMNS)
            self._writer.writeheader()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._file is not None:
            self._file.close()
            self._file = self._writer = None

    def add(self, reject: Reject) -> None:
        """Record one reject."""
        self.count += 1
        if len(self.kept) < self.keep:
            self.kept.append(reject)
        if self._writer is not None:
            row = {"source": reject.source, "line": reject.line, "field": reject.field}
            self._writer.writerow(row | {"reason": reject.reason})
