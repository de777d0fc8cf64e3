"""Python's cycle collector during an ingest: young collections only, once per batch.

Ingest makes no reference cycles (reference counting frees every row, event and
reject; ``tests/ingest/test_collector.py`` holds this), but it keeps a batch of events
alive until its transaction. Every batch thereby promotes tens of thousands of objects
into the collector's oldest generation, which sets off a full collection every other
batch: a walk over every object in the process, the identifier cache included. At 1M
rows that cost about 6 s of a 36 s run (5 µs a row) and bought nothing.

So while ``collection_paused()`` is open, automatic collection is off and the ingest
calls ``collect_young()`` after each batch instead: cycles made meanwhile (by other
threads of a server, say) among recent objects are still found within one batch, while
the long-lived objects are left alone. Nested and concurrent ingests share one pause;
the collector is switched back on when the last one ends, if it was on before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collect_young", "collection_paused"]


class _Pause:
    """How many ingests hold the pause, and whether collection was on before the first."""

    __slots__ = ("depth", "lock", "restore")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.depth = 0
        self.restore = False


_PAUSE = _Pause()


@contextmanager
def collection_paused() -> Iterator[None]:
    """Automatic cycle collection off for the block (see the module docstring)."""
    with _PAUSE.lock:
        if _PAUSE.depth == 0:
            _PAUSE.restore = gc.isenabled()
            gc.disable()
        _PAUSE.depth += 1
    try:
        yield
    finally:
        with _PAUSE.lock:
            _PAUSE.depth -= 1
            if _PAUSE.depth == 0 and _PAUSE.restore:
                gc.enable()


def collect_young() -> None:
    """Collect cycles among the objects made since the last collection (cheap).

    As automatic collection would, only once enough objects were made since the last
    one: a run of one-row batches does not pay a collection per row.
    """
    if gc.get_count()[0] >= gc.get_threshold()[0]:
        gc.collect(1)
