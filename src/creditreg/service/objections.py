"""The reviewers' queue: open objections, the one due soonest first (API and console)."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditreg.due_process import objection_answer_by
from creditreg.events import Event
from creditreg.registry import Registry
from creditreg.timeparse import legal_date, now


def _queue_item(filed: Event, registry: Registry, today: date) -> dict[str, Any]:
    record = registry.record(filed.record_id)
    record_type = registry.rulebook.record_types.get(record.type)
    due = objection_answer_by(filed.on, record_type)
    return {
        "objection_id": filed.objection_id,
        "record_id": filed.record_id,
        "subject_id": filed.subject_id,
        "type": record.type,
        "authority": record.authority,
        "decision_ref": record.decision_ref,
        "decided_at": record.on.isoformat(),
        "filed_on": filed.on.isoformat(),
        "answer_by": due.isoformat(),
        "days_left": (due - today).days,
        "grounds": filed.personal.get("grounds"),
    }


def objection_queue(registry: Registry, limit: int) -> list[dict[str, Any]]:
    today = legal_date(now())
    items = [_queue_item(f, registry, today) for f in registry.reader.open_objections(limit)]
    return sorted(items, key=lambda item: (item["answer_by"], item["objection_id"]))
