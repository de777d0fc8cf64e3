"""The web console: server-rendered pages over the registry, in English and Chinese.

``mount(app)`` adds it to the API's FastAPI application (``creditreg.server`` does, and
``creditreg serve`` serves that): pages under ``/console/``, static files (CSS, the
vendored htmx, ``verify.js``) under ``/console/static/``, and ``/`` leading to
``/console/``. No console route is in
the OpenAPI document: the API's contract is unchanged. See ``docs/console.md``.

Who sees what: a subject its own file (and can check a service and object); a reviewer
the review queue and any file; an auditor the dashboard and simulations; an admin
simulations; anyone the public lists. Every page checks the role of the session's
token with the authentication the API uses too (``web.auth``; ``session``, ``guard``).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from creditreg.web.console import guard
from creditreg.web.console.routes import (
    audit,
    home,
    missing,
    notices,
    public,
    replays,
    review,
    simulation,
    subject,
)

STATIC = Path(__file__).with_name("static")
ROUTERS = (home, subject, notices, review, audit, replays, simulation, public)


def mount(app: FastAPI) -> None:
    """Add the console's routes, static files and refusal pages to ``app``."""
    for module in ROUTERS:
        app.include_router(module.router)
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    app.include_router(missing.router)  # last: every other /console/ address
    guard.install(app)
