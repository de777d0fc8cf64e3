"""What a subject can do about a record, as data: object, pay, repair, reconsider.

The rulebook says which actions a record type allows and under which article; the
engine computes, from the record's facts, which are open on the day asked and their
dates. A deadline is a procedural one (Civil Code Arts. 201, 203: counted from the next
day, moved past a statutory holiday to the next working day) via ``engine.periods``.
Surfaces render actions their own way (a form, an API link, a command for an operator):
no surface shows a command line to a subject or a checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from creditreg.engine.facts import ObjectionFacts, RecordFacts
from creditreg.engine.periods import deadline
from creditreg.engine.state import RecordStatus
from creditreg.events import Outcome
from creditreg.rulebook.model import Period, RecordType
from creditreg.rulebook.texts import Text, both

IN_FORCE = (RecordStatus.ACTIVE, RecordStatus.OBJECTED)
CLOSED = (RecordStatus.REVOKED, RecordStatus.REPAIRED, RecordStatus.NOT_IN_FORCE)


class ActionKind(StrEnum):
    OBJECT = "object"
    PAY = "pay"
    REPAIR = "repair"
    RECONSIDER = "reconsider"


@dataclass(frozen=True, slots=True)
class Action:
    """One thing the subject can do about one record.

    ``opens`` is the first day it is possible (repair waits for the minimum publicity);
    ``until`` the first day it no longer is and ``last_day`` the day before (None: no
    deadline). ``authority`` is the id of who decides (the issuer), or None when the
    rulebook names the deciding body only in words (``authority_name``: the court one
    level up).
    """

    action: ActionKind
    record_id: str
    authority: str | None
    authority_name: Text
    basis: str
    opens: date | None = None
    until: date | None = None
    objection_id: str | None = None

    @property
    def last_day(self) -> date | None:
        return self.until - timedelta(days=1) if self.until is not None else None

    def open_on(self, day: date) -> bool:
        return (self.opens is None or self.opens <= day) and (
            self.until is None or day < self.until
        )


def record_actions(
    facts: RecordFacts,
    record_type: RecordType,
    status: RecordStatus,
    as_of: date,
    dates: tuple[date | None, date | None],
    issuer_name: Text,
) -> tuple[Action, ...]:
    """The actions open (or opening later) for this record on ``as_of``; ``dates`` are the
    record's ``repair_from`` and ``publicity_until`` as the evaluation computed them."""
    if status in CLOSED:
        return ()
    record_id, issuer = facts.added.record_id, facts.added.authority
    found: list[Action] = []
    objection = record_type.objection
    if facts.open_objection is None and status in (*IN_FORCE, RecordStatus.EXPIRED):
        basis = objection.basis or record_type.basis
        found.append(Action(ActionKind.OBJECT, record_id, issuer, issuer_name, basis))
    if record_type.fulfillable and facts.fulfilled_on is None and status in IN_FORCE:
        pay = Action(ActionKind.PAY, record_id, issuer, issuer_name, record_type.basis)
        found.append(pay)
    repair = _repair(record_id, (issuer, issuer_name), record_type, as_of, dates)
    if repair is not None and facts.pending_application is None:
        found.append(repair)
    reconsider = _reconsider(facts, record_type, as_of)
    if reconsider is not None:
        found.append(reconsider)
    return tuple(found)


def _repair(
    record_id: str,
    issuer: tuple[str, Text],
    record_type: RecordType,
    as_of: date,
    dates: tuple[date | None, date | None],
) -> Action | None:
    """From the end of the minimum publicity until publicity stops (NDRC Order 58); the
    caller leaves it out while an application is pending (one at a time)."""
    opens, ends = dates
    if record_type.publicity is None or opens is None or (ends is not None and as_of >= ends):
        return None
    basis = record_type.basis
    return Action(ActionKind.REPAIR, record_id, issuer[0], issuer[1], basis, opens, ends)


ONE_LEVEL_UP = both("上一级机关", "the authority one level up")


def reconsideration_body(record_type: RecordType) -> tuple[Text, str]:
    """Who decides the second instance of this type, in words, and under which article
    (the type's ``reconsideration``, else the authority one level up)."""
    objection = record_type.objection
    second = objection.reconsideration
    if second is not None:
        return second.authority, second.basis
    return ONE_LEVEL_UP, objection.basis or record_type.basis


def _reconsider(facts: RecordFacts, record_type: RecordType, as_of: date) -> Action | None:
    """Within the rulebook's days after the latest rejection (SPC-2017-7 第12条: ten),
    to whom the type's ``reconsideration`` names (else the authority one level up); once
    it is filed there is nothing left to apply for (one reconsideration an objection)."""
    rejected = _latest_rejection(facts)
    until = reconsider_until(facts, record_type)
    if rejected is None or rejected.decided_on is None or until is None or as_of >= until:
        return None
    if rejected.objection_id in facts.reconsiderations:
        return None
    body, basis = reconsideration_body(record_type)
    return Action(
        ActionKind.RECONSIDER,
        facts.added.record_id,
        None,
        body,
        basis,
        rejected.decided_on,
        until,
        rejected.objection_id,
    )


def reconsider_until(facts: RecordFacts, record_type: RecordType) -> date | None:
    """The first day after the last day to apply for reconsideration (None: no rejection)."""
    rejected = _latest_rejection(facts)
    if rejected is None or rejected.decided_on is None:
        return None
    within = Period(days=record_type.objection.reconsider_within_days)
    return deadline(rejected.decided_on, within) + timedelta(days=1)


def _latest_rejection(facts: RecordFacts) -> ObjectionFacts | None:
    rejected = [o for o in facts.objections.values() if o.outcome is Outcome.REJECTED]
    return max(rejected, key=lambda o: (o.decided_on or date.min, o.objection_id), default=None)
