"""``GET /v1/objections``: the reviewers' queue, open objections by how soon they are due."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool

from creditreg.service.objections import case_queue, objection_queue
from creditreg.web.auth import Reviewer
from creditreg.web.context import Context, context
from creditreg.web.problems import problem_responses

router = APIRouter(tags=["due process"])


@router.get(
    "/v1/objections",
    responses=problem_responses(401, 403, 422),
    summary="Open objections, reconsiderations and repair applications, soonest due first",
)
async def open_objections(
    who: Reviewer,
    ctx: Annotated[Context, Depends(context)],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    # Both instances: objections, then reconsiderations and repair applications.
    cases = await run_in_threadpool(case_queue, ctx.registry)
    return {"objections": await run_in_threadpool(objection_queue, ctx.registry, limit)} | cases
