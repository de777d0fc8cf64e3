"""What if the subject took an action: the file as it would be, and the dates that change.

Pure, like the fold it calls: the hypothetical event is appended to the subject's events
in memory and both histories are folded under the same law on the same day. Nothing is
written. Because the answer *is* the fold, it equals what the registry answers once the
event has really happened (``tests/engine/test_whatif.py`` holds the two equal).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from creditreg.engine.law import Law, fold_in_time
from creditreg.engine.state import SubjectState
from creditreg.events import Event
from creditreg.workdays import add_working_days


@dataclass(frozen=True, slots=True)
class Change:
    """One date that moves: a measure or list entry ending sooner (or later), or a
    listing that must be deleted by a deadline after performance."""

    what: str  # "measure" | "list" | "delete_listing"
    name: str  # the service or the list
    code: str
    record_id: str | None
    until_before: date | None  # first day without it, as things stand (None: open-ended)
    until_after: date | None  # first day without it after the action; delete_listing: the
    # last day to delete the published entry


@dataclass(frozen=True, slots=True)
class WhatIf:
    event: Event  # the hypothetical event (never written)
    before: SubjectState
    after: SubjectState
    changes: tuple[Change, ...]


def what_if(subject_id: str, events: Sequence[Event], law: Law, event: Event) -> WhatIf:
    """The file on ``event.on`` without and with ``event``, and what changes between them."""
    before = fold_in_time(subject_id, events, law, event.on)
    after = fold_in_time(subject_id, [*events, event], law, event.on)
    return WhatIf(event, before, after, tuple(_changes(before, after, event.on)))


def _changes(before: SubjectState, after: SubjectState, on: date) -> list[Change]:
    found: list[Change] = []
    now = {(m.service, m.effect, m.code, m.record_id): m.until for m in after.measures}
    for m in before.measures:
        key = (m.service, m.effect, m.code, m.record_id)
        until = now.get(key, on)  # gone from the file that day: it ends on the day itself
        if until != m.until:
            found.append(Change("measure", m.service, m.code, m.record_id, m.until, until))
    listed = {(e.list, e.code, e.record_id): e.until for e in after.lists}
    for entry in before.lists:
        until = listed.get((entry.list, entry.code, entry.record_id), on)
        if until == entry.until:
            continue
        found.append(Change("list", entry.list, entry.code, entry.record_id, entry.until, until))
        if entry.deletion_working_days and until == on:
            # SPC-2017-7 第10条: deleted from the published list within n working days.
            last = add_working_days(on, entry.deletion_working_days)
            delete = Change("delete_listing", entry.list, entry.code, entry.record_id, None, last)
            found.append(delete)
    return found
