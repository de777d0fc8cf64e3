"""``GET /v1/checks`` and ``POST /v1/checks``: may this subject use this service now?

A check answers with the decision and its reasons, never the file. Each decision gets a
fresh id and an access-log entry, committed before the answer is sent. A batch runs in
the thread pool: it may take a tenth of a second and must not hold up single checks.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from creditreg.access.entries import CHECK, AccessEntry, new_decision_id
from creditreg.access.roles import Principal, Role
from creditreg.api.auth import authenticate, credentials, require
from creditreg.api.batch_checks import answer_batch
from creditreg.api.bindings import serves
from creditreg.api.check_query import CHECK_OPENAPI, CheckQuery
from creditreg.api.context import Context, context
from creditreg.api.language import (
    LANG_DESCRIPTION,
    action_link,
    chosen_lang,
    language_headers,
)
from creditreg.api.moments import instant, knowledge
from creditreg.api.problems import Problem, problem_responses
from creditreg.api.schemas import BatchChecks, BatchChecksOut, CheckOut
from creditreg.cli.render import decision_json
from creditreg.engine import Decision
from creditreg.timeparse import legal_date

router = APIRouter(tags=["checks"])
Checkpoint = Annotated[Principal, Depends(require(Role.CHECKPOINT))]
Ctx = Annotated[Context, Depends(context)]


def outcome(decision: Decision) -> str:
    return "allowed" if decision.allowed else "denied"


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
    who = authenticate(ctx, credentials(request))
    if who.role is not Role.CHECKPOINT:
        raise Problem("forbidden", f"{who.role.value} tokens cannot do this; it needs checkpoint")
    query = CheckQuery.parse(request.scope["query_string"])
    registry = ctx.registry
    serves(who, query.service, registry.rulebook)
    moment, known = instant(query.at), knowledge(query.known_at)
    # Inline, not in the thread pool: a check is an index read and a (usually cached)
    # fold, shorter than the hop to a worker thread and back.
    decision, log_size = registry.checked(query.subject, query.service, legal_date(moment), known)
    decision_id = new_decision_id()
    entry = AccessEntry.of(
        who,
        CHECK,
        decision.subject_id,
        purpose=query.purpose or f"check {query.service}",
        rulebook=decision.rulebook,
        as_of=decision.as_of.isoformat(),
        service=query.service,
        decision_id=decision_id,
        outcome=outcome(decision),
        log_size=log_size,
        known_at=known,
    )
    await ctx.recorder.record([entry])
    ctx.metrics.decided(query.service, decision.allowed)
    lang = chosen_lang(request, query.lang)
    answer = decision_json(decision, moment, decision_id, lang=lang, link=action_link)
    return JSONResponse(answer, headers=language_headers(lang))


@router.post(
    "/v1/checks",
    response_model=BatchChecksOut,
    responses=problem_responses(401, 403, 413, 422),
    summary="Check many subjects at once (up to CREDITREG_MAX_BATCH items)",
)
async def check_many(
    request: Request,
    who: Checkpoint,
    ctx: Ctx,
    body: BatchChecks,
    lang: Annotated[str | None, Query(max_length=16, description=LANG_DESCRIPTION)] = None,
) -> JSONResponse:
    limit = ctx.settings.max_batch
    if len(body.items) > limit:
        raise Problem("too-large", f"{len(body.items)} items in one batch; at most {limit}")
    moment, chosen = instant(body.at), chosen_lang(request, lang)
    answer, entries = await run_in_threadpool(answer_batch, who, ctx, body, moment, chosen)
    await ctx.recorder.record(entries)
    return JSONResponse(answer, headers=language_headers(chosen))
