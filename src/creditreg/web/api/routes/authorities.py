"""``/v1/authorities``: the authority roster, public to read, managed by admins.

The same use cases as ``creditreg authority`` (``creditreg.roster.manage``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool

from creditreg.roster.entry import InvalidAuthority
from creditreg.roster.manage import add_authority, retire_authority
from creditreg.timeparse import legal_date, now
from creditreg.web.api.roster_schemas import AuthoritiesOut, AuthorityIn, AuthorityOut, RetirementIn
from creditreg.web.auth import Admin
from creditreg.web.context import Ctx
from creditreg.web.problems import Problem, problem_responses

router = APIRouter(tags=["authorities"])


@router.get(
    "/v1/authorities",
    response_model=AuthoritiesOut,
    summary="The authority roster (public): who may submit records, retired ones included",
)
async def list_authorities(ctx: Ctx) -> dict[str, object]:
    roster = await run_in_threadpool(ctx.registry.roster)
    return {"authorities": [entry.to_json() for entry in roster.values()]}


@router.post(
    "/v1/authorities",
    status_code=201,
    response_model=AuthorityOut,
    responses=problem_responses(401, 403, 422),
    summary="Add an authority to the roster (admin)",
)
async def add(body: AuthorityIn, who: Admin, ctx: Ctx) -> dict[str, object]:
    registry = ctx.registry
    try:
        entry = await run_in_threadpool(
            add_authority, registry.authorities, registry.rulebook, body.model_dump()
        )
    except InvalidAuthority as exc:
        raise Problem("invalid-authority", exc.rule, field=exc.field) from None  # never echoed
    registry.roster_changed()
    return entry.to_json()


@router.post(
    "/v1/authorities/{authority_id}/retirement",
    response_model=AuthorityOut,
    responses=problem_responses(401, 403, 404, 422),
    summary="Retire an authority (admin): no new records; its records stay in force",
)
async def retire(
    authority_id: Annotated[str, Path(max_length=100)],
    body: RetirementIn,
    who: Admin,
    ctx: Ctx,
) -> dict[str, object]:
    on = body.on or legal_date(now())
    try:
        entry = await run_in_threadpool(
            retire_authority, ctx.registry.authorities, authority_id, on
        )
    except KeyError:
        raise Problem("not-found", f"no authority '{authority_id}' in the roster") from None
    return entry.to_json()
