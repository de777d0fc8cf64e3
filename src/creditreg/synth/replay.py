"""Replaying due-process actions in bulk, under the same rules as ``creditreg fulfil`` & co.

``Registry.fulfil`` and its siblings write one event per transaction and publish a signed
head after each: right for a clerk, about 4 ms an event, so 100,000 synthetic actions
would take seven minutes. ``Replay`` builds each event with the same functions of
``due_process.py``, from the subject's stored history plus the events not yet written,
refuses a date after ``today`` as ``Registry`` does, and appends events 5,000 at a time
through the log's single writer (about 0.4 ms an event).

What it gives up: the check and the append are not in one transaction, so a clerk acting
on the same record during a load could slip between them. Load into a registry nobody
else writes to at the time (a fresh one, or the demo's).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from creditreg import due_process
from creditreg.due_process import Refused
from creditreg.events import Event, EventKind, Outcome
from creditreg.registry import NotFound, Registry
from creditreg.timeparse import parse_day

BATCH = 5000
"""Events per append (one transaction, one signed head)."""

KINDS = {
    "object": EventKind.OBJECTION_FILED,
    "decide": EventKind.OBJECTION_DECIDED,
    "fulfil": EventKind.RECORD_FULFILLED,
    "repair": EventKind.RECORD_REPAIRED,
    "extend": EventKind.RECORD_EXTENDED,
    "revoke": EventKind.RECORD_REVOKED,
}
"""The event each action becomes."""


class Replay:
    """Builds due-process events from actions and appends them in batches; flush at the end."""

    __slots__ = ("_batch", "_filed", "_pending", "_registry", "_size", "_today")

    def __init__(self, registry: Registry, today: date, size: int = BATCH) -> None:
        self._registry, self._today, self._size = registry, today, size
        self._batch: list[Event] = []
        self._pending: dict[str, list[Event]] = {}
        self._filed: dict[str, Event] = {}  # record_id -> its open objection

    def apply(self, action: Mapping[str, object]) -> Event | None:
        """Build the event of ``action`` and queue it; raises Refused or NotFound.

        None when the log already holds it (the same kind of event about the record on the
        same day): loading a population twice adds nothing, as ingest does for records.
        """
        record = self._registry.record(str(action["record_id"]))
        history = self._history(record.subject_id)
        stored = _stored(str(action["action"]), parse_day(str(action["on"])), record, history)
        if stored is not None:
            if stored.kind is EventKind.OBJECTION_FILED:
                self._filed[record.record_id] = stored
            return None
        event = self._build(action, record, history)
        if event.on > self._today:
            raise Refused(f"{event.on} is in the future (today is {self._today})")
        if event.objection_id and event.outcome is None:
            self._filed[record.record_id] = event
        self._pending.setdefault(record.subject_id, []).append(event)
        self._batch.append(event)
        if len(self._batch) >= self._size:
            self.flush()
        return event

    def flush(self) -> None:
        """Append the queued events in one transaction."""
        if self._batch:
            self._registry.writer.append(self._batch)
        self._batch, self._pending = [], {}

    def _history(self, subject_id: str) -> list[Event]:
        stored = self._registry.reader.subject_events(subject_id)
        return stored + self._pending.get(subject_id, [])

    def _build(self, action: Mapping[str, object], record: Event, history: list[Event]) -> Event:
        kind, on = str(action["action"]), parse_day(str(action["on"]))
        rulebook = self._registry.rulebook
        if kind == "object":
            return due_process.file_objection(record, history, on, str(action["grounds"]))
        if kind == "decide":
            filed = self._filed.pop(record.record_id, None)
            if filed is None:
                raise NotFound(f"record {record.record_id} has no open objection to decide")
            outcome, reason = Outcome(str(action["outcome"])), str(action["reason"])
            return due_process.decide(filed, history, on, outcome, reason)
        if kind == "fulfil":
            return due_process.fulfil(record, history, rulebook, on)
        if kind == "repair":
            return due_process.repair(record, history, rulebook, on)
        if kind == "extend":
            years = int(str(action["years"]))
            return due_process.extend(record, history, rulebook, on, years)
        if kind == "revoke":
            return due_process.revoke(record, history, on, str(action["reason"]))
        raise Refused(f"unknown action '{kind}'")


def _stored(kind: str, on: date, record: Event, history: list[Event]) -> Event | None:
    """The event of this kind about ``record`` on ``on`` that the log already holds."""
    wanted = KINDS.get(kind)
    same = (e for e in history if e.record_id == record.record_id and e.on == on)
    return next((e for e in same if e.kind is wanted), None)
