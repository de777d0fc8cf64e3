"""``GET /v1/access-log``: the auditor's view of every check and file read, as JSON or CSV."""

from __future__ import annotations

import json
from datetime import UTC
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from creditreg.access.reader import AccessQuery, as_csv
from creditreg.access.roles import Role
from creditreg.identifiers import parse_subject
from creditreg.service.moments import instant
from creditreg.web.api.schemas import MAX_INT
from creditreg.web.auth import Auditor
from creditreg.web.context import Ctx
from creditreg.web.problems import Problem, problem_responses

router = APIRouter(tags=["access log"])


def _utc(value: str | None) -> str | None:
    """An ISO 8601 bound as the UTC text the log stores, so text order is time order."""
    if not value:  # absent or empty: no bound
        return None
    return instant(value).astimezone(UTC).isoformat(timespec="microseconds")


@router.get(
    "/v1/access-log",
    responses={
        200: {"content": {"application/json": {}, "text/csv": {}}},
        **problem_responses(401, 403, 422),
    },
    summary="Access-log entries, oldest first; page with `after` (the last id seen)",
)
async def export(
    who: Auditor,
    ctx: Ctx,
    subject: Annotated[str | None, Query(max_length=64)] = None,
    actor: Annotated[str | None, Query(max_length=200)] = None,
    role: Annotated[Role | None, Query()] = None,
    since: Annotated[str | None, Query(max_length=40, description="ISO 8601, inclusive")] = None,
    until: Annotated[str | None, Query(max_length=40, description="ISO 8601, exclusive")] = None,
    after: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    query = AccessQuery(
        subject_id=parse_subject(subject).id if subject else None,
        actor=actor,
        role=role.value if role else None,
        since=_utc(since),
        until=_utc(until),
        after=after,
        limit=limit,
    )
    entries = await run_in_threadpool(ctx.access.search, query)
    if format == "csv":
        return Response(as_csv(entries), media_type="text/csv; charset=utf-8")
    last = entries[-1]["id"] if entries else after
    return Response(_json({"entries": entries, "next_after": last}), media_type="application/json")


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


@router.get(
    "/v1/access-log/{decision_id}",
    responses=problem_responses(401, 403, 404, 422),
    summary="The access-log entry of one decision id",
)
async def by_decision(
    decision_id: Annotated[str, Path(max_length=64)], who: Auditor, ctx: Ctx
) -> dict[str, Any]:
    entry = await run_in_threadpool(ctx.access.decision, decision_id)
    if entry is None:
        raise Problem("not-found", f"no access-log entry for decision '{decision_id}'")
    return entry
