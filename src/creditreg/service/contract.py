"""The JSON shapes of SPEC §3 for decisions, files and due-process events: the contract
other programs read, the same from the command line (``--json``) and the API."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from creditreg.due_process import reconsideration_id
from creditreg.engine import Decision, SubjectState
from creditreg.engine.state import KeyFactor, ListEntry, Measure, RecordView
from creditreg.events import EventKind
from creditreg.registry import Written
from creditreg.timeparse import shown


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def decision_json(
    decision: Decision, at: datetime, decision_id: str, notes: list[str] | None = None
) -> dict[str, Any]:
    """SPEC §3's decision; ``notes`` (engine.notes), when given, say what a plain answer
    does not (the command line gives them; the API's contract has no such field yet)."""
    data = {
        "subject_id": decision.subject_id,
        "service": decision.service,
        "at": _china(at),
        "as_of": decision.as_of.isoformat(),
        "allowed": decision.allowed,
        "reasons": [
            {
                "code": r.code,
                "record_id": r.record_id,
                "measure": r.measure,
                "basis": r.basis,
                "since": _day(r.since),
                "until": _day(r.until),
                "contest": r.contest,
                "explain": r.explain,
            }
            for r in decision.reasons
        ],
        "rulebook": decision.rulebook,
        "decision_id": decision_id,
    }
    return data if notes is None else data | {"notes": notes}


def file_json(state: SubjectState, at: datetime, notes: list[str] | None = None) -> dict[str, Any]:
    """SPEC §3's file of a subject; ``notes`` as for ``decision_json``."""
    data = {
        "subject_id": state.subject_id,
        "kind": state.kind,
        "at": _china(at),
        "as_of": state.as_of.isoformat(),
        "rulebook": state.rulebook,
        "score": state.score,
        "grade": state.grade,
        "lists": [_plain(e) for e in state.lists],
        "measures": [_plain(m) for m in state.measures],
        "records": [_record(r) for r in state.records],
        "key_factors": [_plain(f) for f in state.key_factors],
    }
    return data if notes is None else data | {"notes": notes}


def _china(moment: datetime) -> str:
    """Every time shown is China Standard Time, written +08:00 (with or without --at)."""
    return shown(moment)


def _plain(item: ListEntry | Measure | KeyFactor) -> dict[str, Any]:
    """A result dataclass as JSON values: its field names are the contract's keys."""
    return {
        key: value.isoformat() if isinstance(value, date) else value
        for key, value in asdict(item).items()
    }


def _record(view: RecordView) -> dict[str, Any]:
    return {
        "record_id": view.record_id,
        "type": view.type,
        "authority": view.authority,
        "decision_ref": view.decision_ref,
        "decided_at": view.decided_on.isoformat(),
        "status": view.status.value,
        "points": view.points,
        "points_until": _day(view.points_until),
        "scheme": view.scheme,
        "codes": list(view.codes),
        "publicity_until": _day(view.publicity_until),
        "repair_from": _day(view.repair_from),
        "objection_id": view.objection_id,
        "notes": list(view.notes),
    }


def event_json(written: Written) -> dict[str, Any]:
    """A due-process event as written: ``objection_id`` and ``outcome`` are None when the
    event has none (the API keeps the keys, the command line leaves them out)."""
    event = written.event
    return {
        "event": event.kind.value,
        "record_id": event.record_id,
        "subject_id": event.subject_id,
        "on": event.on.isoformat(),
        "seq": written.seq,
        "objection_id": event.objection_id or None,
        "outcome": event.outcome.value if event.outcome is not None else None,
    }


def case_json(written: Written) -> dict[str, Any]:
    """A second-instance event as written, with the id of the case it opened or decided
    (``reconsideration_id`` or ``application_id``); ``outcome`` only when it has one."""
    event = written.event
    data = {k: v for k, v in event_json(written).items() if k != "outcome" or v is not None}
    if event.kind in (EventKind.RECONSIDERATION_FILED, EventKind.RECONSIDERATION_DECIDED):
        data["reconsideration_id"] = reconsideration_id(event.objection_id)
    if event.application_id:
        data["application_id"] = event.application_id
    return data
