"""The due-process events over HTTP: revocation, fulfilment, objection, repair, extension,
and the decision on an objection. Each is checked and appended in one transaction.

Who may do what: the issuing agency revokes, records fulfilment and extends its own
records; the subject objects to records naming it; repairs are granted by the issuing
agency or a reviewer; reviewers decide objections.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from creditreg.access.roles import Principal, Role
from creditreg.events import Outcome
from creditreg.service import commands
from creditreg.web.api.schemas import (
    DecisionIn,
    EventOut,
    Extension,
    Fulfilment,
    ObjectionIn,
    Repair,
    Revocation,
)
from creditreg.web.auth import Reviewer, require
from creditreg.web.context import Ctx
from creditreg.web.problems import problem_responses

router = APIRouter(tags=["due process"])
RecordId = Annotated[str, Path(max_length=255, examples=["bj-chaoyang-2026-0412"])]
STATUSES = (401, 403, 404, 409, 422)
ERRORS = problem_responses(*STATUSES)
KINDS_OF = {"objection": ("not-today",)}
"""Problem types of one command only: a subject objects today (``commands.NotToday``)."""


ON_RECORD: tuple[tuple[str, str, type[BaseModel], str, tuple[Role, ...]], ...] = (
    ("revoke", "revocation", Revocation, "revoke", (Role.AGENCY,)),
    ("fulfil", "fulfilment", Fulfilment, "fulfil", (Role.AGENCY,)),
    ("object_to", "objection", ObjectionIn, "object", (Role.SUBJECT,)),
    ("repair", "repair", Repair, "repair", (Role.AGENCY, Role.REVIEWER)),
    ("extend", "extension", Extension, "extend", (Role.AGENCY,)),
)
"""The commands on one record: endpoint name, path, body, ``commands.on_record`` act, roles.
The body's fields other than ``on`` are the command's (``reason``, ``grounds``, ``years``)."""


def _endpoint(
    name: str, body_type: type[BaseModel], act: str, roles: tuple[Role, ...]
) -> Callable[..., Awaitable[dict[str, Any]]]:
    async def endpoint(
        record_id: RecordId,
        body: BaseModel,
        who: Annotated[Principal, Depends(require(*roles))],
        ctx: Ctx,
    ) -> dict[str, Any]:
        fields = body.model_dump()
        on = fields.pop("on")
        return await run_in_threadpool(
            commands.on_record, ctx.registry, who, act, record_id, on, **fields
        )

    # FastAPI reads the body's model from the annotation (so this module evaluates its
    # annotations at once, without ``from __future__ import annotations``).
    endpoint.__annotations__["body"] = body_type
    endpoint.__name__ = endpoint.__qualname__ = name
    return endpoint


for _name, _path, _body, _act, _roles in ON_RECORD:
    router.post(
        f"/v1/records/{{record_id}}/{_path}",
        status_code=201,
        response_model=EventOut,
        responses=problem_responses(*STATUSES, kinds=KINDS_OF.get(_path, ())),
    )(_endpoint(_name, _body, _act, _roles))


@router.post(
    "/v1/objections/{objection_id}/decision",
    status_code=201,
    response_model=EventOut,
    responses=ERRORS,
)
async def decide_objection(
    objection_id: Annotated[str, Path(max_length=255, examples=["obj-3fa2c1d0e9b8a7f6"])],
    body: DecisionIn,
    who: Reviewer,
    ctx: Ctx,
) -> dict[str, Any]:
    return await run_in_threadpool(
        commands.decide_objection,
        ctx.registry,
        objection_id,
        body.on,
        Outcome(body.outcome),
        body.reason,
    )
