"""Any other ``/console/...`` address: a page that says so (the API's 404 is JSON)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from creditreg.web.console import pages

router = APIRouter(include_in_schema=False)


@router.get("/console/{rest:path}")
async def missing(request: Request, rest: str) -> Response:
    return pages.render(request, "error.html", 404, kind="not-found", roles=[])
