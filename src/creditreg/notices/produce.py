"""Which events make a notice, and what it says: pure, from the event and the rulebook.

A notice goes to the subject the event names and to no one else (SPEC §1: no effect on
third parties). A record makes notices when its type starts a measure or a list entry
(``noticed``); every later event on such a record changes or ends them, and makes one
too. Points-only records change no measure and make none; a published record (an
administrative penalty) makes notices, since repair ends its publication. The texts say
what happened, why (the legal basis), until when, and what the subject can do
(``actions``). Free text
(grounds, a reviewer's reason) stays in ``personal_data`` where erasure reaches it: the
subject reads it in their file, never copied into a notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from creditreg.engine.actions import reconsideration_body
from creditreg.engine.evaluate import authority_name
from creditreg.engine.facts import RecordFacts
from creditreg.engine.periods import deadline, first_day_after
from creditreg.engine.windows import effect_window, repair_from
from creditreg.events import Event, EventKind
from creditreg.notices import texts
from creditreg.rulebook.model import ListDef, Period, RecordType, Rulebook, Service
from creditreg.rulebook.texts import Text, both

Labelled = Service | ListDef

Action = dict[str, str | None]

DECIDED = {
    EventKind.OBJECTION_DECIDED: "objection.decided",
    EventKind.RECONSIDERATION_DECIDED: "reconsideration.decided",
    EventKind.REPAIR_DECIDED: "repair.decided",
}
"""Decisions whose text depends on their outcome (``<kind>.<outcome>``)."""


@dataclass(frozen=True, slots=True)
class Draft:
    """A notice before it is stored: the subject it goes to, both texts, the actions."""

    notice_id: str
    subject_id: str
    kind: str
    record_id: str
    seq: int | None
    text: dict[str, str]
    actions: list[Action]
    until: str | None


def noticed(record_type: RecordType | None) -> bool:
    """Records of this type start a measure, a list entry or a publication (which repair
    ends), so their events make notices."""
    if record_type is None:
        return False
    known = _NOTICED.get(id(record_type))
    if known is None or known[0] is not record_type:
        has = record_type.publicity is not None or any(
            e.deny or e.joins for e in record_type.effects
        )
        known = _NOTICED[id(record_type)] = (record_type, has)
    return known[1]


_NOTICED: dict[int, tuple[RecordType, bool]] = {}
"""``noticed`` per record type object (kept with it, so a reused id is never mistaken)."""


RECORD_ID, DECISION_REF = "\x00record\x00", "\x00decision\x00"
"""Stand-ins for a record's own values in a cached text (no rule text can contain them)."""

Shape = tuple[dict[str, str], list[Action], str | None]
_SHAPES: dict[tuple[object, ...], Shape] = {}
SHAPES_KEPT = 50_000
"""Texts, actions and end of notices that differ only in record id and decision number:
an ingest's records share a few thousand (type, day, authority), so each is made once."""


def for_event(event: Event, record: Event, rulebook: Rulebook) -> Draft | None:
    """The notice ``event`` makes (``record``: its record's ``record.added``), if any."""
    record_type = rulebook.record_types.get(record.type)
    if record_type is None or not noticed(record_type) or event.kind is EventKind.DATA_ERASED:
        return None
    if record.subject_id != event.subject_id:
        return None  # never: an event names its record's subject; refuse rather than leak
    key = text_key(event)
    # The roster's entry is in the key: a renamed authority is never quoted by its old name.
    issuer = rulebook.authorities.get(record.authority, record.authority)
    cached = (rulebook.ref, key, record.type, record.on, event.on, issuer, event.years)
    shape = _SHAPES.get(cached)
    if shape is None:
        if len(_SHAPES) >= SHAPES_KEPT:
            _SHAPES.clear()
        shape = _SHAPES[cached] = _shape(key, event, record, rulebook)
    template, actions, until = shape
    text = {
        lang: body.replace(RECORD_ID, event.record_id).replace(DECISION_REF, record.decision_ref)
        for lang, body in template.items()
    }
    notice_id = f"ntc-{event.seq}" if event.seq else f"ntc-{event.kind}-{event.record_id}"
    return Draft(
        notice_id, event.subject_id, key, event.record_id, event.seq or None, text, actions, until
    )


def _shape(key: str, event: Event, record: Event, rulebook: Rulebook) -> Shape:
    """A notice's texts with stand-ins for the record's id and decision number; bodies,
    services and lists named in the notice's language, never by their codes."""
    record_type = rulebook.record_types[record.type]
    issuer = authority_name(record.authority, rulebook)
    values: dict[str, object] = {
        "record_id": RECORD_ID,
        "on": event.on.isoformat(),
        "authority": issuer,
        "decision_ref": DECISION_REF,
        "label": record_type.label,
        "years": event.years,
        "answer_by": _answer_by(event, record_type),
    }
    parts = [texts.HAPPENED[key]]
    until: str | None = None
    actions: list[Action] = []
    if event.kind is EventKind.RECORD_ADDED:
        parts, until, actions = _added(record, rulebook, parts, values)
    elif key.endswith(".rejected") and key.startswith("objection."):
        actions = [_reconsider(event, record_type)]
        until = actions[0]["until"]
    text = texts.render(parts, values)
    extra = texts.actions_text(actions, deciders(issuer, record_type))
    return (
        {lang: " ".join(t for t in (text[lang], extra[lang]) if t) for lang in text},
        actions,
        until,
    )


def text_key(event: Event) -> str:
    prefix = DECIDED.get(event.kind)
    if prefix is not None and event.outcome is not None:
        return f"{prefix}.{event.outcome.value}"
    return event.kind.value


def _answer_by(event: Event, record_type: RecordType) -> str:
    """The reviewer's last day for an objection, reconsideration or repair application."""
    days = {
        EventKind.OBJECTION_FILED: record_type.objection.answer_within_days,
        EventKind.RECONSIDERATION_FILED: record_type.objection.reconsideration_answer_days,
        EventKind.REPAIR_APPLIED: record_type.objection.repair_answer_days,
    }.get(event.kind)
    return deadline(event.on, Period(days=days)).isoformat() if days else ""


def deciders(issuer: Text, record_type: RecordType) -> dict[str, Text]:
    """Who decides each action, in words: the issuer, and for the second instance the body
    the rulebook names (SPC-2017-7 第12条: the court one level up)."""
    body = reconsideration_body(record_type)[0]
    return {"object": issuer, "pay": issuer, "repair": issuer, "reconsider": body}


def _added(
    record: Event, rulebook: Rulebook, parts: list[dict[str, str]], values: dict[str, object]
) -> tuple[list[dict[str, str]], str | None, list[Action]]:
    """A new record: its restrictions, lists, first and last day, and the ways out."""
    record_type = rulebook.record_types[record.type]
    facts = RecordFacts(record)
    services = [s for e in record_type.effects for s in e.deny]
    lists = [e.joins for e in record_type.effects if e.joins]
    windows = [effect_window(facts, record_type, e, False, None) for e in record_type.effects]
    starts = [w.start for w in windows if w.start is not None]
    ends = [w.end for w in windows]
    if record_type.publicity is not None:  # published until the maximum, unless repaired
        ends.append(first_day_after(record.on, record_type.publicity.maximum))
    until = None if None in ends else max(e for e in ends if e is not None) - timedelta(days=1)
    parts = [*parts, texts.WHY]
    values["basis"] = record_type.basis
    if services:
        parts.append(texts.RESTRICTS)
        values["services"] = texts.labels(_labels(rulebook.services, services))
    if lists:
        parts.append(texts.LISTED)
        values["lists"] = texts.labels(_labels(rulebook.lists, lists))
    if starts:
        parts.append(texts.FROM)
        values["start"] = min(starts).isoformat()
    parts.append(texts.UNTIL if until else texts.UNTIL_PERFORMED)
    last = until.isoformat() if until else None
    values["until"] = last or ""
    return parts, last, _record_actions(facts, record_type)


def _record_actions(facts: RecordFacts, record_type: RecordType) -> list[Action]:
    added = facts.added
    actions: list[Action] = [action("object", added.authority, record_type.basis)]
    if record_type.fulfillable:
        actions.append(action("pay", added.authority, record_type.basis))
    repair = repair_from(facts, record_type)
    if repair is not None:
        actions.append(action("repair", added.authority, record_type.basis, since=repair))
    return actions


def _labels(section: Mapping[str, Labelled], codes: list[str]) -> list[Text]:
    """Each code's label once, in order (the code itself, in both languages, if unknown)."""
    unique = dict.fromkeys(codes)
    return [section[code].label if code in section else both(code, code) for code in unique]


def _reconsider(event: Event, record_type: RecordType) -> Action:
    """To the body the rulebook names (no authority id, like ``engine.actions``)."""
    window = Period(days=record_type.objection.reconsider_within_days)
    last = deadline(event.on, window)
    basis = reconsideration_body(record_type)[1]
    return action("reconsider", None, basis, until=last)


def action(
    action: str,
    authority: str | None,
    basis: str,
    until: date | None = None,
    since: date | None = None,
) -> Action:
    out: Action = {
        "action": action,
        "authority": authority,
        "until": until.isoformat() if until else None,
        "basis": basis,
    }
    if since is not None:
        out["from"] = since.isoformat()
    return out
