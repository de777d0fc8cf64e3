"""The subject's file: read (and logged like the API's read), checked, objected to.

``/console/file`` shows a subject its own file; a reviewer looks up any file with
``?subject=``. Each read writes the same access-log entry ``GET /v1/subjects/{id}``
writes (action ``file``, purpose "own file" or "objection review") before the page is
sent. ``/console/check`` answers "may I use this service today?" for the subject's own
file (logged as a check); ``POST /console/objections`` files an objection.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from creditreg.access.roles import Principal, Role
from creditreg.due_process import Refused, objection_answer_by
from creditreg.engine.state import SubjectState
from creditreg.errors import Forbidden
from creditreg.events import Event
from creditreg.identifiers import InvalidIdentifier
from creditreg.registry import NotFound
from creditreg.rulebook.model import RecordType
from creditreg.service import checks
from creditreg.service.checks import Asker
from creditreg.service.moments import answer_at
from creditreg.service.ownership import file_subject
from creditreg.timeparse import BadTime, legal_date, now
from creditreg.web.console import guard, pages, timeline, whatif_view
from creditreg.web.console.forms import Csrf, Grounds, RecordField
from creditreg.web.console.pages import context
from creditreg.web.console.routes.notices import notice_values
from creditreg.web.context import Context
from creditreg.what_if import open_what_ifs

router = APIRouter(include_in_schema=False)
WHO_LOOKED = 50


@router.get("/console/file")
async def file_page(
    request: Request,
    subject: Annotated[str | None, Query(max_length=64)] = None,
    at: Annotated[str | None, Query(max_length=40)] = None,
    filed: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    who = guard.require(request, Role.SUBJECT, Role.REVIEWER)
    try:
        subject_id = file_subject(who, subject)
        moment = answer_at(at)
    except Forbidden:
        raise guard.NotYours() from None
    except (InvalidIdentifier, BadTime) as exc:
        problem = "identifier" if isinstance(exc, InvalidIdentifier) else "time"
        return pages.render(request, "lookup.html", 422, asked=subject or "", problem=problem)
    if subject_id is None:
        return pages.render(request, "lookup.html", asked="", problem=None)
    ctx = context(request)
    read = await run_in_threadpool(checks.read_file, ctx.registry, Asker(who), subject_id, moment)
    await checks.record(ctx.recorder, read)
    values = await run_in_threadpool(_file_values, ctx, who, read.state, filed)
    return pages.render(request, "file.html", **values)


def _file_values(
    ctx: Context, who: Principal, state: SubjectState, filed: str | None
) -> dict[str, Any]:
    registry = ctx.registry
    own = who.role is Role.SUBJECT
    confirmation = _objection(ctx, filed) if filed and own else None
    if confirmation is not None and confirmation.subject_id != state.subject_id:
        confirmation = None
    record_type = _record_type(ctx, confirmation)
    days = record_type.objection.answer_within_days if record_type else None
    return (notice_values(ctx, state) if own else {}) | {
        "state": state,
        "rulebook": registry.rulebook,
        "cards": timeline.cards(state, registry.rulebook, lambda oid: _objection(ctx, oid)),
        "whatifs": whatif_view.views(open_what_ifs(registry, state.subject_id, state.as_of)),
        "reasons": timeline.reasons(state.measures),
        "own": own,
        "looked": ctx.access.latest(WHO_LOOKED, state.subject_id) if own else [],
        "confirmation": confirmation,
        "answer_days": days,
        "answer_by": (
            objection_answer_by(confirmation.on, record_type) if confirmation and days else None
        ),
    }


def _objection(ctx: Context, objection_id: str) -> Event | None:
    try:
        return ctx.registry.objection(objection_id)
    except NotFound:
        return None


def _record_type(ctx: Context, filed: Event | None) -> RecordType | None:
    if filed is None:
        return None
    return ctx.registry.rulebook.record_types.get(ctx.registry.record(filed.record_id).type)


@router.get("/console/check")
async def check(request: Request, service: Annotated[str, Query(max_length=64)] = "") -> Response:
    who = guard.require(request, Role.SUBJECT)
    ctx = context(request)
    rulebook = ctx.registry.rulebook
    template = "_check.html" if pages.is_htmx(request) else "check.html"
    if service not in rulebook.services:
        return pages.render(request, template, 422, decision=None, service=service,
                            rulebook=rulebook)  # fmt: skip
    asker = Asker(who, "own check")
    checked = await run_in_threadpool(
        checks.check, ctx.registry, asker, str(who.subject_id), service, now()
    )
    answer = await checks.record(ctx.recorder, checked)
    return pages.render(
        request, template, decision=checked.decision, service=service, rulebook=rulebook,
        decision_id=answer["decision_id"],
    )  # fmt: skip


@router.post("/console/objections")
async def file_objection(
    request: Request,
    record_id: RecordField = "",
    grounds: Grounds = "",
    csrf: Csrf = "",
) -> Response:
    asked = guard.own_record_with_grounds(request, record_id, grounds, csrf)
    if isinstance(asked, Response):
        return asked
    own, text = asked
    ctx = context(request)
    day = legal_date(now())
    try:
        written = await run_in_threadpool(ctx.registry.object, own, day, text)
    except Refused as exc:
        return pages.render(request, "error.html", 409, kind="refused", roles=[], reason=str(exc))
    target = f"/console/file?filed={written.event.objection_id}#objection-confirmation"
    return RedirectResponse(target, status_code=303)
