"""A log that defends its own answers: the leaf check on read, and the alarm it trips.

Every entry's leaf hash (RFC 9162: ``SHA-256(0x00 || canonical entry bytes)``) is stored
by the writer twice, in the transaction that inserts the entry: in the entry's own
``events`` row (column ``leaf``) and in the tree (``tree_leaves``), whose signed heads
cover it. A reader that answers a check or a file recomputes the leaf of each event it
folds from the stored text, before parsing it, and compares it with the row's, read in
the same statement (no join): an entry changed behind the writer's back (its body, its seq, its
time, its commitment, or the row's leaf) raises ``LogIntegrityError`` naming the entry,
never a wrong answer. About 1.5 µs of CPU an event on a quiet machine (2 µs before it
ran on the text), less than parsing its JSON (``python -m bench.check_bench
--integrity-only``).

The row's leaf is tied to the tree by the guards that re-hash entries
(``transparency.prefix``: the writer's tail check and the background auditor): each
recomputed leaf must equal both the tree's leaf and the row's. So a tamperer who changes
a body and its row's leaf together passes the read check but not the auditor, exactly
as one who changed a body and its tree leaf together did before the column existed.

``IntegrityAlarm`` is what a process remembers once any check failed (a read, the
writer's tail check, the background auditor): from then on it answers ``integrity`` for
every read of the log and refuses every write, until someone repairs the log and
restarts it (the auditor re-verifies at startup). The workers of one ``serve`` share it
through a file, so a failure one of them meets stops them all.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping
from hashlib import sha256
from pathlib import Path

from creditreg.log.hashing import canonical_text, entry_bytes, quote

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


def verified_fields(
    seq: int, recorded_at: str, commitment: str | None, body: str, kept: bytes | None
) -> dict[str, object]:
    """The fields of the entry stored as ``body``, once it is found to hash to ``kept``
    (the leaf hash stored in its ``events`` row); ``LogIntegrityError`` if it does not.

    Checked before the body is parsed, on the stored text itself (``_spliced_leaf``): one
    splice, one encode and one SHA-256 an event, and the body is parsed once, after. Only
    an entry the splice does not fit (a key between the log's, such as ``reason``; none
    the writer stores today) or a tampered one takes the general path: parse, encode the
    entry again, and require the body to be the canonical text of what it parses to, so
    that path is as strict as the splice (no other text of the same fields passes).

    An entry without a leaf (a log older than the tree, not caught up yet) is left to the
    auditor, which refuses a tree shorter than its signed heads, and a row whose leaf
    was removed or differs from the tree's.
    """
    if kept is not None and _spliced_leaf(seq, recorded_at, commitment, body) == kept:
        return json.loads(body)  # type: ignore[no-any-return]  # the writer's own text
    try:
        fields = json.loads(body)
    except ValueError:
        raise LogIntegrityError(seq - 1, "its stored body is not valid JSON") from None
    if not isinstance(fields, dict):
        raise LogIntegrityError(seq - 1, "its stored body is not a JSON object")
    if kept is not None and not _general_match(seq, recorded_at, commitment, fields, body, kept):
        raise LogIntegrityError(seq - 1, "its entry no longer hashes to its stored leaf hash")
    return fields


_RECORD_KEY = ',"record_id":'
_SUBJECT_KEY = ',"subject_id":'


def _spliced_leaf(seq: int, recorded_at: str, commitment: str | None, body: str) -> bytes:
    """``leaf_of`` the entry whose event body is ``body``, spliced from its text as the
    writer does (``hashing.spliced_entry_bytes``) without parsing it first.

    As strict as hashing the writer's bytes: the log's keys go in before the body's first
    ``,"record_id":`` and ``,"subject_id":``, which in the canonical JSON of a flat
    object occur only as those keys (a quote inside a string is escaped), so spliced
    bytes equal to the writer's can only come from the very body the writer stored.
    A body missing either key yields bytes ending in ``"subject_id":``, never an entry.
    """
    head, _, rest = body.partition(_RECORD_KEY)
    record, _, tail = rest.partition(_SUBJECT_KEY)
    kept = "null" if commitment is None else f'"{commitment}"'
    spliced = (
        f'\x00{head},"personal_commitment":{kept}{_RECORD_KEY}{record},"recorded_at":'
        f'{quote(recorded_at)},"seq":{seq:d}{_SUBJECT_KEY}{tail}'
    )
    try:
        return sha256(spliced.encode()).digest()
    except UnicodeEncodeError:  # a lone surrogate: not what the writer hashed
        return b""


def _general_match(
    seq: int,
    recorded_at: str,
    commitment: str | None,
    fields: Mapping[str, object],
    body: str,
    kept: bytes,
) -> bool:
    """Whether ``body`` is the canonical text of ``fields`` and their entry has leaf
    ``kept``: the slow path, for entries the splice does not fit."""
    try:
        return (
            canonical_text(fields) == body and leaf_of(seq, recorded_at, commitment, fields) == kept
        )
    except (TypeError, ValueError, UnicodeEncodeError):
        return False  # not even encodable: it cannot be what the writer hashed


class IntegrityAlarm:
    """The first integrity failure this process met, kept until restart; thread-safe.

    With a ``shared`` file (``serve`` gives its workers one per run), a failure any
    worker meets is written there, and every worker adopts it the next time it asks
    (``failure``: one ``os.access`` per ask while nothing tripped, about a microsecond),
    so one worker's finding makes all of them refuse. Once adopted or tripped, the file
    is not read again.
    """

    __slots__ = ("_failure", "_lock", "_shared")

    def __init__(self, shared: Path | None = None) -> None:
        self._failure: LogIntegrityError | None = None
        self._lock = threading.Lock()
        self._shared = shared

    def share(self, path: Path) -> None:
        """Share this alarm through ``path`` with the other processes given the same."""
        self._shared = path
        failure = self._failure
        if failure is not None:
            _write_alarm(path, failure, "an earlier check")

    @property
    def failure(self) -> LogIntegrityError | None:
        failure = self._failure
        if failure is None and self._shared is not None and os.access(self._shared, os.F_OK):
            failure = self._adopt(self._shared)
        return failure

    def trip(self, failure: LogIntegrityError, source: str) -> None:
        """Remember ``failure`` (the first one wins), write it to the server log and to
        the shared file, if any."""
        if not self._keep(failure):
            return
        log.error(
            "log integrity failure found by the %s: %s; refusing reads and writes",
            source,
            failure,
            extra={"leaf_index": failure.index, "integrity_source": source},
        )
        if self._shared is not None:
            _write_alarm(self._shared, failure, source)

    def raise_if_tripped(self) -> None:
        """Refuse to answer from (or write to) a log found tampered with."""
        failure = self.failure
        if failure is not None:
            raise LogIntegrityError(failure.index, failure.reason)

    def _keep(self, failure: LogIntegrityError) -> bool:
        """Whether ``failure`` is the first this process keeps."""
        with self._lock:
            first = self._failure is None
            if first:
                self._failure = failure
        return first

    def _adopt(self, path: Path) -> LogIntegrityError | None:
        """Keep the failure another process wrote to ``path``, and say so once."""
        found, source, pid = _read_alarm(path)
        if self._keep(found):
            log.error(
                "log integrity failure found by the %s of process %s: %s; refusing reads "
                "and writes",
                source,
                pid,
                found,
                extra={"leaf_index": found.index, "integrity_source": "shared"},
            )
        return self._failure


def _write_alarm(path: Path, failure: LogIntegrityError, source: str) -> None:
    """Write the alarm whole or not at all (a reader never sees half a file)."""
    body = {"index": failure.index, "reason": failure.reason, "source": source}
    body["pid"] = os.getpid()
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        partial.write_text(json.dumps(body))
        os.replace(partial, path)
    except OSError as error:  # this process refuses anyway; the others' auditors will see
        log.error("could not share the integrity alarm through %s: %s", path, error)


def _read_alarm(path: Path) -> tuple[LogIntegrityError, str, object]:
    """The failure in an alarm file; one that cannot be read still counts as a failure."""
    try:
        body = json.loads(path.read_text())
        index = body["index"]
        failure = LogIntegrityError(None if index is None else int(index), str(body["reason"]))
        return failure, str(body["source"]), body.get("pid")
    except (OSError, ValueError, KeyError, TypeError):
        reason = f"another process raised the integrity alarm ({path} is unreadable)"
        return LogIntegrityError(None, reason), "unknown", None
