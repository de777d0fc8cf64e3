"""The auditor replays a past decision from the console: the same use case as
``creditreg replay`` and ``GET /v1/decisions/{decision_id}`` (``creditreg.replay``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from creditreg.access.roles import Role
from creditreg.registry import NotFound
from creditreg.replay import NotReplayable, replay
from creditreg.web.console import guard, pages

router = APIRouter(include_in_schema=False)


@router.get("/console/replay")
async def replay_page(
    request: Request, decision: Annotated[str, Query(min_length=1, max_length=64)]
) -> Response:
    """The decision as answered and as replayed from the log as it stood, and ``equal``."""
    registry = guard.registry_for(request, Role.AUDITOR)
    try:
        found = await run_in_threadpool(replay, registry, decision)
    except (NotFound, NotReplayable) as exc:
        status = 404 if isinstance(exc, NotFound) else 409
        return pages.render(request, "replay.html", status, decision=decision, error=str(exc))
    return pages.render(request, "replay.html", decision=decision, found=found, error=None)
