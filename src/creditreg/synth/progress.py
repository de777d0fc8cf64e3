"""Progress bars for long synthetic runs, on stderr; nothing at all when turned off.

``Steps.add`` returns the function that advances its bar, so the code doing the work
calls the same thing whether a bar is shown or not.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn

from creditreg.ingest.progress import OptionalBars

Advance = Callable[..., None]


def _nothing(count: int = 1) -> None:
    return None


class Steps(OptionalBars):
    """A bar per step of the work while ``enabled``."""

    __slots__ = ()

    def __init__(self, enabled: bool) -> None:
        columns = (TextColumn("{task.description:<18}"), BarColumn(), MofNCompleteColumn())
        super().__init__(*columns, TimeElapsedColumn(), enabled=enabled)

    def add(self, description: str, total: int) -> Advance:
        """A new bar of ``total`` units; call the result with how many were done."""
        bar = self._bar
        if bar is None:
            return _nothing
        task = bar.add_task(description, total=total)

        def advance(count: int = 1) -> None:
            bar.advance(task, count)

        return advance
