"""The due-process events over HTTP: revocation, fulfilment, objection, repair, extension,
and the decision on an objection. Each is checked and appended in one transaction.

Who may do what: the issuing agency revokes, records fulfilment and extends its own
records; the subject objects to records naming it; repairs are granted by the issuing
agency or a reviewer; reviewers decide objections.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.concurrency import run_in_threadpool

from creditreg.access.roles import Principal, Role
from creditreg.api.auth import require
from creditreg.api.bindings import own_record
from creditreg.api.context import Context, context
from creditreg.api.problems import Problem, problem_responses
from creditreg.api.schemas import (
    DecisionIn,
    EventOut,
    Extension,
    Fulfilment,
    ObjectionIn,
    Repair,
    Revocation,
)
from creditreg.events import Outcome
from creditreg.registry import Written
from creditreg.timeparse import legal_date, now

router = APIRouter(tags=["due process"])
Ctx = Annotated[Context, Depends(context)]
RecordId = Annotated[str, Path(max_length=255, examples=["bj-chaoyang-2026-0412"])]
ERRORS = problem_responses(401, 403, 404, 409, 422)


def _answer(written: Written) -> dict[str, Any]:
    event = written.event
    return {
        "event": event.kind.value,
        "record_id": event.record_id,
        "subject_id": event.subject_id,
        "on": event.on.isoformat(),
        "seq": written.seq,
        "objection_id": event.objection_id or None,
    }


async def _apply(
    ctx: Context, who: Principal, record_id: str, on: date | None, act: Callable[[date], Written]
) -> dict[str, Any]:
    """Check ``who`` may act on the record, then append what ``act`` builds for the day."""
    own_record(who, ctx.registry.record(record_id))
    return _answer(await run_in_threadpool(act, on or legal_date(now())))


@router.post(
    "/v1/records/{record_id}/revocation", status_code=201, response_model=EventOut, responses=ERRORS
)
async def revoke(
    record_id: RecordId,
    body: Revocation,
    who: Annotated[Principal, Depends(require(Role.AGENCY))],
    ctx: Ctx,
) -> dict[str, Any]:
    return await _apply(
        ctx, who, record_id, body.on, lambda day: ctx.registry.revoke(record_id, day, body.reason)
    )


@router.post(
    "/v1/records/{record_id}/fulfilment", status_code=201, response_model=EventOut, responses=ERRORS
)
async def fulfil(
    record_id: RecordId,
    body: Fulfilment,
    who: Annotated[Principal, Depends(require(Role.AGENCY))],
    ctx: Ctx,
) -> dict[str, Any]:
    return await _apply(
        ctx, who, record_id, body.on, lambda day: ctx.registry.fulfil(record_id, day)
    )


@router.post(
    "/v1/records/{record_id}/objection", status_code=201, response_model=EventOut, responses=ERRORS
)
async def object_to(
    record_id: RecordId,
    body: ObjectionIn,
    who: Annotated[Principal, Depends(require(Role.SUBJECT))],
    ctx: Ctx,
) -> dict[str, Any]:
    today = legal_date(now())
    if body.on is not None and body.on != today:
        # A subject's objection is filed when it is sent: a backdated one would open
        # an objection in the past and suspend measures that were in force then.
        raise Problem("invalid-request", f"a subject files an objection today ({today})")
    return await _apply(
        ctx, who, record_id, today, lambda day: ctx.registry.object(record_id, day, body.grounds)
    )


@router.post(
    "/v1/records/{record_id}/repair", status_code=201, response_model=EventOut, responses=ERRORS
)
async def repair(
    record_id: RecordId,
    body: Repair,
    who: Annotated[Principal, Depends(require(Role.AGENCY, Role.REVIEWER))],
    ctx: Ctx,
) -> dict[str, Any]:
    return await _apply(
        ctx, who, record_id, body.on, lambda day: ctx.registry.repair(record_id, day)
    )


@router.post(
    "/v1/records/{record_id}/extension", status_code=201, response_model=EventOut, responses=ERRORS
)
async def extend(
    record_id: RecordId,
    body: Extension,
    who: Annotated[Principal, Depends(require(Role.AGENCY))],
    ctx: Ctx,
) -> dict[str, Any]:
    return await _apply(
        ctx, who, record_id, body.on, lambda day: ctx.registry.extend(record_id, day, body.years)
    )


@router.post(
    "/v1/objections/{objection_id}/decision",
    status_code=201,
    response_model=EventOut,
    responses=ERRORS,
)
async def decide_objection(
    objection_id: Annotated[str, Path(max_length=255, examples=["obj-3fa2c1d0e9b8a7f6"])],
    body: DecisionIn,
    who: Annotated[Principal, Depends(require(Role.REVIEWER))],
    ctx: Ctx,
) -> dict[str, Any]:
    on = body.on or legal_date(now())
    written = await run_in_threadpool(
        ctx.registry.decide_objection, objection_id, on, Outcome(body.outcome), body.reason
    )
    return _answer(written)
