"""Turning one append's events into the rows to insert, chaining their hashes.

This is the writer's inner loop (a million events per ingest run), so it builds plain
tuples for DBAPI ``executemany`` and touches each event once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from creditreg.events import Event, EventKind
from creditreg.log.hashing import (
    canonical_text,
    chain_hash,
    commit_personal,
    new_salt,
    spliced_entry_bytes,
)

EventRow = tuple[int, str, str, str, str, str, str, str | None, str, str]
PersonalRow = tuple[int, str, str]
KeyRow = tuple[str, str, str, int]

_OBJECTION_FILED = EventKind.OBJECTION_FILED  # enum member look-ups are slow in a hot loop

EVENT_COLUMNS = (
    "seq, kind, subject_id, record_id, on_date, recorded_at, body, personal_commitment, "
    "prev_hash, hash"
)


@dataclass(slots=True)
class Batch:
    """The rows of one append; ``head`` is the hash of the last entry added so far."""

    head: str
    events: list[EventRow] = field(default_factory=list)
    personal: list[PersonalRow] = field(default_factory=list)
    objections: list[KeyRow] = field(default_factory=list)

    def add(self, seq: int, event: Event, recorded_at: str) -> None:
        """Append ``event`` as entry ``seq``, chained to the current head."""
        fields = event.hashed_fields()
        commitment = self._commit(seq, event.personal)
        body = canonical_text(fields)
        entry = spliced_entry_bytes(seq, recorded_at, commitment, fields, body)
        digest = chain_hash(self.head, entry)
        kind, on = str(fields["kind"]), str(fields["on"])
        row = (seq, kind, event.subject_id, event.record_id, on, recorded_at, body, commitment)
        self.events.append((*row, self.head, digest))
        self.head = digest
        if event.kind is _OBJECTION_FILED:
            self.objections.append((event.objection_id, event.record_id, event.subject_id, seq))

    def _commit(self, seq: int, personal: Mapping[str, str]) -> str | None:
        """Store personal data beside the entry and return the entry's commitment to it."""
        if not personal:
            return None
        salt = new_salt()
        text = canonical_text(personal)
        self.personal.append((seq, salt.hex(), text))
        return commit_personal(salt, text)


def build_batch(events: Iterable[Event], first_seq: int, head: str, recorded_at: str) -> Batch:
    """The rows for ``events`` numbered from ``first_seq``, chained after ``head``."""
    batch = Batch(head)
    for seq, event in enumerate(events, first_seq):
        batch.add(seq, event, recorded_at)
    return batch
