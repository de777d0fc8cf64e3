"""``GET /v1/objections``: the reviewers' queue, open objections by how soon they are due."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool

from creditreg.access.roles import Principal, Role
from creditreg.api.auth import require
from creditreg.api.context import Context, context
from creditreg.api.problems import problem_responses
from creditreg.api.routes.second_instance import case_queue
from creditreg.due_process import objection_answer_by
from creditreg.events import Event
from creditreg.registry import Registry
from creditreg.timeparse import legal_date, now

router = APIRouter(tags=["due process"])


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


@router.get(
    "/v1/objections",
    responses=problem_responses(401, 403, 422),
    summary="Open objections, reconsiderations and repair applications, soonest due first",
)
async def open_objections(
    who: Annotated[Principal, Depends(require(Role.REVIEWER))],
    ctx: Annotated[Context, Depends(context)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    # Both instances: objections, then reconsiderations and repair applications.
    cases = await run_in_threadpool(case_queue, ctx.registry)
    return {"objections": await run_in_threadpool(objection_queue, ctx.registry, limit)} | cases
