"""A log that defends its own answers: the leaf check on read, and the alarm it trips.

Every entry's leaf hash (RFC 9162: ``SHA-256(0x00 || canonical entry bytes)``) is stored
by the writer twice, in the transaction that inserts the entry: in the entry's own
``events`` row (column ``leaf``) and in the tree (``tree_leaves``), whose signed heads
cover it. A reader that answers a check or a file recomputes the leaf of each event it
folds from the fields it parsed and compares it with the row's, read in the same
statement (no join): an entry changed behind the writer's back (its body, its seq, its
time, its commitment, or the row's leaf) raises ``LogIntegrityError`` naming the entry,
never a wrong answer. About 2.5 µs of CPU an event, less than parsing its JSON
(``python -m bench.check_bench --integrity-only``).

The row's leaf is tied to the tree by the guards that re-hash entries
(``transparency.prefix``: the writer's tail check and the background auditor): each
recomputed leaf must equal both the tree's leaf and the row's. So a tamperer who changes
a body and its row's leaf together passes the read check but not the auditor, exactly
as one who changed a body and its tree leaf together did before the column existed.

``IntegrityAlarm`` is what a process remembers once any check failed (a read, the
writer's tail check, the background auditor): from then on it answers ``integrity`` for
every read of the log and refuses every write, until someone repairs the log and
restarts it (the auditor re-verifies at startup).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from hashlib import sha256

from creditreg.log.hashing import entry_bytes, spliced_entry_bytes

log = logging.getLogger("creditreg.integrity")


class LogIntegrityError(RuntimeError):
    """The stored log no longer matches its own hashes or signed heads.

    ``index`` is the first leaf found wrong (entry ``seq = index + 1``), or None when
    the fault is not one entry's (a signed head the tree no longer reaches).
    """

    def __init__(self, index: int | None, reason: str) -> None:
        where = "the log" if index is None else f"leaf {index} (seq {index + 1})"
        super().__init__(f"{where}: {reason}")
        self.index = index
        self.reason = reason

    @property
    def seq(self) -> int | None:
        return None if self.index is None else self.index + 1


def leaf_of(
    seq: int, recorded_at: str, commitment: str | None, fields: Mapping[str, object]
) -> bytes:
    """The leaf hash of the entry made of these stored values (``merkle.leaf_hash``)."""
    return sha256(b"\x00" + entry_bytes(seq, recorded_at, commitment, fields)).digest()


def check_leaf(
    seq: int,
    recorded_at: str,
    commitment: str | None,
    fields: Mapping[str, object],
    body: str,
    kept: bytes | None,
) -> None:
    """Raise ``LogIntegrityError`` unless the entry stored as ``body`` (parsed: ``fields``)
    hashes to ``kept``, the leaf hash stored in its ``events`` row.

    The entry's bytes are spliced from the stored body text (``spliced_entry_bytes``, as
    the writer made them) rather than encoded again from ``fields``: half the cost.
    That is as strict: the splice inserts the log's keys before the body's first
    ``,"record_id":`` and ``,"subject_id":``, which in canonical JSON occur only as those
    keys (a quote inside a string is escaped), so spliced bytes equal to the writer's
    can only come from the very body the writer stored, hence the very ``fields``.

    An entry without a leaf (a log older than the tree, not caught up yet) is left to the
    auditor, which refuses a tree shorter than its signed heads, and a row whose leaf
    was removed or differs from the tree's.
    """
    if kept is None:
        return
    try:
        entry = spliced_entry_bytes(seq, recorded_at, commitment, fields, body)
    except (TypeError, ValueError, UnicodeEncodeError):
        entry = b""  # not even encodable: it cannot be what the writer hashed
    if sha256(b"\x00" + entry).digest() != kept:
        raise LogIntegrityError(seq - 1, "its entry no longer hashes to its stored leaf hash")


class IntegrityAlarm:
    """The first integrity failure this process met, kept until restart; thread-safe."""

    __slots__ = ("_failure", "_lock")

    def __init__(self) -> None:
        self._failure: LogIntegrityError | None = None
        self._lock = threading.Lock()

    @property
    def failure(self) -> LogIntegrityError | None:
        return self._failure

    def trip(self, failure: LogIntegrityError, source: str) -> None:
        """Remember ``failure`` (the first one wins) and write it to the server log."""
        with self._lock:
            first = self._failure is None
            if first:
                self._failure = failure
        if first:
            log.error(
                "log integrity failure found by the %s: %s; refusing reads and writes",
                source,
                failure,
                extra={"leaf_index": failure.index, "integrity_source": source},
            )

    def raise_if_tripped(self) -> None:
        """Refuse to answer from (or write to) a log found tampered with."""
        failure = self._failure
        if failure is not None:
            raise LogIntegrityError(failure.index, failure.reason)
