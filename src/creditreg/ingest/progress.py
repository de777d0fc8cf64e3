"""A progress bar for ingest on a terminal: bytes of each file read, on stderr.

The bar is advanced every few thousand rows, not per row, so it costs nothing
measurable; when progress is off the rows are not wrapped at all.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)

from creditreg.ingest.meter import Meter
from creditreg.ingest.readers import read_rows
from creditreg.ingest.rows import RawRow, Reject

EVERY = 4096
"""Rows between two updates of the bar."""


class OptionalBars:
    """Rich progress bars on stderr that are shown only when asked for (a context manager)."""

    __slots__ = ("_bar",)

    def __init__(self, *columns: ProgressColumn, enabled: bool) -> None:
        self._bar = Progress(*columns, console=Console(stderr=True)) if enabled else None

    def __enter__(self) -> Self:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()


class FileProgress(OptionalBars):
    """Reads files through ``rows``; shows a bar per file while ``enabled``."""

    __slots__ = ()

    def __init__(self, enabled: bool) -> None:
        columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
        more = (TransferSpeedColumn(), TimeRemainingColumn())
        super().__init__(*columns, *more, enabled=enabled)

    def rows(self, path: Path | str) -> Iterator[RawRow | Reject]:
        """The rows of ``path`` (see ``read_rows``), advancing this file's bar as they go."""
        if self._bar is None:
            return read_rows(path)
        return self._tracked(self._bar, path)

    def _tracked(self, bar: Progress, path: Path | str) -> Iterator[RawRow | Reject]:
        meter = Meter(_size(path))
        task = bar.add_task(Path(path).name, total=meter.size or None)
        for count, item in enumerate(read_rows(path, meter)):
            if count % EVERY == 0:
                bar.update(task, completed=meter.done)
            yield item
        bar.update(task, completed=meter.size)


def _size(path: Path | str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
