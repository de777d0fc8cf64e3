"""A database that cannot be reached: one answer and one log line, whatever the path.

The failure surfaces as SQLAlchemy's wrapper (``sqlalchemy.exc.OperationalError``) on
most paths, but as the driver's own exception on the raw read path (``log.raw``):
``psycopg.errors.AdminShutdown`` when PostgreSQL restarts, ``sqlite3.OperationalError``
for a locked, unreadable or full database file. All are the same outage for a client:
a ``503 unavailable`` problem with ``Retry-After``. The log line names the driver's
error in one line, never the statement or its parameters (they hold identifiers), and
no traceback: an outage is an operational event, not a bug.
"""

from __future__ import annotations

import logging
import sqlite3

import psycopg
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sa

from creditreg.web.problems import problem_response

log = logging.getLogger("creditreg.web.api")

DATABASE_DOWN: tuple[type[Exception], ...] = (
    sa.OperationalError,
    sa.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
    sqlite3.OperationalError,
)
RETRY_AFTER = "5"  # seconds: a PostgreSQL restart or failover takes about this long


def reason(error: BaseException) -> str:
    """The driver's error in one line: its class and the first line of its message."""
    driver = getattr(error, "orig", None) or error
    lines = str(driver).strip().splitlines()
    return f"{type(driver).__name__}: {lines[0] if lines else ''}".rstrip(": ")


def unavailable_response(error: BaseException, instance: str) -> JSONResponse:
    log.error("database unavailable: %s", reason(error))
    detail = "the database cannot be reached; retry later"
    return problem_response("unavailable", detail, instance, {"Retry-After": RETRY_AFTER})
