"""The due-process events over HTTP: revocation, fulfilment, objection, repair, extension,
and the decision on an objection. Each is checked and appended in one transaction.

Who may do what: the issuing agency revokes, records fulfilment and extends its own
records; the subject objects to records naming it; repairs are granted by the issuing
agency or a reviewer; reviewers decide objections.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.concurrency import run_in_threadpool

from creditreg.access.roles import Principal, Role
from creditreg.events import Outcome
from creditreg.service import commands
from creditreg.web.api.schemas import (
    DecisionIn,
    EventOut,
    Extension,
    Fulfilment,
    ObjectionIn,
    Repair,
    Revocation,
)
from creditreg.web.auth import require
from creditreg.web.context import Context, context
from creditreg.web.problems import problem_responses

router = APIRouter(tags=["due process"])
Ctx = Annotated[Context, Depends(context)]
RecordId = Annotated[str, Path(max_length=255, examples=["bj-chaoyang-2026-0412"])]
ERRORS = problem_responses(401, 403, 404, 409, 422)


@router.post(
    "/v1/records/{record_id}/revocation", status_code=201, response_model=EventOut, responses=ERRORS
)
async def revoke(
    record_id: RecordId,
    body: Revocation,
    who: Annotated[Principal, Depends(require(Role.AGENCY))],
    ctx: Ctx,
) -> dict[str, Any]:
    return await run_in_threadpool(
        commands.revoke, ctx.registry, who, record_id, body.on, body.reason
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
    return await run_in_threadpool(commands.fulfil, ctx.registry, who, record_id, body.on)


@router.post(
    "/v1/records/{record_id}/objection", status_code=201, response_model=EventOut, responses=ERRORS
)
async def object_to(
    record_id: RecordId,
    body: ObjectionIn,
    who: Annotated[Principal, Depends(require(Role.SUBJECT))],
    ctx: Ctx,
) -> dict[str, Any]:
    return await run_in_threadpool(
        commands.object_to, ctx.registry, who, record_id, body.on, body.grounds
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
    return await run_in_threadpool(commands.repair, ctx.registry, who, record_id, body.on)


@router.post(
    "/v1/records/{record_id}/extension", status_code=201, response_model=EventOut, responses=ERRORS
)
async def extend(
    record_id: RecordId,
    body: Extension,
    who: Annotated[Principal, Depends(require(Role.AGENCY))],
    ctx: Ctx,
) -> dict[str, Any]:
    return await run_in_threadpool(
        commands.extend, ctx.registry, who, record_id, body.on, body.years
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
    return await run_in_threadpool(
        commands.decide_objection,
        ctx.registry,
        objection_id,
        body.on,
        Outcome(body.outcome),
        body.reason,
    )
