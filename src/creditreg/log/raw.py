"""Raw DBAPI reads for the hot path: the pool's connection, without a SQLAlchemy layer.

Every check reads one subject's events. A SQLAlchemy ``Connection`` and ``Result`` per
call cost more than the indexed query itself, so reads borrow the pooled DBAPI
connection directly and let the driver cache the prepared statement (about 6 µs per
call for the pool on SQLite). Connections go back to the pool after every read, so a
server with many threads never pins more connections than it is reading with.

Reads run in autocommit: on PostgreSQL that saves the BEGIN and ROLLBACK round trips
and never leaves a transaction open; on SQLite (where SQLAlchemy emits BEGIN itself)
a lone SELECT already runs in autocommit.
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from sqlalchemy import Engine

from creditreg.db.dialect import driver_sql, is_sqlite


class _Cursor(Protocol):
    def fetchall(self) -> list[tuple[Any, ...]]: ...


class _Driver(Protocol):
    def execute(self, sql: str, params: tuple[Any, ...]) -> _Cursor: ...


class RawReads:
    """Single-statement reads through ``engine``'s pool, safe from any thread."""

    __slots__ = ("_autocommit", "_engine")

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # sqlite3 autocommits a lone SELECT already; psycopg must be told to.
        self._autocommit = not is_sqlite(engine)

    @property
    def engine(self) -> Engine:
        return self._engine

    def sql(self, text: str) -> str:
        """``text`` written with ``?`` placeholders, in the driver's parameter style."""
        return driver_sql(text, self._engine)

    def fetch(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """All rows of ``sql`` (already in driver style).

        A connection that fails is discarded rather than returned, so a broken one (a
        server restart) costs one failed read, not every read after it.
        """
        proxy = self._engine.raw_connection()
        driver: Any = proxy.driver_connection
        try:
            if self._autocommit:
                driver.autocommit = True
            rows = cast(_Driver, driver).execute(sql, params).fetchall()
            if self._autocommit:
                driver.autocommit = False
        except Exception:
            proxy.invalidate()
            raise
        proxy.close()
        return rows
