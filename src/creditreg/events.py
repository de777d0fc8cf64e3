"""The events of the record log: the only truth a subject's state is derived from.

Every change to a subject's state is one of these immutable events. The engine folds
them; the log stores them, hashed. Free text that may identify a person (names, notes,
grounds, reasons) travels in ``personal`` and is stored beside the log, so it can be
erased after retention without touching the hashed part.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class EventKind(StrEnum):
    """The kinds of event, as stored in the log (the values are part of the log format)."""

    RECORD_ADDED = "record.added"
    RECORD_REVOKED = "record.revoked"
    RECORD_FULFILLED = "record.fulfilled"
    OBJECTION_FILED = "objection.filed"
    OBJECTION_DECIDED = "objection.decided"
    RECORD_REPAIRED = "record.repaired"
    RECORD_EXTENDED = "record.extended"
    DATA_ERASED = "data.erased"  # personal data of the record's events erased; no effect
    # Second instance (SPC-2017 第十二条: reconsideration to the court one level up).
    RECONSIDERATION_FILED = "reconsideration.filed"
    RECONSIDERATION_DECIDED = "reconsideration.decided"
    # Repair by application (NDRC Order 58): the subject applies, a reviewer decides.
    REPAIR_APPLIED = "repair.applied"
    REPAIR_DECIDED = "repair.decided"


class Outcome(StrEnum):
    """What a reviewer decided: an objection or reconsideration (upheld/rejected), a repair
    application (granted/refused)."""

    UPHELD = "upheld"
    REJECTED = "rejected"
    GRANTED = "granted"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of the log, as the engine sees it.

    ``on`` is the legal date the event takes effect (a record's decision date, the day a
    fine was paid, the day an objection was decided). ``seq`` is the position in the log;
    the engine uses it only to order events that happen on the same day.
    """

    kind: EventKind
    subject_id: str
    record_id: str
    on: date
    seq: int = 0
    # record.added
    type: str = ""
    authority: str = ""
    decision_ref: str = ""
    occurred_on: date | None = None
    amount: Decimal | None = None
    # objection.filed / objection.decided
    objection_id: str = ""
    outcome: Outcome | None = None
    # record.extended
    years: int = 0
    # reconsideration.* / repair.*: the application's id
    application_id: str = ""
    personal: dict[str, str] = field(default_factory=dict, compare=False, hash=False)

    def hashed_fields(self) -> dict[str, object]:
        """The fields covered by the log's hash: everything but seq and personal data."""
        body: dict[str, object] = {
            "kind": self.kind.value,
            "subject_id": self.subject_id,
            "record_id": self.record_id,
            "on": self.on.isoformat(),
        }
        if self.kind is EventKind.RECORD_ADDED:
            body |= {
                "type": self.type,
                "authority": self.authority,
                "decision_ref": self.decision_ref,
                "occurred_on": self.occurred_on.isoformat() if self.occurred_on else None,
                "amount": str(self.amount) if self.amount is not None else None,
            }
        if self.objection_id:
            body["objection_id"] = self.objection_id
        if self.outcome is not None:
            body["outcome"] = self.outcome.value
        if self.years:
            body["years"] = self.years
        if self.application_id:
            body["application_id"] = self.application_id
        return body


def event_from_fields(fields: dict[str, object], seq: int, personal: dict[str, str]) -> Event:
    """Rebuild an event from its hashed fields (the inverse of ``Event.hashed_fields``)."""
    occurred = fields.get("occurred_on")
    amount = fields.get("amount")
    outcome = fields.get("outcome")
    return Event(
        kind=EventKind(str(fields["kind"])),
        subject_id=str(fields["subject_id"]),
        record_id=str(fields["record_id"]),
        on=date.fromisoformat(str(fields["on"])),
        seq=seq,
        type=str(fields.get("type", "")),
        authority=str(fields.get("authority", "")),
        decision_ref=str(fields.get("decision_ref", "")),
        occurred_on=date.fromisoformat(str(occurred)) if occurred else None,
        amount=Decimal(str(amount)) if amount is not None else None,
        objection_id=str(fields.get("objection_id", "")),
        outcome=Outcome(str(outcome)) if outcome else None,
        years=int(str(fields.get("years", 0))),
        application_id=str(fields.get("application_id", "")),
        personal=personal,
    )
