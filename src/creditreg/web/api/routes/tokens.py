"""``/v1/tokens``: admins create, list and revoke API tokens (``creditreg token`` alike)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool

from creditreg.access.grants import issue_token
from creditreg.errors import CreditregError
from creditreg.service.moments import instant
from creditreg.web.api.schemas import TokenIn, TokenOut
from creditreg.web.auth import Admin
from creditreg.web.context import Ctx
from creditreg.web.problems import Problem, problem_responses

router = APIRouter(tags=["tokens"])


@router.post(
    "/v1/tokens",
    status_code=201,
    response_model=TokenOut,
    responses=problem_responses(
        401, 403, 422, kinds=["invalid-identifier", "unknown-service", "unknown-authority"]
    ),
    summary="Create a token; the answer is the only time its secret is shown",
)
async def create(body: TokenIn, who: Admin, ctx: Ctx) -> dict[str, object]:
    expires = instant(body.expires_at) if body.expires_at else None
    try:
        info, token = await run_in_threadpool(
            lambda: issue_token(
                ctx.tokens,
                ctx.registry.rulebook,
                body.role,
                body.name,
                expires_at=expires,
                roster=ctx.registry.roster(),
                **body.binding(),
            )
        )
    except CreditregError:  # its own kind: unknown-service, unknown-authority, invalid-identifier
        raise
    except ValueError as exc:  # an expiry in the past
        raise Problem("invalid-request", str(exc)) from None
    return info.to_json(token)


@router.get("/v1/tokens", responses=problem_responses(401, 403), summary="Every token")
async def list_tokens(who: Admin, ctx: Ctx) -> dict[str, object]:
    tokens = await run_in_threadpool(ctx.tokens.list)
    return {"tokens": [info.to_json() for info in tokens]}


@router.delete(
    "/v1/tokens/{token_id}",
    response_model=TokenOut,
    responses=problem_responses(401, 403, 404, 422),
    summary="Revoke a token (it stops working within CREDITREG_TOKEN_CACHE_SECONDS)",
)
async def revoke(
    token_id: Annotated[str, Path(max_length=32)], who: Admin, ctx: Ctx
) -> dict[str, object]:
    try:
        info = await run_in_threadpool(ctx.tokens.revoke, token_id)
    except KeyError:
        raise Problem("not-found", f"no token '{token_id}'") from None
    return info.to_json()
