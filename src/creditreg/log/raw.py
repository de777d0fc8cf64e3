"""Raw DBAPI reads for the hot path: one pooled connection per thread, kept checked out.

Every check reads one subject's events. Going through a SQLAlchemy ``Connection`` per
call costs more than the indexed query itself (pool checkout, reset on return, result
wrapping), so the reader keeps a raw driver connection per thread and lets the driver
cache the prepared statement. The connections are in autocommit mode: a read never
leaves a transaction open (which on PostgreSQL would hold back vacuum and DDL).
"""

from __future__ import annotations

import threading
from typing import Any, Protocol, cast

from sqlalchemy import Engine, PoolProxiedConnection


class _Cursor(Protocol):
    def fetchall(self) -> list[tuple[Any, ...]]: ...


class _Driver(Protocol):
    def execute(self, sql: str, params: tuple[Any, ...]) -> _Cursor: ...


class RawReads:
    """Per-thread raw connections to ``engine``; ``close`` returns them to the pool."""

    __slots__ = ("_engine", "_held", "_local", "_lock", "_postgres")

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._local = threading.local()
        self._held: list[PoolProxiedConnection] = []
        self._lock = threading.Lock()

    def sql(self, text: str) -> str:
        """``text`` written with ``?`` placeholders, in the driver's parameter style."""
        return text.replace("?", "%s") if self._postgres else text

    def fetch(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """All rows of ``sql`` (already in driver style).

        On any error the thread's connection is discarded, so a broken connection (a
        server restart) costs one failed read, not every read after it.
        """
        held: tuple[PoolProxiedConnection, _Driver] | None = getattr(self._local, "held", None)
        if held is None:
            held = self._open()
        try:
            return held[1].execute(sql, params).fetchall()
        except Exception:
            self._discard(held[0])
            raise

    def _open(self) -> tuple[PoolProxiedConnection, _Driver]:
        """Check a connection out for this thread and switch it to autocommit."""
        proxy = self._engine.raw_connection()
        if self._postgres:
            proxy.driver_connection.autocommit = True  # type: ignore[union-attr]
        with self._lock:
            self._held.append(proxy)
        self._local.held = (proxy, cast(_Driver, proxy.driver_connection))
        return self._local.held  # type: ignore[no-any-return]

    def _discard(self, proxy: PoolProxiedConnection) -> None:
        """Forget this thread's connection and close it for good."""
        self._local.held = None
        with self._lock:
            self._held.remove(proxy)
        proxy.invalidate()

    def close(self) -> None:
        """Return every connection this reader checked out to the pool."""
        with self._lock:
            held, self._held = self._held, []
        for proxy in held:
            if self._postgres:
                proxy.driver_connection.autocommit = False  # type: ignore[union-attr]
            proxy.close()
        self._local = threading.local()
