"""Telling a re-submitted record from a different record that reuses its id.

The writer skips any record whose id is already stored and reports it as a duplicate.
That is right when the content is the same (the file was sent twice), and wrong when it
differs: then the id names another decision, and storing nothing without a word would
silently drop it. Those are turned into rejects here, naming the fields that differ
(never the stored values, which may belong to someone else).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Protocol

from creditreg.events import Event


class RecordLookup(Protocol):
    """What conflict checks read: a stored ``record.added`` by id (``LogReader`` has it)."""

    def record(self, record_id: str) -> Event | None: ...


def skipped_positions(events: Sequence[Event], duplicate_ids: Sequence[str]) -> list[int]:
    """Indexes of the events the writer skipped as duplicates, in batch order.

    The writer keeps the first event of an id not stored yet and skips the rest, so the
    skipped events of an id are always its last ``n`` occurrences in the batch.
    """
    if not duplicate_ids:
        return []
    pending = Counter(duplicate_ids)
    positions = []
    for index in range(len(events) - 1, -1, -1):
        record_id = events[index].record_id
        if pending[record_id]:
            pending[record_id] -= 1
            positions.append(index)
    positions.reverse()
    return positions


def differences(new: Event, stored: Event) -> list[str]:
    """The input fields in which ``new`` differs from the ``stored`` record of its id."""
    pairs = (
        ("type", new.type, stored.type),
        ("subject_id", new.subject_id, stored.subject_id),
        ("authority", new.authority, stored.authority),
        ("decision_ref", new.decision_ref, stored.decision_ref),
        ("decided_at", new.on, stored.on),
        ("amount", new.amount, stored.amount),
        ("occurred_at", new.occurred_on, stored.occurred_on),  # hashed too: not a duplicate
    )
    return [name for name, mine, theirs in pairs if mine != theirs]


def _reason(event: Event, original: Event | None, fields: list[str]) -> str:
    """One sentence whoever holds the id; which fields differ only to the authority that
    issued the stored record: to anyone else the list would tell, field by field, what
    another authority recorded, and even "another authority's" would name the holder."""
    reason = f"record_id {event.record_id} is already used; give this record its own record_id"
    if original is not None and original.authority == event.authority:
        return f"{reason} (your record of that id differs in {', '.join(fields)})"
    return reason


def conflicts(
    events: Sequence[Event], duplicate_ids: Sequence[str], lookup: RecordLookup
) -> list[tuple[int, str]]:
    """``(index, reason)`` for each skipped event whose id names a different stored record."""
    stored: dict[str, Event | None] = {}
    found = []
    for index in skipped_positions(events, duplicate_ids):
        event = events[index]
        if event.record_id not in stored:
            stored[event.record_id] = lookup.record(event.record_id)
        original = stored[event.record_id]
        fields = differences(event, original) if original is not None else []
        if fields:
            found.append((index, _reason(event, original, fields)))
    return found
