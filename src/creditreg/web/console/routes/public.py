"""The public lists: no sign-in, identifiers masked, searchable and paged.

Each page is ``population.publish.public_list`` (what ``GET /v1/lists/{list}`` serves):
only the fields the rulebook publishes, identifiers always masked, a search that looks
only at published columns and masks a full identifier before matching it.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from creditreg.population.reports.publish import NotPublic, public_list
from creditreg.timeparse import legal_date, now
from creditreg.web.console import pages
from creditreg.web.console.pages import context

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


@router.get("/console/lists")
async def lists(request: Request) -> Response:
    rulebook = context(request).registry.rulebook
    public = {name: spec for name, spec in rulebook.lists.items() if spec.publish_fields}
    return pages.render(request, "lists.html", lists=public)


@router.get("/console/lists/{list_name}")
async def public_page(
    request: Request,
    list_name: Annotated[str, Path(max_length=64)],
    q: Annotated[str | None, Query(max_length=64)] = None,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> Response:
    registry = context(request).registry
    day = legal_date(now())
    term = q if q and "\x00" not in q else None
    try:
        found = await run_in_threadpool(
            public_list, registry, list_name, day, page, PAGE_SIZE, term
        )
    except NotPublic:
        return pages.render(request, "error.html", 404, kind="not-found", roles=[])
    pages_count = max(1, -(-found.total // PAGE_SIZE))
    template = "_list_rows.html" if pages.is_htmx(request) else "list.html"
    return pages.render(
        request,
        template,
        found=found,
        q=found.query or "",
        pages_count=pages_count,
        rulebook=registry.rulebook,  # labels for the codes of record types and authorities
    )
