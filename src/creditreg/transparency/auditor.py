"""The background auditor of ``creditreg serve``: the tree re-verified against signed heads.

Each round (at startup, then every ``CREDITREG_AUDIT_SECONDS``, default 30):

* the newest entries: the ``VerifiedPrefix`` of the last round grows to the log's end,
  re-hashing only what was appended since (the first round is a full pass);
* the stored tree must still start with that prefix (its root at the prefix's size),
  reach the largest signed head, and the log must hold exactly its entries 1..n
  (``count(*) = max(seq)``: a deleted or an inserted row, wherever it is);
* a rolling sweep re-hashes at most ``CREDITREG_AUDIT_SWEEP`` older leaves (default
  100,000) from where the last round left off, against every signed head on the way,
  starting over at the end: an entry changed together with its stored leaf is found
  within ``n / sweep`` rounds, whatever reads it meanwhile.

The first failure trips the process's ``IntegrityAlarm`` (the server log names the
leaf) and the auditor stops: there is nothing more to learn until someone repairs the
log and restarts the server. A database outage only postpones the round.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from creditreg.db.dialect import is_sqlite, placeholder
from creditreg.log.integrity import IntegrityAlarm, LogIntegrityError
from creditreg.transparency.prefix import VerifiedPrefix, heads_after
from creditreg.transparency.store import TreeError, TreeReader

INTERVAL_SECONDS = 30.0
WATCH_SECONDS = 1.0
SWEEP = 100_000

log = logging.getLogger("creditreg.integrity")


class TreeAuditor:
    """Rounds of re-verification over one database; not thread-safe (one thread runs it)."""

    __slots__ = ("_engine", "_newest", "_sweep", "alarm", "rounds", "sweep_size")

    def __init__(self, engine: Engine, alarm: IntegrityAlarm, sweep_size: int = SWEEP) -> None:
        self._engine = engine
        self.alarm = alarm
        self.sweep_size = sweep_size
        self._newest = VerifiedPrefix()
        self._sweep = VerifiedPrefix()
        self.rounds = 0

    def round(self) -> bool:
        """One round; False once the log was found tampered with (now or before)."""
        if self.alarm.failure is not None:
            return False
        try:
            with _snapshot(self._engine) as conn:
                self._newest_entries(conn)
                if self.rounds:  # the first round's pass was a whole sweep already
                    self._sweep_older(conn)
        except LogIntegrityError as failure:
            self.alarm.trip(failure, "auditor")
            return False
        self.rounds += 1
        return True

    def _newest_entries(self, conn: Connection) -> None:
        reader = TreeReader(conn)
        size = reader.size()
        count, last = conn.exec_driver_sql("SELECT count(*), max(seq) FROM events").one()
        count, last = int(count), int(last or 0)
        if count != last:
            reason = f"its entry is missing (the log holds {count} entries numbered to {last})"
            raise LogIntegrityError(_first_hole(conn, last) - 1, reason)
        newest = self._newest
        if newest.size > size or (newest.size and _root(reader, newest.size) != newest.root()):
            raise LogIntegrityError(newest.good, "the stored tree no longer starts as audited")
        newest.advance_with_heads(conn, min(size, last))
        beyond = heads_after(conn, newest.size, limit=1)
        if beyond:
            reason = f"signed head {beyond[0].size} covers entries the log or its tree lacks"
            raise LogIntegrityError(newest.size, reason)

    def _sweep_older(self, conn: Connection) -> None:
        """Re-hash up to ``sweep_size`` leaves after the sweep's position, then go on."""
        if self._sweep.size >= self._newest.size:
            self._sweep = VerifiedPrefix()  # a pass is done: start the next one
        until = min(self._newest.size, self._sweep.size + self.sweep_size)
        self._sweep.advance_with_heads(conn, until)


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """One consistent state of the log, tree and heads for a whole round: on SQLite the
    connection's read transaction, on PostgreSQL a repeatable-read one (a head signed
    after the tree's size was read must not look like a head beyond the tree)."""
    with engine.connect() as conn:
        if not is_sqlite(conn):
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            yield conn


_HOLE = (
    "SELECT e.seq + 1 FROM events e LEFT JOIN events n ON n.seq = e.seq + 1 "
    "WHERE n.seq IS NULL AND e.seq < {mark} ORDER BY e.seq LIMIT 1"
)


def _first_hole(conn: Connection, last: int) -> int:
    """The first seq below ``last`` the log lacks (a full scan: only once a hole is known)."""
    first = int(conn.exec_driver_sql("SELECT min(seq) FROM events").scalar_one())
    if first > 1:
        return 1
    found = conn.exec_driver_sql(_HOLE.format(mark=placeholder(conn)), (last,)).scalar()
    return int(found) if found is not None else last


def _root(reader: TreeReader, size: int) -> bytes | None:
    try:
        return reader.root(size)
    except TreeError:
        return None


class AuditThread(threading.Thread):
    """Runs ``auditor.round()`` now and every ``interval`` seconds until stopped.

    Between rounds it looks at the alarm every ``WATCH_SECONDS``: an alarm another
    worker shared (``IntegrityAlarm.failure`` adopts it) is taken up and logged by this
    worker within that time even when no request reaches it, and ends the thread.
    """

    def __init__(self, auditor: TreeAuditor, interval: float = INTERVAL_SECONDS) -> None:
        super().__init__(name="creditreg-auditor", daemon=True)
        self.auditor, self.interval = auditor, interval
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            try:
                if not self.auditor.round():
                    return
            except Exception as error:  # an outage: the next round tries again
                log.warning("audit round postponed: %s", type(error).__name__)
            if not self._wait():
                return

    def _wait(self) -> bool:
        """Sleep until the next round; False when stopped or the alarm tripped meanwhile."""
        deadline = time.monotonic() + self.interval
        while (left := deadline - time.monotonic()) > 0:
            if self._halt.wait(min(left, WATCH_SECONDS)):
                return False
            if self.auditor.alarm.failure is not None:
                return False
        return True

    def stop(self) -> None:
        self._halt.set()
