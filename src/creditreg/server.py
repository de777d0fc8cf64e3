"""The one web application ``creditreg serve`` runs: the HTTP API (``api/``) with the web
console (``console/``) mounted beside it, pages under ``/console/``, outside the OpenAPI
document. The two surfaces never import each other; this module assembles them.
"""

from __future__ import annotations

from fastapi import FastAPI

from creditreg import console
from creditreg.api import app as api
from creditreg.web.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API's application with the console's routes, static files and pages added."""
    app = api.create_app(settings)
    console.mount(app)
    return app
