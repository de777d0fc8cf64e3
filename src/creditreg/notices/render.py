"""A notice as the contract spells it, its texts made from the log when it is read or sent.

An event's notice keeps only who, what and the rulebook version (``hook``); its texts
are ``produce.for_event`` of that event, its record and that version: all immutable, so
the text is the same on every read. A reminder keeps its own texts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection

from creditreg.events import Event
from creditreg.notices.hook import events_at, records_of
from creditreg.notices.produce import for_event
from creditreg.rulebook.model import Rulebook

RulebookByRef = Callable[[str], Rulebook]
"""A stored rulebook version by its ref (``name@version``)."""


def notices_json(
    conn: Connection, rows: Sequence[Any], rulebook_by_ref: RulebookByRef
) -> list[dict[str, Any]]:
    """The contract's notice for each row (of the ``notices`` table), in the same order."""
    seqs = [int(row.seq) for row in rows if row.body is None]
    events = events_at(conn, seqs) if seqs else {}
    records = records_of(conn, list(events.values())) if events else {}
    return [_one(row, events, records, rulebook_by_ref) for row in rows]


def _one(
    row: Any, events: dict[int, Event], records: dict[str, Event], by_ref: RulebookByRef
) -> dict[str, Any]:
    out = {
        "notice_id": row.notice_id,
        "subject_id": row.subject_id,
        "kind": row.kind,
        "record_id": row.record_id,
        "created_at": row.created_at,
    }
    if row.body is not None:
        body = json.loads(row.body)
        return out | {"text": body["text"], "actions": body["actions"], "until": body["until"]}
    event = events[int(row.seq)]
    record = records.get(event.record_id, event)
    draft = for_event(event, record, by_ref(str(row.rulebook)))
    assert draft is not None and draft.subject_id == row.subject_id  # the hook made it so
    return out | {"text": draft.text, "actions": draft.actions, "until": draft.until}
