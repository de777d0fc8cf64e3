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

from creditreg.due_process import TooEarly, reconsideration_id
from creditreg.engine.periods import deadline
from creditreg.events import Event, EventKind, Outcome
from creditreg.log.cases import open_cases
from creditreg.registry import Registry
from creditreg.rulebook.model import Objection, Period
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


def _case_item(case: Event, registry: Registry, today: date) -> dict[str, Any]:
    record = registry.record(case.record_id)
    record_type = registry.rulebook.record_types.get(record.type)
    rule = record_type.objection if record_type else Objection()
    second = case.kind is EventKind.RECONSIDERATION_FILED
    days = rule.reconsideration_answer_days if second else rule.repair_answer_days
    due = deadline(case.on, Period(days=days))  # Civil Code Arts. 201, 203
    item: dict[str, Any] = {
        "record_id": case.record_id,
        "subject_id": case.subject_id,
        "type": record.type,
        "authority": record.authority,
        "filed_on": case.on.isoformat(),
        "answer_by": due.isoformat(),
        "days_left": (due - today).days,
    }
    if second:
        item |= {"reconsideration_id": reconsideration_id(case.objection_id)}
        item |= {"objection_id": case.objection_id}
    else:
        item["application_id"] = case.application_id
    return item


def case_queue(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    """Open reconsiderations and repair applications, the one due soonest first."""
    today = legal_date(now())
    items = [_case_item(case, registry, today) for case in open_cases(registry.engine)]
    items.sort(key=lambda item: (item["answer_by"], item["record_id"]))
    return {
        "reconsiderations": [i for i in items if "reconsideration_id" in i],
        "repair_applications": [i for i in items if "application_id" in i],
    }
