"""Due-process events: revocation, fulfilment, objection, decision, repair, extension.

Each command is checked against the record's current state and its rulebook before an
event is written, so the log holds only events the rules allow. The engine would ignore
an event that makes no sense (a repair before the minimum), but a clear refusal at the
door is kinder to the clerk who typed it.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta

from creditreg.engine.facts import RecordFacts, gather
from creditreg.engine.periods import deadline
from creditreg.engine.windows import effect_window, repair_from, void_from
from creditreg.errors import CreditregError
from creditreg.events import Event, EventKind, Outcome
from creditreg.rulebook.model import Period, RecordType, Rulebook

DEFAULT_ANSWER_DAYS = 15
"""Objection answers when the record's type is unknown to the rulebook (SPC-2017-7 第11条)."""


class Refused(CreditregError, ValueError, kind="refused"):
    """The event is not allowed; the message says why and what would be."""


def _facts(record: Event, history: list[Event], on: date) -> RecordFacts:
    """Everything the log holds about the record, whatever the date given for the new event:
    a backdated command must not slip past an event recorded later."""
    return gather(record.subject_id, history, date.max)[record.record_id]


def _type_of(record: Event, rulebook: Rulebook) -> RecordType:
    record_type = rulebook.record_types.get(record.type)
    if record_type is None:
        raise Refused(
            f"record {record.record_id} has type {record.type}, unknown to {rulebook.ref}"
        )
    return record_type


def _event(
    kind: EventKind,
    record: Event,
    on: date,
    *,
    objection_id: str = "",
    years: int = 0,
    application_id: str = "",
    outcome: Outcome | None = None,
    personal: dict[str, str] | None = None,
) -> Event:
    """An event on ``record`` (or on the case filed against it: the same subject and record)."""
    return Event(
        kind,
        record.subject_id,
        record.record_id,
        on,
        objection_id=objection_id,
        years=years,
        application_id=application_id,
        outcome=outcome,
        personal=personal or {},
    )


def _not_before_decision(record: Event, on: date) -> None:
    if on < record.on:
        raise Refused(f"{on} is before the decision of record {record.record_id} ({record.on})")


def _not_void(facts: RecordFacts, on: date) -> None:
    if facts.revoked_on is not None and facts.revoked_on <= on:
        raise Refused(f"record {facts.added.record_id} was revoked on {facts.revoked_on}")
    if facts.upheld_on is not None and facts.upheld_on <= on:
        raise Refused(
            f"an objection to record {facts.added.record_id} was upheld on {facts.upheld_on}"
        )


def _live(record: Event, history: list[Event], on: date) -> RecordFacts:
    """The record's facts, refusing a day before its decision or once it is void."""
    _not_before_decision(record, on)
    facts = _facts(record, history, on)
    _not_void(facts, on)
    return facts


def _repairable_from(record: Event, facts: RecordFacts, rulebook: Rulebook) -> date:
    """The first day the record may be repaired, refusing a type that cannot be or a
    record already repaired."""
    allowed = repair_from(facts, _type_of(record, rulebook))
    if allowed is None:
        raise Refused(f"records of type {record.type} cannot be repaired under {rulebook.ref}")
    if facts.repaired_on:
        raise Refused(f"record {record.record_id} was already repaired on {min(facts.repaired_on)}")
    return allowed


def objection_answer_by(filed_on: date, record_type: RecordType | None) -> date:
    """The last day to answer an objection filed on ``filed_on``: a procedural deadline, so
    counted from the next day and moved past a holiday (Civil Code Arts. 201, 203)."""
    days = record_type.objection.answer_within_days if record_type else DEFAULT_ANSWER_DAYS
    return deadline(filed_on, Period(days=days))


def revoke(record: Event, history: list[Event], on: date, reason: str) -> Event:
    _live(record, history, on)
    return _event(EventKind.RECORD_REVOKED, record, on, personal={"reason": reason})


def fulfil(record: Event, history: list[Event], rulebook: Rulebook, on: date) -> Event:
    facts = _live(record, history, on)
    if not _type_of(record, rulebook).fulfillable:
        raise Refused(f"records of type {record.type} carry no obligation to perform")
    if facts.fulfilled_on is not None:
        raise Refused(f"record {record.record_id} was already fulfilled on {facts.fulfilled_on}")
    return _event(EventKind.RECORD_FULFILLED, record, on)


def file_objection(record: Event, history: list[Event], on: date, grounds: str) -> Event:
    facts = _live(record, history, on)
    if facts.open_objection is not None:
        raise Refused(
            f"objection {facts.open_objection} to record {record.record_id} is still open"
        )
    objection_id = "obj-" + secrets.token_hex(8)
    return _event(
        EventKind.OBJECTION_FILED,
        record,
        on,
        objection_id=objection_id,
        personal={"grounds": grounds},
    )


def repair(record: Event, history: list[Event], rulebook: Rulebook, on: date) -> Event:
    facts = _live(record, history, on)
    allowed = _repairable_from(record, facts, rulebook)
    if on < allowed:
        raise Refused(f"repair of record {record.record_id} is possible from {allowed}, not {on}")
    return _event(EventKind.RECORD_REPAIRED, record, on)


def extend(record: Event, history: list[Event], rulebook: Rulebook, on: date, years: int) -> Event:
    facts = _live(record, history, on)
    record_type = _type_of(record, rulebook)
    effect = next((e for e in record_type.effects if e.extension), None)
    if effect is None or effect.extension is None:
        raise Refused(f"records of type {record.type} cannot be extended under {rulebook.ref}")
    rule = effect.extension
    end = effect_window(facts, record_type, effect, False, void_from(facts, record_type)).end
    if end is not None and end <= on:
        last = end - timedelta(days=1)  # ``end`` is the first day the term no longer covers
        raise Refused(f"the term of record {record.record_id} ended on {last}: nothing to extend")
    total = facts.extension_years + years
    if not rule.min_years <= years <= rule.max_years or total > rule.max_years:
        raise Refused(
            f"an extension is {rule.min_years}-{rule.max_years} years in total; "
            f"record {record.record_id} has {facts.extension_years}, asked {years}"
        )
    return _event(EventKind.RECORD_EXTENDED, record, on, years=years)


# The second instance (SPC-2017 第十二条): after a rejected objection the subject may apply
# for reconsideration to the authority one level up within the record type's window
# (``reconsider_within_days``, counted as a procedural deadline: Civil Code Arts. 201, 203).


class TooEarly(Refused):
    """Refused because it is not possible yet; ``possible_from`` is the first day it is."""

    def __init__(self, message: str, possible_from: date) -> None:
        super().__init__(message)
        self.possible_from = possible_from


RECONSIDERATION = "rec-"
APPLICATION = "~repair"


def reconsideration_id(objection_id: str) -> str:
    """At most one reconsideration per objection, so its id is the objection's."""
    return RECONSIDERATION + objection_id.removeprefix("obj-")


def objection_of(reconsideration: str) -> str:
    if not reconsideration.startswith(RECONSIDERATION):
        raise ValueError(f"not a reconsideration id: {reconsideration!r}")
    return "obj-" + reconsideration.removeprefix(RECONSIDERATION)


def reconsider_by(rejected_on: date, record_type: RecordType) -> date:
    """The last day to apply for reconsideration of an objection rejected on that day."""
    return deadline(rejected_on, Period(days=record_type.objection.reconsider_within_days))


def _decision_of(objection_id: str, history: list[Event], kind: EventKind) -> Event | None:
    found = [e for e in history if e.kind is kind and e.objection_id == objection_id]
    return min(found, key=lambda e: (e.on, e.seq)) if found else None


def reconsider(
    filed: Event, record: Event, history: list[Event], rulebook: Rulebook, on: date, grounds: str
) -> Event:
    decided = _decision_of(filed.objection_id, history, EventKind.OBJECTION_DECIDED)
    if decided is None or decided.outcome is not Outcome.REJECTED:
        state = "is not decided yet" if decided is None else "was upheld"
        raise Refused(f"objection {filed.objection_id} {state}: nothing to reconsider")
    if _decision_of(filed.objection_id, history, EventKind.RECONSIDERATION_FILED):
        raise Refused(f"objection {filed.objection_id} is already being reconsidered")
    if on < decided.on:
        raise Refused(f"{on} is before objection {filed.objection_id} was rejected ({decided.on})")
    _not_void(_facts(record, history, on), on)
    last = reconsider_by(decided.on, _type_of(record, rulebook))
    if on > last:
        raise Refused(f"the time to apply for reconsideration ended on {last}")
    return _event(
        EventKind.RECONSIDERATION_FILED,
        record,
        on,
        objection_id=filed.objection_id,
        personal={"grounds": grounds},
    )


# Repair by application (NDRC Order 58): the subject applies once the minimum publicity
# period has run; a reviewer grants (the record is repaired that day) or refuses.


def application_of(application_id: str) -> str:
    """The record an application id names (``<record_id>~repair<n>``)."""
    record_id, sep, number = application_id.rpartition(APPLICATION)
    if not sep or not number.isdigit():
        raise ValueError(f"not a repair application id: {application_id!r}")
    return record_id


def _applications(record_id: str, history: list[Event]) -> list[Event]:
    return [e for e in history if e.kind is EventKind.REPAIR_APPLIED and e.record_id == record_id]


def apply_for_repair(record: Event, history: list[Event], rulebook: Rulebook, on: date) -> Event:
    facts = _live(record, history, on)
    allowed = _repairable_from(record, facts, rulebook)
    if on < allowed:
        message = f"repair of record {record.record_id} may be applied for from {allowed}"
        raise TooEarly(message, allowed)
    earlier = _applications(record.record_id, history)
    pending = [a for a in earlier if not _decisions(a, history)]
    if pending:
        raise Refused(f"application {pending[0].application_id} is still to be decided")
    application_id = f"{record.record_id}{APPLICATION}{len(earlier) + 1}"
    return _event(EventKind.REPAIR_APPLIED, record, on, application_id=application_id)


# One decision for the three cases a reviewer decides: an objection (SPC-2017-7 第11条),
# a reconsideration (第十二条) and a repair application (NDRC Order 58). The case's filing
# event names what is decided; the decision copies its ids, so one lookup finds either.
DECIDED = {
    EventKind.OBJECTION_FILED: EventKind.OBJECTION_DECIDED,
    EventKind.RECONSIDERATION_FILED: EventKind.RECONSIDERATION_DECIDED,
    EventKind.REPAIR_APPLIED: EventKind.REPAIR_DECIDED,
}


def case_name(applied: Event) -> str:
    """How a refusal names the case: ``objection obj-…``, ``reconsideration rec-…``,
    ``application …~repair1``."""
    if applied.kind is EventKind.RECONSIDERATION_FILED:
        return f"reconsideration {reconsideration_id(applied.objection_id)}"
    if applied.kind is EventKind.REPAIR_APPLIED:
        return f"application {applied.application_id}"
    return f"objection {applied.objection_id}"


def _outcomes(applied: Event) -> tuple[Outcome, Outcome]:
    if applied.kind is EventKind.REPAIR_APPLIED:
        return Outcome.GRANTED, Outcome.REFUSED
    return Outcome.UPHELD, Outcome.REJECTED


def _decisions(applied: Event, history: list[Event]) -> list[Event]:
    kind, ids = DECIDED[applied.kind], (applied.objection_id, applied.application_id)
    return [e for e in history if e.kind is kind and (e.objection_id, e.application_id) == ids]


def decide(applied: Event, history: list[Event], on: date, outcome: Outcome, reason: str) -> Event:
    """A reviewer's decision on the case ``applied`` filed, once, on or after its filing."""
    name, allowed = case_name(applied), _outcomes(applied)
    if outcome not in allowed:
        raise Refused(f"{name} is {allowed[0].value} or {allowed[1].value}, not {outcome.value}")
    if on < applied.on:
        raise Refused(f"{on} is before {name} was filed ({applied.on})")
    done = _decisions(applied, history)
    if done:
        raise Refused(f"{name} was already decided on {min(e.on for e in done)}")
    return _event(
        DECIDED[applied.kind],
        applied,
        on,
        objection_id=applied.objection_id,
        application_id=applied.application_id,
        outcome=outcome,
        personal={"reason": reason},
    )
