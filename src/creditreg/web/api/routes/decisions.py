"""``GET /v1/decisions/{decision_id}``: an auditor replays a past decision.

The decision is recomputed from the log as it stood when it was answered (see
``creditreg.replay``); ``equal`` says whether the replay gives what was answered.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool

from creditreg.replay import replay
from creditreg.web.auth import Auditor
from creditreg.web.context import Ctx
from creditreg.web.problems import problem_responses

router = APIRouter(tags=["access log"])
DecisionId = Annotated[str, Path(max_length=64, description="A decision id from a check")]


@router.get(
    "/v1/decisions/{decision_id}",
    responses=problem_responses(401, 403, 404, 422),
    summary="Replay a past decision from the log as it stood: answered, replayed, equal",
)
async def replay_decision(decision_id: DecisionId, who: Auditor, ctx: Ctx) -> dict[str, Any]:
    return await run_in_threadpool(replay, ctx.registry, decision_id)
