"""``GET /v1/subjects/{id}/whatif``: the subject's file as it would be after an action.

The subject (own file only) or a reviewer asks; the answer is the engine's fold with a
hypothetical event that is never written (``what_if.py``). Without ``action``, every
action open to the subject is answered, each on the first day it can be taken. Reading
it reads the file: the access log gets the same entry a file read gets.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from creditreg.access.entries import READ_FILE, AccessEntry
from creditreg.access.roles import Role
from creditreg.engine.actions import ActionKind
from creditreg.service.contract import whatif_json
from creditreg.service.moments import ON_DESCRIPTION, answer_at
from creditreg.timeparse import legal_date, now
from creditreg.web.api.language import (
    LANG_DESCRIPTION,
    LANG_PATTERN,
    action_link,
    chosen_lang,
    language_headers,
)
from creditreg.web.api.owned import Owned, owned
from creditreg.web.context import Ctx
from creditreg.web.problems import Problem, problem_responses
from creditreg.what_if import open_what_ifs, what_if_action

router = APIRouter(tags=["subjects"])


@router.get(
    "/v1/subjects/{subject_id}/whatif",
    responses=problem_responses(401, 403, 404, 409, 422, kinds=["invalid-combination"]),
    summary="What if the subject took an action: the file as it would be (nothing is written)",
)
async def whatif(
    request: Request,
    asked: Annotated[Owned, owned(Role.SUBJECT, Role.REVIEWER)],
    ctx: Ctx,
    action: Annotated[
        Literal["object", "pay", "repair"] | None,
        Query(description="Default: every action open to the subject"),
    ] = None,
    record: Annotated[str | None, Query(max_length=255)] = None,
    on: Annotated[str | None, Query(max_length=40, description=ON_DESCRIPTION)] = None,
    lang: Annotated[
        str | None, Query(max_length=16, description=LANG_DESCRIPTION, pattern=LANG_PATTERN)
    ] = None,
) -> JSONResponse:
    who, subject_id = asked.who, asked.subject_id
    chosen, day = chosen_lang(request, lang), legal_date(answer_at(on))
    if action is not None and record is None:
        raise Problem("invalid-combination", "record: needed with action", errors=[
            {"field": "record", "reason": "Field required with action"}
        ])  # fmt: skip
    if action is None and record is not None:  # a record alone asks nothing: say so
        raise Problem("invalid-combination", "record: only with action", errors=[
            {"field": "record", "reason": "Only with action"}
        ])  # fmt: skip
    if action is None:
        answers = await run_in_threadpool(open_what_ifs, ctx.registry, subject_id, day)
    else:
        kind, record_id = ActionKind(action), str(record)
        act = what_if_action
        found = await run_in_threadpool(act, ctx.registry, subject_id, kind, record_id, day)
        answers = [found]
    purpose = "own what-if" if who.role is Role.SUBJECT else "objection review what-if"
    entry = AccessEntry.of(
        who, READ_FILE, subject_id, purpose=purpose, rulebook=ctx.registry.rulebook.ref,
        as_of=day.isoformat(),
    )  # fmt: skip
    await ctx.recorder.record([entry])
    moment = now()
    body: dict[str, Any] = {
        "subject_id": subject_id,
        "on": day.isoformat(),
        "whatifs": [whatif_json(a, moment, chosen, action_link) for a in answers],
    }
    return JSONResponse(body, headers=language_headers(chosen))
