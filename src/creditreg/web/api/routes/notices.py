"""Notices: a subject's own (``/v1/subjects/{id}/notices``), webhooks and delivery logs.

The same use cases as ``creditreg notices``, ``webhook`` and ``contact``
(``creditreg.notices.store``). A subject reads only its own notices and sets only its
own address; webhooks and delivery logs are the admin's (an auditor may read the logs).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import Field

from creditreg.access.roles import Principal, Role
from creditreg.notices import store
from creditreg.web.api.owned import Owned, owned
from creditreg.web.api.schemas import NOT_SPACE, Strict, stripped
from creditreg.web.auth import Admin, require
from creditreg.web.context import Ctx
from creditreg.web.problems import Problem, problem_responses

router = APIRouter(tags=["notices"])


class WebhookIn(Strict):
    # The pattern is the server's own rule; whitespace around it is stripped (Strict).
    url: str = Field(
        max_length=2000,
        pattern=stripped(store.WEBHOOK_URL.pattern),
        examples=["https://agency.example/creditreg-notices"],
    )
    # At least 16 characters once stripped: first and last not a space.
    secret: str = Field(
        min_length=16, max_length=200, pattern=stripped(f"{NOT_SPACE}[^\\x00]{{14,}}{NOT_SPACE}")
    )


# Shared by the routes below: the refusals they may answer with (documented in the
# OpenAPI), and the one address of a subject's e-mail contact (set, erased).
REFUSED = problem_responses(401, 403, 422)
CONTACT = "/v1/subjects/{subject_id}/contact"


class ContactIn(Strict):
    email: str = Field(
        max_length=320, pattern=stripped(store.EMAIL.pattern), examples=["subject@example.cn"]
    )


@router.get(
    "/v1/subjects/{subject_id}/notices",
    responses=REFUSED,
    summary="A subject's notices, newest first: what happened, why, until when, what to do",
)
async def subject_notices(
    asked: Annotated[Owned, owned(Role.SUBJECT, Role.REVIEWER)], ctx: Ctx
) -> dict[str, Any]:
    registry, subject_id = ctx.registry, asked.subject_id
    found = await run_in_threadpool(
        store.subject_notices, registry.engine, subject_id, registry.rulebook_by_ref
    )
    return {"subject_id": subject_id, "notices": found}


@router.put(
    CONTACT,
    status_code=204,
    responses=REFUSED,
    summary="Set the subject's e-mail address for notices (the subject itself)",
)
async def set_contact(
    asked: Annotated[Owned, owned(Role.SUBJECT)], body: ContactIn, ctx: Ctx
) -> Response:
    engine = ctx.registry.engine
    try:
        await run_in_threadpool(store.set_contact, engine, asked.subject_id, body.email)
    except store.BadChannel as exc:
        raise Problem("invalid-channel", str(exc), field="email") from None
    return Response(status_code=204)


@router.delete(
    CONTACT,
    status_code=204,
    responses=REFUSED,
    summary="Erase the subject's e-mail address (personal data)",
)
async def forget_contact(
    asked: Annotated[Owned, owned(Role.SUBJECT, Role.ADMIN)], ctx: Ctx
) -> Response:
    await run_in_threadpool(store.forget_contact, ctx.registry.engine, asked.subject_id)
    return Response(status_code=204)


@router.post(
    "/v1/webhooks",
    status_code=201,
    responses=REFUSED,
    summary="Register a webhook (admin): every notice from now on, signed with HMAC-SHA256",
)
async def add_webhook(body: WebhookIn, who: Admin, ctx: Ctx) -> dict[str, Any]:
    try:
        hook = await run_in_threadpool(
            store.add_webhook, ctx.registry.engine, body.url, body.secret
        )
    except store.BadChannel as exc:
        raise Problem("invalid-channel", str(exc), field="url") from None
    return {"webhook_id": hook.webhook_id, "url": hook.url, "added_at": hook.added_at}


@router.get(
    "/v1/webhooks",
    responses=problem_responses(401, 403),
    summary="Every webhook (admin); secrets are never shown",
)
async def list_webhooks(who: Admin, ctx: Ctx) -> dict[str, Any]:
    hooks = await run_in_threadpool(store.list_webhooks, ctx.registry.engine)
    return {
        "webhooks": [
            {"webhook_id": h.webhook_id, "url": h.url, "added_at": h.added_at}
            | {"retired_at": h.retired_at}
            for h in hooks
        ]
    }


@router.get(
    "/v1/notices/{notice_id}/deliveries",
    responses=problem_responses(401, 403, 404, 422),
    summary="The delivery log of one notice: every attempt on every channel",
)
async def delivery_log(
    notice_id: Annotated[str, Path(max_length=255)],
    who: Annotated[Principal, Depends(require(Role.ADMIN, Role.AUDITOR))],
    ctx: Ctx,
) -> dict[str, Any]:
    if not await run_in_threadpool(store.notice_exists, ctx.registry.engine, notice_id):
        raise Problem("not-found", "no such notice")
    attempts = await run_in_threadpool(store.delivery_log, ctx.registry.engine, notice_id)
    return {"notice_id": notice_id, "attempts": attempts}
