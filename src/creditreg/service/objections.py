"""The reviewers' queue, the one due soonest first (API and console): open objections,
and the second instance's open cases, reconsiderations and repair applications."""

from __future__ import annotations

from datetime import date
from typing import Any

from creditreg.due_process import objection_answer_by, reconsideration_id
from creditreg.engine.periods import deadline
from creditreg.events import Event, EventKind
from creditreg.log.cases import open_cases
from creditreg.registry import Registry
from creditreg.rulebook.model import Objection, Period
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


def _case_item(case: Event, registry: Registry, today: date) -> dict[str, Any]:
    record = registry.record(case.record_id)
    record_type = registry.rulebook.record_types.get(record.type)
    rule = record_type.objection if record_type else Objection()
    second = case.kind is EventKind.RECONSIDERATION_FILED
    days = rule.reconsideration_answer_days if second else rule.repair_answer_days
    due = deadline(case.on, Period(days=days))  # Civil Code Arts. 201, 203
    item: dict[str, Any] = {
        "record_id": case.record_id,
        "subject_id": case.subject_id,
        "type": record.type,
        "authority": record.authority,
        "filed_on": case.on.isoformat(),
        "answer_by": due.isoformat(),
        "days_left": (due - today).days,
    }
    if second:
        item |= {"reconsideration_id": reconsideration_id(case.objection_id)}
        item |= {"objection_id": case.objection_id}
        # The reviewer decides on the subject's grounds (personal data: erasable).
        item["grounds"] = registry.reader.personal(case.seq).get("grounds") if case.seq else None
    else:
        item["application_id"] = case.application_id
    return item


def case_queue(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    """Open reconsiderations and repair applications, the one due soonest first."""
    today = legal_date(now())
    items = [_case_item(case, registry, today) for case in open_cases(registry.engine)]
    items.sort(key=lambda item: (item["answer_by"], item["record_id"]))
    return {
        "reconsiderations": [i for i in items if "reconsideration_id" in i],
        "repair_applications": [i for i in items if "application_id" in i],
    }
