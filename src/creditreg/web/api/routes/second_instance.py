"""The second instance over HTTP: reconsideration and repair applications.

The subject applies (``/v1/objections/{id}/reconsideration``,
``/v1/records/{id}/repair-application``), a reviewer decides
(``/v1/reconsiderations/{id}/decision``, ``/v1/repair-applications/{id}/decision``). The
same use cases as ``creditreg reconsider``, ``repair-application`` and their decisions.
A subject's application is always made today; an application for repair before the
minimum publicity period is ``409 refused`` with ``possible_from``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool
from pydantic import ConfigDict

from creditreg.due_process import TooEarly
from creditreg.events import Outcome
from creditreg.service.contract import case_json
from creditreg.service.ownership import own_record
from creditreg.timeparse import legal_date, now
from creditreg.web.api.schemas import OnDay, Strict, Text
from creditreg.web.auth import Reviewer, Subject
from creditreg.web.context import Ctx
from creditreg.web.problems import Problem, problem_responses

router = APIRouter(tags=["due process"])
Id = Annotated[str, Path(max_length=300)]
ERRORS = problem_responses(401, 403, 404, 409, 422)


class ReconsiderationIn(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"grounds": "paid in May"}]})
    grounds: str = Text


class ApplicationIn(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{}]})


class ReconsiderationDecisionIn(Strict):
    outcome: Literal["upheld", "rejected"]
    reason: str = Text
    on: date | None = OnDay


class RepairDecisionIn(Strict):
    outcome: Literal["granted", "refused"]
    reason: str = Text
    on: date | None = OnDay


@router.post("/v1/objections/{objection_id}/reconsideration", status_code=201, responses=ERRORS)
async def reconsider(objection_id: Id, body: ReconsiderationIn, who: Subject, ctx: Ctx) -> Any:
    own_record(who, ctx.registry.record(ctx.registry.objection(objection_id).record_id))
    today = legal_date(now())
    act = ctx.registry.reconsider
    return case_json(await run_in_threadpool(act, objection_id, today, body.grounds))


@router.post("/v1/reconsiderations/{case_id}/decision", status_code=201, responses=ERRORS)
async def decide_reconsideration(
    case_id: Id, body: ReconsiderationDecisionIn, who: Reviewer, ctx: Ctx
) -> Any:
    on, outcome = body.on or legal_date(now()), Outcome(body.outcome)
    act = ctx.registry.decide_reconsideration
    return case_json(await run_in_threadpool(act, case_id, on, outcome, body.reason))


@router.post("/v1/records/{record_id}/repair-application", status_code=201, responses=ERRORS)
async def apply_for_repair(record_id: Id, body: ApplicationIn, who: Subject, ctx: Ctx) -> Any:
    own_record(who, ctx.registry.record(record_id))
    try:
        written = await run_in_threadpool(
            ctx.registry.apply_for_repair, record_id, legal_date(now())
        )
    except TooEarly as early:
        first_day = early.possible_from.isoformat()
        raise Problem("refused", str(early), possible_from=first_day) from None
    return case_json(written)


@router.post("/v1/repair-applications/{application_id}/decision", status_code=201, responses=ERRORS)
async def decide_repair(application_id: Id, body: RepairDecisionIn, who: Reviewer, ctx: Ctx) -> Any:
    on, outcome = body.on or legal_date(now()), Outcome(body.outcome)
    act = ctx.registry.decide_repair
    return case_json(await run_in_threadpool(act, application_id, on, outcome, body.reason))
