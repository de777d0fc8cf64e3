"""``POST /v1/records``: agencies submit records, one, an array, or NDJSON lines."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from creditreg.web.api.record_shape import RECORD_SCHEMA
from creditreg.web.api.schemas import SubmissionOut
from creditreg.web.api.submissions import JSON, NDJSON, body_rows, store
from creditreg.web.auth import Agency
from creditreg.web.context import Context, context
from creditreg.web.problems import problem_responses

router = APIRouter(tags=["records"])

RECORD_EXAMPLE = {
    "record_id": "bj-chaoyang-2026-0412",
    "subject_id": "110105198503120418",
    "subject_name": "张伟",
    "type": "court.debtor_refuses",
    "authority": "court.bj-chaoyang",
    "decision_ref": "(2026)京0105执1234号",
    "decided_at": "2026-06-01",
    "amount": "58000.00",
}
BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            JSON: {
                "schema": {
                    "oneOf": [
                        RECORD_SCHEMA,
                        # an empty array is refused: it holds nothing to store
                        {"type": "array", "items": RECORD_SCHEMA, "minItems": 1},
                    ]
                },
                "examples": {
                    "one": {"value": RECORD_EXAMPLE},
                    "array": {"value": [RECORD_EXAMPLE]},
                },
            },
            NDJSON[0]: {
                "schema": {"type": "string"},
                "example": '{"subject_id": "110105198503120418", "type": "rail.smoking", …}\n',
            },
        },
    }
}


@router.post(
    "/v1/records",
    response_model=SubmissionOut,
    responses=problem_responses(401, 403, 413, 415, 422),
    openapi_extra=BODY,
    summary="Submit records (the same validation and idempotency as `creditreg ingest`)",
)
async def submit(
    request: Request,
    who: Agency,
    ctx: Annotated[Context, Depends(context)],
) -> dict[str, Any]:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    rows = body_rows(await request.body(), media_type, ctx.settings.max_batch)
    results = await run_in_threadpool(store, rows, who, ctx.registry)
    counts = dict.fromkeys(("accepted", "duplicate", "rejected"), 0)
    for result in results:
        counts[result.status] += 1
    return {
        "read": len(results),
        "accepted": counts["accepted"],
        "duplicates": counts["duplicate"],
        "rejected": counts["rejected"],
        "results": [asdict(result) for result in results],
    }
