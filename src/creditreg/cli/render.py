"""The JSON shapes of SPEC §3 for decisions and files (the contract other programs read)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from creditreg.engine import Decision, SubjectState
from creditreg.engine.state import KeyFactor, ListEntry, Measure, RecordView


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def decision_json(decision: Decision, at: datetime, decision_id: str) -> dict[str, Any]:
    return {
        "subject_id": decision.subject_id,
        "service": decision.service,
        "at": at.isoformat(),
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


def file_json(state: SubjectState, at: datetime) -> dict[str, Any]:
    return {
        "subject_id": state.subject_id,
        "kind": state.kind,
        "at": at.isoformat(),
        "as_of": state.as_of.isoformat(),
        "rulebook": state.rulebook,
        "score": state.score,
        "grade": state.grade,
        "lists": [_plain(e) for e in state.lists],
        "measures": [_plain(m) for m in state.measures],
        "records": [_record(r) for r in state.records],
        "key_factors": [_plain(f) for f in state.key_factors],
    }


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
        "codes": list(view.codes),
        "publicity_until": _day(view.publicity_until),
        "repair_from": _day(view.repair_from),
        "objection_id": view.objection_id,
        "notes": list(view.notes),
    }


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
