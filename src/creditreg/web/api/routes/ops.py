"""Operations: liveness, readiness, Prometheus metrics, and the problem types explained."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST

from creditreg.web.api.health import readiness
from creditreg.web.context import Ctx
from creditreg.web.problems import KINDS, Problem, problem_responses

router = APIRouter(tags=["operations"])
ALIVE = b'{"status":"alive"}'


@router.get("/livez", summary="The process answers (a constant; no database)")
async def livez() -> Response:
    return Response(ALIVE, media_type="application/json")


@router.get(
    "/healthz",
    summary="Ready: the database answers and takes writes, a rulebook is active, the log is intact",
    responses={503: {"description": "Not ready, or the log failed its integrity check"}},
)
async def healthz(ctx: Ctx) -> JSONResponse:
    ready, body = await run_in_threadpool(readiness, ctx.registry)  # probes: api/health.py
    return JSONResponse(body, status_code=200 if ready else 503)


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(ctx: Ctx) -> Response:
    return Response(ctx.metrics.exposition(), media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/problems/{kind}",
    summary="What a problem type means",
    responses=problem_responses(404, 422),
)
async def problem_kind(kind: Annotated[str, Path(max_length=40)]) -> dict[str, Any]:
    if kind not in KINDS:
        raise Problem("not-found", f"no problem type '{kind}'")
    status, meaning = KINDS[kind]
    return {"type": f"/problems/{kind}", "status": status, "meaning": meaning}
