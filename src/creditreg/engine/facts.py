"""Gathering a subject's events into per-record facts, whatever order they were stored in.

Each due-process event reduces to a date (the earliest one counts) or a sum, so the result
does not depend on the order of the events: the fold is order-independent by construction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from creditreg.events import Event, EventKind, Outcome


@dataclass(slots=True)
class ObjectionFacts:
    """One case a reviewer decides: an objection, its reconsideration, or a repair
    application (then ``objection_id`` holds the application id)."""

    objection_id: str
    filed_on: date
    decided_on: date | None = None
    outcome: Outcome | None = None


@dataclass(slots=True)
class RecordFacts:
    """Everything known about one record up to the day asked."""

    added: Event
    revoked_on: date | None = None
    fulfilled_on: date | None = None
    repaired_on: list[date] = field(default_factory=list)
    extension_years: int = 0
    objections: dict[str, ObjectionFacts] = field(default_factory=dict)
    # The second instance, keyed by the objection it reconsiders (at most one each).
    reconsiderations: dict[str, ObjectionFacts] = field(default_factory=dict)
    # Repair applications (NDRC Order 58), keyed by application id.
    applications: dict[str, ObjectionFacts] = field(default_factory=dict)

    @property
    def upheld_on(self) -> date | None:
        """The first day an objection to this record was upheld."""
        cases = [*self.objections.values(), *self.reconsiderations.values()]
        days = [o.decided_on for o in cases if o.outcome is Outcome.UPHELD]
        return min((d for d in days if d is not None), default=None)

    @property
    def voided_on(self) -> date | None:
        """The first day the record was void: revoked, or an objection to it upheld."""
        days = [d for d in (self.revoked_on, self.upheld_on) if d is not None]
        return min(days, default=None)

    @property
    def open_objection(self) -> str | None:
        """An objection, or a reconsideration of one, not decided yet (its objection id):
        what stays in force meanwhile follows the record type's ``suspends_effects``."""
        cases = [*self.objections.values(), *self.reconsiderations.values()]
        open_ids = sorted(o.objection_id for o in cases if o.outcome is None)
        return open_ids[0] if open_ids else None

    @property
    def pending_application(self) -> str | None:
        """A repair application not decided yet (its id): the registry takes no second one
        meanwhile, so the engine offers no ``repair`` action."""
        open_ids = sorted(a.objection_id for a in self.applications.values() if a.outcome is None)
        return open_ids[0] if open_ids else None


def gather(subject_id: str, events: Iterable[Event], as_of: date) -> dict[str, RecordFacts]:
    """Facts per record id of ``subject_id``, from events that happened on or before ``as_of``."""
    mine = [e for e in events if e.subject_id == subject_id and e.on <= as_of]
    facts = {e.record_id: RecordFacts(e) for e in mine if e.kind is EventKind.RECORD_ADDED}
    # Decisions last: a decision needs its case, whichever was stored first.
    for event in sorted(mine, key=lambda e: e.kind in DECISIONS):
        record = facts.get(event.record_id)
        if record is not None and event.kind is not EventKind.RECORD_ADDED:
            _apply(record, event)
    return facts


DECISIONS = frozenset(
    {EventKind.OBJECTION_DECIDED, EventKind.RECONSIDERATION_DECIDED, EventKind.REPAIR_DECIDED}
)


def _earliest(current: date | None, day: date) -> date:
    return day if current is None or day < current else current


def _apply(record: RecordFacts, event: Event) -> None:
    kind = event.kind
    if kind is EventKind.RECORD_REVOKED:
        record.revoked_on = _earliest(record.revoked_on, event.on)
    elif kind is EventKind.RECORD_FULFILLED:
        record.fulfilled_on = _earliest(record.fulfilled_on, event.on)
    elif kind is EventKind.RECORD_REPAIRED:
        record.repaired_on.append(event.on)
    elif kind is EventKind.RECORD_EXTENDED:
        record.extension_years += event.years
    elif kind is EventKind.REPAIR_APPLIED:
        _file_case(record.applications, event.application_id, event)
    elif kind is EventKind.REPAIR_DECIDED:
        _decide_case(record.applications, event.application_id, event)
        if event.outcome is Outcome.GRANTED:
            record.repaired_on.append(event.on)  # a granted application is a repair (Order 58)
    elif kind is EventKind.OBJECTION_FILED:
        _file_case(record.objections, event.objection_id, event)
    elif kind is EventKind.OBJECTION_DECIDED:
        _decide_case(record.objections, event.objection_id, event)
    elif kind is EventKind.RECONSIDERATION_FILED:
        _file_case(record.reconsiderations, event.objection_id, event)
    elif kind is EventKind.RECONSIDERATION_DECIDED:
        _decide_case(record.reconsiderations, event.objection_id, event)


def _file_case(cases: dict[str, ObjectionFacts], case_id: str, event: Event) -> None:
    found = cases.get(case_id)
    if found is None:
        cases[case_id] = ObjectionFacts(case_id, event.on)
    else:
        found.filed_on = min(found.filed_on, event.on)


def _decide_case(cases: dict[str, ObjectionFacts], case_id: str, event: Event) -> None:
    found = cases.get(case_id)
    if found is None or event.outcome is None:
        return  # a decision on a case not (yet) filed by as_of changes nothing
    # Two decisions of one case: the earliest wins, ties broken by outcome name.
    if found.decided_on is None or (event.on, event.outcome) < (found.decided_on, found.outcome):
        found.decided_on, found.outcome = event.on, event.outcome
