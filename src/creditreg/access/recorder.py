"""Writing the access log with group commit: every entry is durable before its answer.

A checkpoint's answer must not leave the server before the access log holds its entry
(otherwise a crash could lose the trace of a look at someone's file). One insert
transaction per request would cap checks at the database's commit rate, so requests
hand their entries to one writer thread and wait; the thread inserts everything that
queued up while the previous transaction committed, in one transaction, and wakes
the waiters. Under load a transaction carries dozens of entries; when idle, one.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Sequence

from sqlalchemy import Engine, insert

from creditreg.access.entries import AccessEntry
from creditreg.access.tables import access_log

_Waiter = tuple[Sequence[AccessEntry], asyncio.AbstractEventLoop, asyncio.Future[None]]
MAX_ROWS = 20_000
"""Rows per transaction at most; a batch check brings up to 10,000 at once."""


class AccessRecorder:
    """The single writer of the access log; ``await record(...)`` returns once committed."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._queue: queue.SimpleQueue[_Waiter | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    async def record(self, entries: Sequence[AccessEntry]) -> None:
        """Queue ``entries`` and wait until they are committed (raises if the insert failed)."""
        if not entries:
            return
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._start()
        self._queue.put((entries, loop, done))
        await done

    def record_now(self, entries: Sequence[AccessEntry]) -> None:
        """Insert ``entries`` in this thread (commands and tests, no event loop)."""
        _insert(self._engine, [entry.row() for entry in entries])

    def close(self) -> None:
        """Let the writer finish what is queued and stop."""
        thread = self._thread
        if thread is not None:
            self._queue.put(None)
            thread.join(timeout=10)
            self._thread = None

    def _start(self) -> None:
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                thread = threading.Thread(target=self._run, name="access-log", daemon=True)
                thread.start()
                self._thread = thread

    def _run(self) -> None:
        while (first := self._queue.get()) is not None:
            waiters, stop = _drain(self._queue, first)
            error: BaseException | None = None
            try:
                _insert(self._engine, [e.row() for w in waiters for e in w[0]])
            except Exception as exc:  # every waiter learns the insert failed
                error = exc
            for _entries, loop, done in waiters:
                loop.call_soon_threadsafe(_settle, done, error)
            if stop:
                return


def _drain(
    waiting: queue.SimpleQueue[_Waiter | None], first: _Waiter
) -> tuple[list[_Waiter], bool]:
    """``first`` and whatever else is queued now, up to ``MAX_ROWS`` rows; and stop or not."""
    batch, rows = [first], len(first[0])
    while rows < MAX_ROWS:
        try:
            item = waiting.get_nowait()
        except queue.Empty:
            return batch, False
        if item is None:
            return batch, True
        batch.append(item)
        rows += len(item[0])
    return batch, False


def _settle(done: asyncio.Future[None], error: BaseException | None) -> None:
    if done.cancelled():
        return
    if error is None:
        done.set_result(None)
    else:
        done.set_exception(error)


def _insert(engine: Engine, rows: list[dict[str, object]]) -> None:
    with engine.begin() as conn:
        conn.execute(insert(access_log), rows)
