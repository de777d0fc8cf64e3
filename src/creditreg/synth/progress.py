"""Progress bars for long synthetic runs, on stderr; nothing at all when turned off.

``Steps.add`` returns the function that advances its bar, so the code doing the work
calls the same thing whether a bar is shown or not.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

Advance = Callable[..., None]


def _nothing(count: int = 1) -> None:
    return None


class Steps:
    """A bar per step of the work while ``enabled``."""

    __slots__ = ("_bar",)

    def __init__(self, enabled: bool) -> None:
        self._bar: Progress | None = None
        if enabled:
            columns = (TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn())
            self._bar = Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True))

    def __enter__(self) -> Steps:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def add(self, description: str, total: int) -> Advance:
        """A new bar of ``total`` units; call the result with how many were done."""
        bar = self._bar
        if bar is None:
            return _nothing
        task = bar.add_task(description, total=total)

        def advance(count: int = 1) -> None:
            bar.advance(task, count)

        return advance
