"""Can the database take a write? A probe that writes and leaves nothing behind.

A database that answers reads can still refuse every write: a full disk, a full SQLite
file, a read-only file system or replica. The probe creates a table of its own, writes a
couple of pages into it and rolls the whole transaction back, so no table of the registry
is touched (a PostgreSQL sequence would keep an increment even after a rollback) and
nothing stays. PostgreSQL extends the new table's file on disk as the rows go in, so a
full disk fails the probe. An SQLite transaction that is rolled back may never reach the
disk, so on SQLite the free space of the file system holding the database is also looked
at (``RESERVE`` bytes at least). On SQLite a writer holding the lock means writes work: a
probe that finds the lock taken gives up at once and passes.
"""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

RESERVE = 16 * 2**20  # bytes: below this an ingest batch or its WAL would not fit
PROBE_BYTES = 32 * 1024  # two SQLite pages of 16 KiB, four PostgreSQL pages of 8 KiB


class CannotWrite(Exception):
    """The database refuses writes; the message says why, in one line."""


def probe_write(engine: Engine) -> None:
    """Raise ``CannotWrite`` unless ``engine``'s database can take a write now."""
    if engine.dialect.name == "sqlite":
        _sqlite(engine)
    else:
        _postgresql(engine)


def _postgresql(engine: Engine) -> None:
    table = f"healthz_probe_{uuid.uuid4().hex}"
    with engine.connect() as conn:
        try:
            conn.exec_driver_sql(f"CREATE TABLE {table} (b bytea)")
            # random bytes do not compress: the rows really take their pages
            conn.exec_driver_sql(
                f"INSERT INTO {table} SELECT decode(string_agg(md5(random()::text), ''), 'hex')"
                f" FROM generate_series(1, {PROBE_BYTES // 16})"
            )
        except OperationalError as exc:
            raise CannotWrite(_first_line(exc)) from None
        finally:
            conn.rollback()


def _sqlite(engine: Engine) -> None:
    database = engine.url.database
    if database and database != ":memory:":
        free = _free_bytes(Path(database).resolve().parent)
        if free is not None and free < RESERVE:
            raise CannotWrite(f"the disk holding the database has {free} bytes free")
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        (busy,) = raw.execute("PRAGMA busy_timeout").fetchone()
        raw.execute("PRAGMA busy_timeout=0")
        try:
            raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:  # another writer holds the lock: writes work
            raw.execute(f"PRAGMA busy_timeout={int(busy)}")
            return
        table = f"healthz_probe_{uuid.uuid4().hex}"
        try:
            raw.execute(f"CREATE TABLE {table} (b BLOB)")
            raw.execute(f"INSERT INTO {table} VALUES (randomblob(?))", (PROBE_BYTES,))
        except sqlite3.OperationalError as exc:
            raise CannotWrite(_first_line(exc)) from None
        finally:
            raw.execute("ROLLBACK")
            raw.execute(f"PRAGMA busy_timeout={int(busy)}")


def _free_bytes(directory: Path) -> int | None:
    try:
        stat = os.statvfs(directory)
    except OSError:
        return None
    return stat.f_bavail * stat.f_frsize


def _first_line(error: BaseException) -> str:
    driver = getattr(error, "orig", None) or error
    lines = str(driver).strip().splitlines()
    return f"{type(driver).__name__}: {lines[0] if lines else ''}".rstrip(": ")
