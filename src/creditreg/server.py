"""The one web application ``creditreg serve`` runs: the HTTP API (``api/``) with the web
console (``console/``) mounted beside it, pages under ``/console/``, outside the OpenAPI
document. The two surfaces never import each other; this module assembles them, and
sends each one's errors (``CreditregError``) to its own mapping: a problem document for
the API, an error page for the console.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import Response

from creditreg.errors import CreditregError
from creditreg.web import console
from creditreg.web.api import app as api
from creditreg.web.api import errors
from creditreg.web.console import guard
from creditreg.web.settings import Settings

CONSOLE = "/console/"


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API's application with the console's routes, static files and pages added."""
    app = api.create_app(settings)
    console.mount(app)
    app.add_exception_handler(CreditregError, _by_surface)
    return app


async def _by_surface(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith(CONSOLE):
        return await guard.failed(request, exc)
    return await errors.domain(request, exc)
