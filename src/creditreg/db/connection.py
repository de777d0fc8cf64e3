"""Where the log lives: one SQLAlchemy engine, tuned per backend, and its migrations.

SQLite is the embedded default and PostgreSQL the production server; everything above
this module is written once for both. Two backend differences are settled here:

* SQLite: the ``sqlite3`` driver's own transaction handling is switched off so that we
  emit ``BEGIN`` ourselves. That makes DDL transactional and lets the single writer ask
  for ``BEGIN IMMEDIATE`` (execution option ``WRITE``), taking the database write lock
  *before* it reads the head of the chain. WAL lets readers run while the writer writes.
* PostgreSQL: plain ``postgresql://`` URLs are routed to the psycopg 3 driver.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url

DEFAULT_URL = "sqlite:///creditreg.db"
WRITE = "creditreg_write"
"""Execution option: on SQLite, begin the transaction with ``BEGIN IMMEDIATE``."""

_MIGRATIONS = Path(__file__).parent / "migrations"
_SQLITE_PRAGMAS = (
    # Takes effect only when the file is created (it must precede WAL mode); an existing
    # database keeps its page size. 16 KiB pages rather than 4 KiB: an ingest batch writes
    # a quarter as many WAL frames for the same rows, checkpoints copy fewer and larger
    # pages, and ~700-byte event rows pack better (1M events, batches of 50,000: database
    # side 14.4 s -> 12.0 s, file 698 -> 575 MiB; checks unchanged).
    "PRAGMA page_size=16384",
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA synchronous=NORMAL",
    "PRAGMA cache_size=-65536",  # 64 MiB: keeps the id indexes hot during bulk ingest
    # Reads through a memory map: a page another connection's commit invalidated (every
    # access-log write does) is re-read from the OS cache without a system call (API
    # checks under load: 900 -> 700 µs of CPU each).
    "PRAGMA mmap_size=1073741824",
    "PRAGMA journal_size_limit=67108864",
)
_WAL_CHECKPOINT_BYTES = 80 * 2**20
"""Checkpoint every ~80 MiB of WAL instead of every 1000 pages (4 MiB at 4 KiB pages).

Each ingest batch dirties thousands of index pages; a checkpoint (with its fsync) per
batch cost a third of ingest throughput. The WAL file is cut back to 64 MiB after each
checkpoint (``journal_size_limit``). Set in pages, from the database's own page size.
"""


def database_url() -> str:
    """The configured database: ``CREDITREG_DB`` or an SQLite file in the working directory."""
    return os.environ.get("CREDITREG_DB") or DEFAULT_URL


def connect(url: str | None = None) -> Engine:
    """An engine for ``url`` (default: ``database_url()``), set up for the log's needs."""
    parsed = make_url(url or database_url())
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, hide_parameters=True)
    # hide_parameters: a database error's message must not carry identifiers into logs.
    engine = create_engine(parsed, connect_args={"timeout": 60}, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Hand transaction control to SQLAlchemy and set the pragmas every connection needs."""
    dbapi_connection.isolation_level = None
    for pragma in _SQLITE_PRAGMAS:
        dbapi_connection.execute(pragma)
    (page_size,) = dbapi_connection.execute("PRAGMA page_size").fetchone()
    pages = _WAL_CHECKPOINT_BYTES // page_size
    dbapi_connection.execute(f"PRAGMA wal_autocheckpoint={pages}")


def _sqlite_on_begin(conn: Connection) -> None:
    """Emit our own BEGIN; IMMEDIATE for the writer so no one can slip in between."""
    immediate = conn.get_execution_options().get(WRITE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction holding the log's single write lock, whatever the backend.

    The lock is taken before anything is read, so two writers (threads or processes)
    can never both read the same head of the chain and fork it. Readers are not blocked.
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("LOCK TABLE events IN EXCLUSIVE MODE")
            yield conn


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe to call on every start.

    The Alembic configuration is built in code so that migrations run from an installed
    package, with no ``alembic.ini`` in the working directory. Alembic is imported here,
    not at module level: only ``init`` migrates, and it costs every command ~0.1 s to load.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS).replace("%", "%%"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
