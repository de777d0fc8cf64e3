"""What if: the use case behind ``creditreg whatif``, ``GET /v1/subjects/{id}/whatif`` and
the console's file page.

The hypothetical event is built by the same due-process rules that would build the real
one (``due_process``), so an action the registry would refuse is refused here too, with
the same reason; then the pure engine folds it in memory (``engine.whatif``). Nothing
is written: not the event, not an access-log entry of its own.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from creditreg import due_process
from creditreg.engine.actions import ActionKind
from creditreg.engine.whatif import WhatIf, what_if
from creditreg.events import Event
from creditreg.identifiers import parse_subject
from creditreg.registry import NotFound, Registry, no_record

HYPOTHETICAL_OBJECTION = "obj-what-if"
"""The id a hypothetical objection carries (a real one gets a random id when filed)."""

SIMULATED = (ActionKind.OBJECT, ActionKind.PAY, ActionKind.REPAIR)
"""Actions whose event this registry writes; reconsideration answers come with its events."""


def hypothetical(registry: Registry, action: ActionKind, record: Event, on: date) -> Event:
    """The event ``action`` would write on ``on``, checked as the real command checks it."""
    history = registry.reader.subject_events(record.subject_id)
    rulebook = registry.rulebook_on(on)
    if action is ActionKind.PAY:
        return due_process.fulfil(record, history, rulebook, on)
    if action is ActionKind.REPAIR:
        return due_process.repair(record, history, rulebook, on)
    if action is ActionKind.OBJECT:
        filed = due_process.file_objection(record, history, on, "")
        return replace(filed, objection_id=HYPOTHETICAL_OBJECTION, personal={})
    raise due_process.Refused(f"what-if answers {', '.join(a.value for a in SIMULATED)} only")


def what_if_action(
    registry: Registry, subject_id: str, action: ActionKind, record_id: str, on: date
) -> WhatIf:
    """``subject_id``'s file on ``on`` if ``action`` were taken on ``record_id`` that day."""
    subject = parse_subject(subject_id).id
    record = registry.record(record_id)
    if record.subject_id != subject:
        raise NotFound(no_record(record_id))  # another subject's record is not there for you
    event = hypothetical(registry, action, record, on)
    events = registry.reader.subject_events(subject)
    return what_if(subject, events, registry.known().law, event)


def open_what_ifs(registry: Registry, subject_id: str, on: date) -> list[WhatIf]:
    """Every action open to the subject, each taken on the first day it can be (from ``on``)."""
    subject = parse_subject(subject_id).id
    state = registry.state(subject, on)
    answers = []
    for view in state.records:
        for action in view.actions:
            day = max(on, action.opens or on)
            if action.action not in SIMULATED or not action.open_on(day):
                continue
            try:
                answers.append(
                    what_if_action(registry, subject, action.action, view.record_id, day)
                )
            except due_process.Refused:
                continue  # open on paper, refused by the rules that day: nothing to show
    return answers
