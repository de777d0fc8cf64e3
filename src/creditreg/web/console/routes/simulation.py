"""Simulating a rulebook from the browser: what ``creditreg simulate`` does, as a page.

The draft is uploaded (a YAML file, checked by ``parse_rulebook`` with every problem
listed at its line) or picked: the active rulebook (which must change nothing) or the
one shipped with creditreg. The report is ``report_html.simulation_html``'s page,
embedded in an ``<iframe srcdoc>``; its one inline ``<style>`` is allowed by its hash
in this response's Content-Security-Policy, and nothing else inline is. It can also be
downloaded as the same self-contained file ``--html`` writes.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from creditreg.access.roles import Role
from creditreg.population.reports.html import simulation_html
from creditreg.population.simulate.simulation import simulate_registry
from creditreg.rulebook.loader import RulebookError, default_rulebook, parse_rulebook
from creditreg.rulebook.model import Rulebook
from creditreg.service.moments import answer_at
from creditreg.timeparse import BadTime, legal_date, now
from creditreg.web.console import guard, pages
from creditreg.web.console.pages import context

router = APIRouter(include_in_schema=False)
MAX_RULEBOOK = 1 << 20
SOURCES = ("active", "default", "upload")
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def _style_hashes(html: str) -> tuple[str, ...]:
    """CSP hashes of the report's inline style blocks."""
    return tuple(
        base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        for block in _STYLE.findall(html)
    )


def _form(
    request: Request, status: int = 200, style_hashes: tuple[str, ...] = (), **values: Any
) -> Response:
    registry = context(request).registry
    defaults: dict[str, Any] = {
        "active": registry.rulebook.ref,
        "shipped": default_rulebook().rulebook.ref,
        "today": legal_date(now()).isoformat(),
        "source": "active",
        "on": legal_date(now()).isoformat(),
        "problems": [],
        "error": None,
        "report": None,
        "html": None,
    }
    defaults.update(values)
    return pages.render(request, "simulate.html", status, style_hashes, **defaults)


@router.get("/console/simulate")
async def simulate_form(request: Request) -> Response:
    guard.require(request, Role.AUDITOR, Role.ADMIN)
    return _form(request)


async def _draft(source: str, draft: UploadFile | None, active: Rulebook) -> Rulebook:
    """The rulebook to simulate; RulebookError (with its problems) when it cannot be used."""
    if source == "active":
        return active
    if source == "default":
        return default_rulebook().rulebook
    data = await draft.read(MAX_RULEBOOK + 1) if draft is not None else b""
    name = (draft.filename if draft is not None else None) or "draft.yaml"
    if not data:
        raise RulebookError([])
    if len(data) > MAX_RULEBOOK:
        raise ValueError("larger than 1 MiB")
    return parse_rulebook(data.decode("utf-8"), name).rulebook


@router.post("/console/simulate")
async def simulate(
    request: Request,
    source: Annotated[str, Form(max_length=20)] = "active",
    on: Annotated[str, Form(max_length=40)] = "",
    csrf: Annotated[str, Form(max_length=100)] = "",
    download: Annotated[str, Form(max_length=10)] = "",
    draft: Annotated[UploadFile | None, File()] = None,
) -> Response:
    guard.require(request, Role.AUDITOR, Role.ADMIN)
    guard.form(request, csrf)
    registry = context(request).registry
    state: dict[str, Any] = {"source": source if source in SOURCES else "active", "on": on}
    try:
        day = legal_date(answer_at(on.strip()))
        rulebook = await _draft(state["source"], draft, registry.rulebook)
    except BadTime:
        return _form(request, 422, error="time", **state)
    except RulebookError as exc:
        error = "problems" if exc.problems else "missing"
        return _form(request, 422, error=error, problems=[str(p) for p in exc.problems], **state)
    except (ValueError, UnicodeDecodeError):
        return _form(request, 422, error="file", **state)
    report = await run_in_threadpool(simulate_registry, registry, rulebook, day)
    html = simulation_html(report)
    if download:
        name = re.sub(r"[^A-Za-z0-9._-]", "-", f"simulation-{report['draft']}-{report['as_of']}")
        headers = {"Content-Disposition": f'attachment; filename="{name}.html"'}
        return Response(html, media_type="text/html; charset=utf-8", headers=headers)
    return _form(request, 200, _style_hashes(html), report=report, html=html, **state)
