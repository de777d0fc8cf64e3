"""The log's transparency over HTTP: the signed head, inclusion and consistency proofs.

Heads and consistency proofs are public: they reveal sizes and hashes only. An
inclusion proof names a record, so it is given to auditors, to the record's subject and
to the agency that issued it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.concurrency import run_in_threadpool

from creditreg.access.roles import Principal, Role
from creditreg.service.heads import signed_head
from creditreg.service.ownership import own_record
from creditreg.transparency import service
from creditreg.web.api.schemas import MAX_INT
from creditreg.web.auth import require
from creditreg.web.context import Ctx
from creditreg.web.problems import problem_responses

router = APIRouter(tags=["transparency"])
HEAD_EXAMPLE = {
    "size": 1042,
    "root": "5f0c…e1",
    "timestamp": "2026-11-27T08:00:00.000000+00:00",
    "key_id": "a1b2c3d4e5f60718",
    "signature": "9d…",
}


@router.get(
    "/v1/log/head",
    responses={
        200: {"content": {"application/json": {"example": HEAD_EXAMPLE}}},
        **problem_responses(404),
    },
    summary="The latest signed tree head (public)",
)
async def head(ctx: Ctx) -> dict[str, Any]:
    found = await run_in_threadpool(signed_head, ctx.registry)
    return found.to_json()


@router.get(
    "/v1/log/proof/{record_id}",
    responses=problem_responses(401, 403, 404, 422),
    summary="Inclusion proof of a record's entry against a signed head",
)
async def inclusion(
    record_id: Annotated[str, Path(max_length=255)],
    who: Annotated[Principal, Depends(require(Role.AUDITOR, Role.SUBJECT, Role.AGENCY))],
    ctx: Ctx,
    size: Annotated[
        int | None, Query(ge=1, le=MAX_INT, description="Tree size of a published head")
    ] = None,
) -> dict[str, Any]:
    registry = ctx.registry
    own_record(who, registry.record(record_id))

    def prove() -> dict[str, Any]:
        index = service.leaf_index(registry.engine, record_id)
        signed, proof = service.prove_inclusion(registry.engine, index, size, registry.keys_dir)
        return {"record_id": record_id, "head": signed.to_json(), **proof}

    return await run_in_threadpool(prove)


@router.get(
    "/v1/log/consistency",
    responses=problem_responses(404, 422),
    summary="Consistency proof between two published heads (public)",
)
async def consistency(
    ctx: Ctx,
    first: Annotated[int, Query(ge=1, le=MAX_INT, description="Size of the older head")],
    second: Annotated[int, Query(ge=1, le=MAX_INT, description="Size of the newer head")],
) -> dict[str, Any]:
    return await run_in_threadpool(service.prove_consistency, ctx.registry.engine, first, second)
