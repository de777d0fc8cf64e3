"""``GET /v1/subjects/{id}``: a subject's whole file, and who has looked at it.

A subject reads its own file; a reviewer reads files to decide objections. Every read
is written to the access log (who, role, purpose) before the file is sent, and the
subject can list those entries: nobody looks at a file unseen.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from creditreg.access.reader import AccessQuery
from creditreg.access.roles import Role
from creditreg.service import checks
from creditreg.service.checks import Asker
from creditreg.service.moments import AT_DESCRIPTION, answer_at, knowledge
from creditreg.web.api.language import (
    LANG_DESCRIPTION,
    LANG_PATTERN,
    action_link,
    chosen_lang,
    language_headers,
)
from creditreg.web.api.owned import Owned, owned
from creditreg.web.api.schemas import MAX_INT
from creditreg.web.context import Ctx
from creditreg.web.problems import problem_responses

KNOWN_AT = "ISO 8601; only events recorded and rulebook versions activated by then"
router = APIRouter(tags=["subjects"])
FILE_EXAMPLE = {
    "subject_id": "110105198503120418",
    "kind": "person",
    "at": "2026-11-27T00:00:00+08:00",
    "as_of": "2026-11-27",
    "rulebook": "cn-default@2026.2",
    "score": 940,
    "grade": "B",
    "lists": [
        {
            "list": "court_dishonest",
            "status": "effective",
            "since": "2026-06-01",
            "scheme": "national",
        }
    ],
    "measures": [
        {
            "service": "air",
            "effect": "deny",
            "code": "COURT_DISHONEST_UNTIL_PERFORMED",
            "scheme": "national",
        }
    ],
    "records": [
        {
            "record_id": "demo-a1",
            "type": "court.debtor_refuses",
            "status": "active",
            "scheme": "national",
        },
        {
            "record_id": "demo-a3",
            "type": "finance.loan_default",
            "status": "not_in_force",
            "scheme": "rongcheng",
        },
    ],
    "key_factors": [{"code": "COURT_DISHONEST_UNTIL_PERFORMED", "points": -30}],
}


@router.get(
    "/v1/subjects/{subject_id}",
    responses={
        200: {
            "description": "The file",
            "content": {"application/json": {"example": FILE_EXAMPLE}},
        },
        **problem_responses(401, 403, 404, 422),  # 404: known_at before any rulebook
    },
    summary="A subject's whole file: score, grade, lists, measures, records, key factors",
)
async def read_file(
    request: Request,
    asked: Annotated[Owned, owned(Role.SUBJECT, Role.REVIEWER)],
    ctx: Ctx,
    at: Annotated[str | None, Query(max_length=40, description=AT_DESCRIPTION)] = None,
    purpose: Annotated[str | None, Query(max_length=200)] = None,
    known_at: Annotated[str | None, Query(max_length=40, description=KNOWN_AT)] = None,
    lang: Annotated[
        str | None, Query(max_length=16, description=LANG_DESCRIPTION, pattern=LANG_PATTERN)
    ] = None,
) -> JSONResponse:
    moment, known, chosen = answer_at(at), knowledge(known_at), chosen_lang(request, lang)
    asker = Asker(asked.who, purpose, lang=chosen, link=action_link)
    subject_id = asked.subject_id
    read = await run_in_threadpool(checks.read_file, ctx.registry, asker, subject_id, moment, known)
    body = await checks.record(ctx.recorder, read)
    return JSONResponse(body, headers=language_headers(chosen))


@router.get(
    "/v1/subjects/{subject_id}/access-log",
    responses=problem_responses(401, 403, 422),
    summary="Who looked at this subject's file or asked for a decision about it",
)
async def who_looked(
    asked: Annotated[Owned, owned(Role.SUBJECT, Role.AUDITOR)],
    ctx: Ctx,
    after: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    query = AccessQuery(subject_id=asked.subject_id, after=after, limit=limit)
    entries = await run_in_threadpool(ctx.access.search, query)
    return {"subject_id": asked.subject_id, "entries": entries}
