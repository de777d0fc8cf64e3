"""Turning one append's events into the rows to insert, chaining their hashes.

This is the writer's inner loop (a million events per ingest run), so it builds plain
tuples for DBAPI ``executemany`` and touches each event once. A plain ``record.added``
(nearly every event of an ingest) has its canonical body and entry bytes spelled out
directly, in the key order ``canonical_text`` sorts them into, instead of building its
``hashed_fields()`` dict and encoding it twice; every other event takes the general
path. A property test holds both paths to the same bytes, and the pinned hash of
``tests/log/test_hashing.py`` holds the format itself.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from hashlib import sha256

from creditreg.events import Event, EventKind
from creditreg.log.hashing import (
    canonical_text,
    commit_personal,
    quote,
    spliced_entry_bytes,
)

EventRow = tuple[int, str, str, str, str, str, str, str | None, str, str, bytes]
PersonalRow = tuple[int, str, str]
KeyRow = tuple[str, str, str, int]

# Enum member look-ups are slow in a hot loop.
_OBJECTION_FILED = EventKind.OBJECTION_FILED
_RECORD_ADDED = EventKind.RECORD_ADDED
_RECORD_ADDED_KIND = EventKind.RECORD_ADDED.value

SPELLED_OUT_FIELDS = frozenset(
    {"kind", "subject_id", "record_id", "on", "seq", "personal"}
    | {"type", "authority", "decision_ref", "occurred_on", "amount"}
    | {"objection_id", "outcome", "years", "application_id"}
)
"""The ``Event`` fields that ``_record_added_texts`` accounts for: written out, or sent to
the general path when set. A test fails when ``Event`` gains a field not listed here, so
a new hashed field can never be left out of the log by the fast path."""

_SALT = 16
_SALTS_AT_ONCE = 4096
"""Salts are cut from one ``os.urandom`` call per this many events, not one call each."""

EVENT_COLUMNS = (
    "seq, kind, subject_id, record_id, on_date, recorded_at, body, personal_commitment, "
    "prev_hash, hash, leaf"
)


@dataclass(slots=True)
class Batch:
    """The rows of one append; ``head`` is the hash of the last entry added so far."""

    head: str
    events: list[EventRow] = field(default_factory=list)
    personal: list[PersonalRow] = field(default_factory=list)
    objections: list[KeyRow] = field(default_factory=list)
    leaves: list[bytes] = field(default_factory=list)  # RFC 9162 leaf hashes, in seq order
    _head_bytes: bytes = field(default=b"", init=False, repr=False)
    _salts: bytes = field(default=b"", init=False, repr=False)
    _salt_at: int = field(default=0, init=False, repr=False)
    _stamp: str = field(default="", init=False, repr=False)
    _quoted_stamp: str = field(default="", init=False, repr=False)

    def __post_init__(self) -> None:
        self._head_bytes = bytes.fromhex(self.head)

    def add(self, seq: int, event: Event, recorded_at: str) -> None:
        """Append ``event`` as entry ``seq``, chained to the current head."""
        commitment = self._commit(seq, event.personal)
        texts = None
        if event.kind is _RECORD_ADDED:
            texts = _record_added_texts(event, seq, self._quote_stamp(recorded_at), commitment)
        if texts is None:
            fields = event.hashed_fields()
            body = canonical_text(fields)
            entry = spliced_entry_bytes(seq, recorded_at, commitment, fields, body)
            kind, on = str(fields["kind"]), str(fields["on"])
        else:
            body, entry, on = texts
            kind = _RECORD_ADDED_KIND
        # chain_hash(self.head, entry), without converting the head from hex every time.
        raw = sha256(self._head_bytes + entry).digest()
        leaf = sha256(b"\x00" + entry).digest()  # merkle.leaf_hash, inlined
        self.leaves.append(leaf)
        digest = raw.hex()
        row = (seq, kind, event.subject_id, event.record_id, on, recorded_at, body, commitment)
        self.events.append((*row, self.head, digest, leaf))
        self.head, self._head_bytes = digest, raw
        if event.kind is _OBJECTION_FILED:
            self.objections.append((event.objection_id, event.record_id, event.subject_id, seq))

    def _commit(self, seq: int, personal: Mapping[str, str]) -> str | None:
        """Store personal data beside the entry and return the entry's commitment to it."""
        if not personal:
            return None
        salt = self._salt()
        text = canonical_text(personal)
        self.personal.append((seq, salt.hex(), text))
        return commit_personal(salt, text)

    def _salt(self) -> bytes:
        """Sixteen fresh random bytes (``new_salt()``), from a pool refilled in bulk."""
        at = self._salt_at
        if at == len(self._salts):
            self._salts, at = os.urandom(_SALT * _SALTS_AT_ONCE), 0
        self._salt_at = at + _SALT
        return self._salts[at : at + _SALT]

    def _quote_stamp(self, recorded_at: str) -> str:
        if recorded_at != self._stamp:
            self._stamp, self._quoted_stamp = recorded_at, quote(recorded_at)
        return self._quoted_stamp


def build_batch(events: Iterable[Event], first_seq: int, head: str, recorded_at: str) -> Batch:
    """The rows for ``events`` numbered from ``first_seq``, chained after ``head``."""
    batch = Batch(head)
    for seq, event in enumerate(events, first_seq):
        batch.add(seq, event, recorded_at)
    return batch


def _record_added_texts(
    event: Event, seq: int, quoted_stamp: str, commitment: str | None
) -> tuple[str, bytes, str] | None:
    """``(body, entry bytes, on)`` of a plain ``record.added``; None for the general path.

    The same values as ``canonical_text(event.hashed_fields())`` and ``entry_bytes``:
    keys in sorted order, strings quoted by the encoder's own function. An event with
    fields a record does not carry, or a value that is not text, takes the general path.
    """
    if event.objection_id or event.outcome is not None or event.years or event.application_id:
        return None
    on = event.on.isoformat()
    amount, occurred = event.amount, event.occurred_on
    try:
        head = (
            f'{{"amount":{"null" if amount is None else quote(str(amount))},'
            f'"authority":{quote(event.authority)},'
            f'"decision_ref":{quote(event.decision_ref)},'
            f'"kind":"record.added",'
            f'"occurred_on":{quote(occurred.isoformat()) if occurred else "null"},'
            f'"on":{quote(on)}'
        )
        record = f',"record_id":{quote(event.record_id)}'
        tail = f',"subject_id":{quote(event.subject_id)},"type":{quote(event.type)}}}'
    except TypeError:
        return None
    log_commitment = "null" if commitment is None else f'"{commitment}"'
    entry = (
        f'{head},"personal_commitment":{log_commitment}{record},'
        f'"recorded_at":{quoted_stamp},"seq":{seq:d}{tail}'
    )
    return head + record + tail, entry.encode(), on
