"""``GET /v1/checks`` and ``POST /v1/checks``: may this subject use this service now?

A check answers with the decision and its reasons, never the file. Each decision gets a
fresh id and an access-log entry, committed before the answer is sent (group commit,
``access.recorder``). Nothing waits for the database on the event loop: a single check
reads in the thread pool on PostgreSQL (inline on SQLite, where it is a cached page); a
batch always runs in the thread pool: it may take a tenth of a second and must not hold
up single checks.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from creditreg.access.roles import Principal, Role
from creditreg.rulebook.texts import Lang
from creditreg.service import checks
from creditreg.service.checks import Asker
from creditreg.service.moments import answer_at, knowledge
from creditreg.web.api.batch_checks import answer_batch
from creditreg.web.api.check_query import CHECK_OPENAPI, CheckQuery
from creditreg.web.api.language import (
    LANG_DESCRIPTION,
    LANG_PATTERN,
    action_link,
    chosen_lang,
    language_headers,
)
from creditreg.web.api.query_names import only_known_query
from creditreg.web.api.schemas import BatchChecks, BatchChecksOut, CheckOut
from creditreg.web.auth import authenticate, credentials, require
from creditreg.web.context import Context, context
from creditreg.web.problems import Problem, problem_responses

router = APIRouter(tags=["checks"])
Checkpoint = Annotated[Principal, Depends(require(Role.CHECKPOINT))]
Ctx = Annotated[Context, Depends(context)]


@router.get(
    "/v1/checks",
    response_model=CheckOut,
    responses=problem_responses(401, 403, 404, 422),
    summary="Check one subject for one service",
    openapi_extra=CHECK_OPENAPI,
)
async def check(request: Request) -> JSONResponse:
    """The hot path, parsed by hand (see ``check_query``): FastAPI's parameter and
    dependency machinery cost more per request than reading the subject's state."""
    ctx: Context = request.app.state.context
    if ctx.registry.remote:
        # A PostgreSQL round trip (token, row, position) must not hold the event loop:
        # every other request would wait for it. One hop to the thread pool instead.
        checked, lang = await run_in_threadpool(_decided, request, ctx)
    else:
        # SQLite reads a page the OS has cached: shorter than the hop to a worker thread
        # and back (an earlier profile; at load 12-16 bench/api_bench.py could not tell
        # the two apart, the constant endpoint itself varying 4x between runs).
        checked, lang = _decided(request, ctx)
    answer = await checks.record(ctx.recorder, checked)
    ctx.metrics.decided(checked.data["service"], answer["allowed"])
    return JSONResponse(answer, headers=language_headers(lang))


def single_route() -> APIRoute:
    """The route of ``GET /v1/checks`` (``check_path`` serves it past the router)."""
    for route in router.routes:
        if isinstance(route, APIRoute) and route.endpoint is check:
            return route
    raise LookupError("GET /v1/checks is not among the routes")


def _decided(request: Request, ctx: Context) -> tuple[checks.Audited, Lang]:
    """Who asks, what, and the decision with its access-log entry (not yet committed)."""
    who = authenticate(ctx, credentials(request))
    if who.role is not Role.CHECKPOINT:
        raise Problem("forbidden", f"{who.role.value} tokens cannot do this; it needs checkpoint")
    query = CheckQuery.parse(request.scope["query_string"])
    moment, known = answer_at(query.at), knowledge(query.known_at)
    lang = chosen_lang(request, query.lang)
    asker = Asker(who, query.purpose, lang=lang, link=action_link)
    checked = checks.check(ctx.registry, asker, query.subject, query.service, moment, known)
    return checked, lang


@router.post(
    "/v1/checks",
    response_model=BatchChecksOut,
    responses=problem_responses(401, 403, 404, 413, 422),
    summary="Check many subjects at once (up to CREDITREG_MAX_BATCH items)",
    dependencies=[Depends(only_known_query)],  # the router has none: see app.create_app
)
async def check_many(
    request: Request,
    who: Checkpoint,
    ctx: Ctx,
    body: BatchChecks,
    lang: Annotated[
        str | None, Query(max_length=16, description=LANG_DESCRIPTION, pattern=LANG_PATTERN)
    ] = None,
) -> JSONResponse:
    limit = ctx.settings.max_batch
    if len(body.items) > limit:
        raise Problem("too-large", f"{len(body.items)} items in one batch; at most {limit}")
    moment, chosen = answer_at(body.at), chosen_lang(request, lang)
    answer, entries = await run_in_threadpool(answer_batch, who, ctx, body, moment, chosen)
    await ctx.recorder.record(entries)
    return JSONResponse(answer, headers=language_headers(chosen))
