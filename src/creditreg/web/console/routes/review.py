"""The reviewers' queue: open objections, the one due soonest first, and their decisions.

The queue is the API's own (``GET /v1/objections``: the answer-by date is the record type's
``objection.answer_within_days`` after the filing date, moved past a holiday as Civil
Code Art. 203 says: ``due_process.objection_answer_by``), shown with the record,
the grounds and the days left; a decision is ``Registry.decide_objection``, the same
call ``POST /v1/objections/{id}/decision`` makes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from creditreg.access.roles import Role
from creditreg.due_process import Refused
from creditreg.events import Event, EventKind, Outcome
from creditreg.registry import NotFound, Registry
from creditreg.service.objections import objection_queue
from creditreg.timeparse import legal_date, now
from creditreg.web.console import guard, pages
from creditreg.web.console.forms import text_field
from creditreg.web.console.pages import context

router = APIRouter(include_in_schema=False)
QUEUE_LIMIT = 200


def _queue(registry: Registry) -> list[dict[str, object]]:
    items = objection_queue(registry, QUEUE_LIMIT)
    for item in items:
        record_type = registry.rulebook.record_types.get(str(item["type"]))
        authority = registry.rulebook.authorities.get(str(item["authority"]))
        item["label"] = record_type.label if record_type else item["type"]
        item["limit_days"] = record_type.objection.answer_within_days if record_type else 15
        item["authority_name"] = authority.name if authority else item["authority"]
    return items


def _decision(registry: Registry, objection_id: str) -> Event | None:
    """The decision event of ``objection_id`` (for the confirmation), if there is one."""
    try:
        filed = registry.objection(objection_id)
    except NotFound:
        return None
    events = registry.reader.subject_events(filed.subject_id)
    decided = [e for e in events if e.kind is EventKind.OBJECTION_DECIDED]
    return next((e for e in decided if e.objection_id == objection_id), None)


@router.get("/console/review")
async def queue(
    request: Request, decided: Annotated[str | None, Query(max_length=64)] = None
) -> Response:
    guard.require(request, Role.REVIEWER)
    registry = context(request).registry
    items = await run_in_threadpool(_queue, registry)
    done = await run_in_threadpool(_decision, registry, decided) if decided else None
    return pages.render(request, "review.html", items=items, decided=done)


@router.post("/console/review/{objection_id}")
async def decide(
    request: Request,
    objection_id: Annotated[str, Path(max_length=255)],
    outcome: Annotated[str, Form(max_length=20)] = "",
    reason: Annotated[str, Form(max_length=2000)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    guard.require(request, Role.REVIEWER)
    guard.form(request, csrf)
    text = text_field(reason)
    if outcome not in ("upheld", "rejected") or text is None:
        return pages.render(request, "error.html", 422, kind="decision", roles=[])
    registry = context(request).registry
    day = legal_date(now())
    try:
        await run_in_threadpool(
            registry.decide_objection, objection_id, day, Outcome(outcome), text
        )
    except NotFound:
        return pages.render(request, "error.html", 404, kind="not-found", roles=[])
    except Refused as exc:
        return pages.render(request, "error.html", 409, kind="refused", roles=[], reason=str(exc))
    return RedirectResponse(f"/console/review?decided={objection_id}", status_code=303)
