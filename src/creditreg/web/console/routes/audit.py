"""The auditor's dashboard: statistics as charts, the access log, and the log's head.

The head is the one ``GET /v1/log/head`` serves. ``/console/proof`` answers the same
document as ``GET /v1/log/proof/{record_id}`` (for the session's auditor token); the
page's ``verify.js`` checks it in the browser against the head and the log's public
keys, which the page carries (``transparency.keys.public_keys``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from creditreg.access.reader import AccessLogReader, as_csv
from creditreg.access.roles import Role
from creditreg.db.log_tables import events
from creditreg.population.reports.stats import population_stats
from creditreg.registry import NotFound, Registry
from creditreg.service.heads import signed_head
from creditreg.timeparse import legal_date, now
from creditreg.transparency import service
from creditreg.transparency.keys import NoSigningKey, public_keys
from creditreg.web.console import dashboard, guard, i18n, pages, session
from creditreg.web.console.pages import context

router = APIRouter(include_in_schema=False)
LATEST = 20
EXPORT = 10_000


def _words(registry: Registry, language: str) -> dashboard.Words:
    """The viewer's language for the charts, and the rulebook whose labels name the codes
    (read in the worker thread: finding the version in force may read the database)."""
    return dashboard.Words(i18n.translations(language).gettext, language, registry.rulebook)


def _last_record(registry: Registry) -> str:
    query = (
        select(events.c.record_id)
        .where(events.c.kind == "record.added")
        .order_by(events.c.seq.desc())
        .limit(1)
    )
    with registry.engine.connect() as conn:
        return str(conn.execute(query).scalar() or "")


def _dashboard(registry: Registry, language: str) -> dict[str, Any]:
    words = _words(registry, language)
    stats = population_stats(registry, legal_date(now()))
    head = signed_head(registry)
    keys = [{"key_id": k.key_id, "public_key": k.raw_hex} for k in public_keys(registry.keys_dir)]
    return {
        "stats": stats,
        "figures": dashboard.figures(stats, words),
        "entries": AccessLogReader(registry.engine).latest(LATEST),
        "head": head.to_json(),
        "keys": keys,
        "record_id": _last_record(registry),
        "words": words,
    }


@router.get("/console/dashboard")
async def dashboard_page(request: Request) -> Response:
    registry = guard.registry_for(request, Role.AUDITOR)
    values = await run_in_threadpool(_dashboard, registry, session.viewer(request).language)
    return pages.render(request, "dashboard.html", **values)


@router.get("/console/dashboard/trend")
async def trend(request: Request) -> Response:
    registry = guard.registry_for(request, Role.AUDITOR)
    today = legal_date(now())
    language = session.viewer(request).language
    chart = await run_in_threadpool(
        lambda: dashboard.trend(registry, today, _words(registry, language))
    )
    template = "_trend.html" if pages.is_htmx(request) else "trend.html"
    return pages.render(request, template, figure=chart)


@router.get("/console/proof")
async def proof(
    request: Request, record: Annotated[str, Query(min_length=1, max_length=255)]
) -> Response:
    """The inclusion proof of ``record``'s entry against the latest head covering it."""
    registry = guard.registry_for(request, Role.AUDITOR)

    def prove() -> dict[str, Any]:
        registry.record(record)
        index = service.leaf_index(registry.engine, record)
        signed, found = service.prove_inclusion(registry.engine, index, None, registry.keys_dir)
        return {"record_id": record, "head": signed.to_json(), **found}

    try:
        return JSONResponse(await run_in_threadpool(prove))
    except (NotFound, service.NoSuchHead) as exc:
        return JSONResponse({"error": str(exc.args[0] if exc.args else exc)}, status_code=404)
    except NoSigningKey:  # a read-only server, and no published head covers the record yet
        return JSONResponse({"error": "no signed head covers this record yet"}, status_code=503)


@router.get("/console/access-log.csv")
async def access_log_csv(request: Request) -> Response:
    """The latest entries (at most 10,000), oldest first; ``GET /v1/access-log`` pages all."""
    guard.require(request, Role.AUDITOR)
    entries = await run_in_threadpool(context(request).access.latest, EXPORT)
    headers = {
        "Content-Disposition": 'attachment; filename="access-log.csv"',
        "Cache-Control": "no-store",
    }
    body = as_csv(list(reversed(entries)))
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)
