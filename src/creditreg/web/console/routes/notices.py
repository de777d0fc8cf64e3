"""The subject's notices on the console, and the second instance from its file page.

``POST /console/reconsiderations`` applies for reconsideration of the record's rejected
objection; ``POST /console/repair-applications`` applies for repair. The same use cases
as the API (``Registry.reconsider``, ``Registry.apply_for_repair``); a refusal (window
closed, too early: with the first possible day) is shown as the error page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from creditreg.due_process import Refused
from creditreg.engine.actions import ActionKind
from creditreg.engine.state import RecordStatus, SubjectState
from creditreg.events import EventKind, Outcome
from creditreg.notices.store import subject_notices
from creditreg.timeparse import legal_date, now
from creditreg.web.console import guard, pages
from creditreg.web.console.forms import Csrf, Grounds, RecordField
from creditreg.web.console.pages import context
from creditreg.web.context import Context

router = APIRouter(include_in_schema=False)
BACK = "/console/file#notices-heading"


def notice_values(ctx: Context, state: SubjectState) -> dict[str, Any]:
    """What ``_notices.html`` needs: the notices, and where the subject may apply."""
    registry = ctx.registry
    notices = subject_notices(registry.engine, state.subject_id, registry.rulebook_by_ref, 100)
    # The engine's actions say where reconsideration is open (window, not yet filed).
    reconsiderable = {
        view.record_id
        for view in state.records
        for action in view.actions
        if action.action is ActionKind.RECONSIDER and action.open_on(state.as_of)
    }
    repairable = [
        view.record_id
        for view in state.records
        if view.repair_from is not None
        and view.repair_from <= state.as_of
        and view.status is RecordStatus.ACTIVE
    ]
    return {"notices": notices, "reconsiderable": reconsiderable, "repairable": repairable}


@router.post("/console/reconsiderations")
async def reconsider(
    request: Request,
    record_id: RecordField = "",
    grounds: Grounds = "",
    csrf: Csrf = "",
) -> Response:
    asked = guard.own_record_with_grounds(request, record_id, grounds, csrf)
    if isinstance(asked, Response):
        return asked
    own, text = asked
    registry = context(request).registry
    events = registry.reader.record_events(own)
    rejected = [
        e.objection_id
        for e in events
        if e.kind is EventKind.OBJECTION_DECIDED and e.outcome is Outcome.REJECTED
    ]
    if not rejected:
        return pages.render(request, "error.html", 404, kind="not-found", roles=[])
    today = legal_date(now())
    try:
        await run_in_threadpool(registry.reconsider, rejected[-1], today, text)
    except Refused as exc:
        return pages.render(request, "error.html", 409, kind="refused", roles=[], reason=str(exc))
    return RedirectResponse(BACK, status_code=303)


@router.post("/console/repair-applications")
async def apply_for_repair(
    request: Request,
    record_id: RecordField = "",
    csrf: Csrf = "",
) -> Response:
    own = guard.own_record(request, record_id, csrf)
    if isinstance(own, Response):
        return own
    registry = context(request).registry
    try:
        await run_in_threadpool(registry.apply_for_repair, own, legal_date(now()))
    except Refused as exc:
        return pages.render(request, "error.html", 409, kind="refused", roles=[], reason=str(exc))
    return RedirectResponse(BACK, status_code=303)
