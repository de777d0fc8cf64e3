"""The one place above the driver that tells SQLite from PostgreSQL.

Raw SQL in creditreg (the hot paths: ``exec_driver_sql`` with ``executemany``) is written
once with ``?`` placeholders; ``driver_sql`` puts it in the driver's parameter style
(sqlite3 ``qmark``, psycopg ``format``). Looking up many keys takes ``IN (...)`` lists in
chunks on SQLite and one array parameter on PostgreSQL (``key_lookups``). Nothing above
``db/`` names a dialect or chooses a placeholder.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, Engine, Index, text

Bind = Connection | Engine

IN_LIST = "IN ({marks})"
"""What a key-lookup query says where ``key_lookups`` puts its keys."""


def is_sqlite(bind: Bind) -> bool:
    """True for the embedded SQLite database, False for the PostgreSQL server."""
    return bind.dialect.name == "sqlite"


def sqlite_database(engine: Engine) -> str | None:
    """The SQLite database (a file path, ``:memory:`` or empty), or None on a server."""
    return engine.url.database if is_sqlite(engine) else None


def placeholder(bind: Bind) -> str:
    """The driver's positional parameter marker: ``?`` (sqlite3) or ``%s`` (psycopg)."""
    return "?" if bind.dialect.paramstyle == "qmark" else "%s"


def driver_sql(sql: str, bind: Bind) -> str:
    """``sql`` written with ``?`` placeholders, in ``bind``'s driver parameter style."""
    mark = placeholder(bind)
    return sql if mark == "?" else sql.replace("?", mark)


def key_lookups(
    bind: Bind, query: str, keys: Sequence[Any], chunk: int
) -> Iterator[tuple[str, tuple[Any, ...]]]:
    """The statements (driver style) and parameters that run ``query`` for ``keys``.

    ``query`` says ``IN ({marks})``. SQLite gets lists of at most ``chunk`` parameters
    (its default limit is 999). PostgreSQL gets one array parameter (``= ANY(%s)``):
    psycopg prepares a statement it runs often, and the generic plan of a 900-parameter
    ``IN`` list took seconds a chunk on a 250,000-event log (ingest fell to 400 records/s).
    """
    if not is_sqlite(bind):
        if keys:
            yield query.replace(IN_LIST, "= ANY(%s)"), (list(keys),)
        return
    for start in range(0, len(keys), chunk):
        part = tuple(keys[start : start + chunk])
        yield query.format(marks=", ".join("?" * len(part))), part


def partial_index(name: str, *columns: Any, where: str, unique: bool = False) -> Index:
    """An index over the rows ``where`` holds, on both backends (each names it its way)."""
    condition = text(where)
    return Index(name, *columns, unique=unique, sqlite_where=condition, postgresql_where=condition)
