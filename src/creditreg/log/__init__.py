"""The record log: append-only, hash-chained events, with personal data kept beside it.

One writer appends (``LogWriter``), many readers read (``LogReader``), and anyone can
prove the log was not rewritten (``verify``). The same code runs on SQLite (embedded
default) and PostgreSQL (production).
"""

from creditreg.db.connection import connect, database_url, migrate
from creditreg.log.reader import LogReader
from creditreg.log.verify import VerifyResult, verify
from creditreg.log.writer import AppendResult, LogWriter

__all__ = [
    "AppendResult",
    "LogReader",
    "LogWriter",
    "VerifyResult",
    "connect",
    "database_url",
    "migrate",
    "verify",
]
