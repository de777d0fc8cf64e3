"""``GET /v1/lists/{list}`` (public, masked) and ``GET /v1/stats`` (auditors).

Both come from the population engine (``creditreg.population``), cached per log head,
rulebook and day, so repeated requests cost a dictionary lookup until the log grows.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool

from creditreg.population.reports.publish import NotPublic, public_list
from creditreg.population.reports.stats import population_stats
from creditreg.service.moments import AT_DESCRIPTION, answer_at
from creditreg.timeparse import legal_date
from creditreg.web.api.language import LANG_DESCRIPTION, LANG_PATTERN, chosen_lang
from creditreg.web.auth import Auditor
from creditreg.web.context import Ctx
from creditreg.web.problems import Problem, problem_responses

router = APIRouter(tags=["population"])
LIST_EXAMPLE = {
    "list": "court_dishonest",
    "label": "Dishonest judgment debtors",
    "basis": "SPC-2017-7",
    "as_of": "2026-11-27",
    "rulebook": "cn-default@2026.2",
    "fields": ["subject_id", "subject_name", "authority", "decision_ref", "since"],
    "total": 1,
    "page": 1,
    "page_size": 50,
    "query": None,
    "rows": [
        {
            "subject_id": "110105********0418",
            "subject_name": "张伟",
            "authority": "court.bj-chaoyang",
            "decision_ref": "(2026)京0105执1234号",
            "since": "2026-06-01",
        }
    ],
}


@router.get(
    "/v1/lists/{list_name}",
    responses={
        200: {"content": {"application/json": {"example": LIST_EXAMPLE}}},
        **problem_responses(404, 422),
    },
    summary="A public list: masked identifiers, only the fields the rulebook publishes",
)
async def public(
    request: Request,
    list_name: Annotated[str, Path(max_length=64, examples=["court_dishonest"])],
    ctx: Ctx,
    at: Annotated[str | None, Query(max_length=40, description=AT_DESCRIPTION)] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=500)] = 50,
    q: Annotated[str | None, Query(max_length=64, description="Search masked id, name")] = None,
    lang: Annotated[
        str | None, Query(max_length=16, description=LANG_DESCRIPTION, pattern=LANG_PATTERN)
    ] = None,
) -> dict[str, Any]:
    day, chosen = legal_date(answer_at(at)), chosen_lang(request, lang)
    try:
        found = await run_in_threadpool(
            public_list, ctx.registry, list_name, day, page, page_size, q
        )
    except NotPublic as exc:
        raise Problem("not-found", str(exc)) from None
    return found.as_dict(chosen)


@router.get(
    "/v1/stats",
    responses=problem_responses(401, 403, 422),
    summary="Population statistics: grades, lists, measures, records, objections, repairs",
)
async def stats(
    who: Auditor,
    ctx: Ctx,
    at: Annotated[str | None, Query(max_length=40, description=AT_DESCRIPTION)] = None,
) -> dict[str, Any]:
    day = legal_date(answer_at(at))
    return await run_in_threadpool(population_stats, ctx.registry, day)
