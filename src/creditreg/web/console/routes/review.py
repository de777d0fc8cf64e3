"""The reviewers' queue: both instances, the one due soonest first, and their decisions.

The queue is the API's own (``GET /v1/objections``, ``service.objections``): open
objections (the answer-by date is the record type's ``objection.answer_within_days``
after the filing date, moved past a holiday as Civil Code Art. 203 says), then the
second instance, reconsiderations (SPC-2017-7 第12条: decided within 15 days) and repair
applications (NDRC Order 58), each with the record, the grounds and the days left. A
decision is the registry's use case, the same call the API and the CLI make:
``Registry.decide_objection``, ``decide_reconsideration``, ``decide_repair``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from creditreg.access.roles import Role
from creditreg.due_process import (
    APPLICATION,
    RECONSIDERATION,
    Refused,
    application_of,
    objection_of,
)
from creditreg.events import Event, EventKind, Outcome
from creditreg.registry import NotFound, Registry, Written
from creditreg.service.objections import case_queue, objection_queue
from creditreg.timeparse import legal_date, now
from creditreg.web.console import guard, pages
from creditreg.web.console.forms import Csrf, Grounds, text_field
from creditreg.web.console.pages import context

router = APIRouter(include_in_schema=False)
QUEUE_LIMIT = 200
Decide = Callable[[str, date, Outcome, str], Written]
Pick = Callable[[Registry], Decide]


def _limits(registry: Registry, items: list[dict[str, Any]], days: Callable[..., int]) -> None:
    """Each item's legal limit in days, from its record type's objection rules."""
    for item in items:
        record_type = registry.rulebook.record_types.get(str(item["type"]))
        item["limit_days"] = days(record_type.objection) if record_type else 15


def _queue(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    queue = {"objections": objection_queue(registry, QUEUE_LIMIT)} | case_queue(registry)
    _limits(registry, queue["objections"], lambda rule: rule.answer_within_days)
    _limits(registry, queue["reconsiderations"], lambda rule: rule.reconsideration_answer_days)
    _limits(registry, queue["repair_applications"], lambda rule: rule.repair_answer_days)
    return queue


def _decision(registry: Registry, case_id: str) -> Event | None:
    """The decision of an objection, reconsideration or repair application (for the
    confirmation), if there is one."""
    try:
        if case_id.startswith(RECONSIDERATION):
            kind, key = EventKind.RECONSIDERATION_DECIDED, objection_of(case_id)
            subject = registry.objection(key).subject_id
        elif APPLICATION in case_id:
            kind, key = EventKind.REPAIR_DECIDED, case_id
            subject = registry.record(application_of(case_id)).subject_id
        else:
            kind, key = EventKind.OBJECTION_DECIDED, case_id
            subject = registry.objection(key).subject_id
    except (NotFound, ValueError):
        return None
    events = registry.reader.subject_events(subject)
    found = [e for e in events if e.kind is kind and (e.application_id or e.objection_id) == key]
    return found[0] if found else None


@router.get("/console/review")
async def queue(
    request: Request, decided: Annotated[str | None, Query(max_length=300)] = None
) -> Response:
    guard.require(request, Role.REVIEWER)
    registry = context(request).registry
    items = await run_in_threadpool(_queue, registry)
    done = await run_in_threadpool(_decision, registry, decided) if decided else None
    rulebook = registry.rulebook
    return pages.render(request, "review.html", queue=items, decided=done, rulebook=rulebook)


async def _decide(
    request: Request, case_id: str, form: tuple[str, str, str], how: tuple[tuple[str, str], Pick]
) -> Response:
    """Check the reviewer and the form, then record the outcome through the registry's
    use case that ``how`` picks (one of two ``outcomes``)."""
    (outcome, reason, csrf), (outcomes, pick) = form, how
    guard.require(request, Role.REVIEWER)
    guard.form(request, csrf)
    text = text_field(reason)
    if outcome not in outcomes or text is None:
        return pages.render(request, "error.html", 422, kind="decision", roles=[])
    decide = pick(context(request).registry)
    try:
        await run_in_threadpool(decide, case_id, legal_date(now()), Outcome(outcome), text)
    except NotFound:
        return pages.render(request, "error.html", 404, kind="not-found", roles=[])
    except Refused as exc:
        return pages.render(request, "error.html", 409, kind="refused", roles=[], reason=str(exc))
    return RedirectResponse(f"/console/review?decided={quote(case_id)}", status_code=303)


Choice = Annotated[str, Form(max_length=20)]
UPHOLD_OR_REJECT = ("upheld", "rejected")


# The three decisions differ only in their path, their two outcomes and the registry's
# use case, so one form handler serves each, registered in this order (the objection's
# id takes no slash, so the longer paths never reach it). Each path keeps its own
# parameter name (docs/console.md lists them); the handler reads it by alias.
DECISIONS: tuple[tuple[str, str, tuple[str, str], Pick], ...] = (
    ("/console/review/", "objection_id", UPHOLD_OR_REJECT, lambda r: r.decide_objection),
    (
        "/console/review/reconsiderations/",
        "reconsideration_id",
        UPHOLD_OR_REJECT,
        lambda r: r.decide_reconsideration,
    ),
    (
        "/console/review/repair-applications/",
        "application_id",
        ("granted", "refused"),
        lambda r: r.decide_repair,
    ),
)


def _decision_route(prefix: str, name: str, outcomes: tuple[str, str], pick: Pick) -> None:
    async def decide(
        request: Request,
        case_id: str,
        outcome: Choice = "",
        reason: Grounds = "",
        csrf: Csrf = "",
    ) -> Response:
        return await _decide(request, case_id, (outcome, reason, csrf), (outcomes, pick))

    # Annotations are strings here (``from __future__``) that FastAPI resolves in the
    # module's globals, so the alias, a local, is set as an object.
    decide.__annotations__["case_id"] = Annotated[str, Path(alias=name, max_length=300)]
    router.post(f"{prefix}{{{name}}}", name=f"decide_{name}")(decide)


for _route in DECISIONS:
    _decision_route(*_route)
