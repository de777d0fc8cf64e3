"""``/docs`` (Swagger UI) and ``/redoc`` from assets installed with the package.

FastAPI's default pages load their scripts from a CDN, so they are blank on a machine
without internet. The maintained ``fastapi-offline`` package ships the same Swagger UI and
ReDoc bundles; they are served here under ``/docs-assets`` and nothing leaves the host.
"""

from __future__ import annotations

from importlib import resources
from typing import TypedDict

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.staticfiles import StaticFiles
from starlette.responses import HTMLResponse

ASSETS = "/docs-assets"


class _Page(TypedDict):
    """What both pages are told: where the schema is and the title."""

    openapi_url: str
    title: str


def mount(app: FastAPI) -> None:
    """Serve ``/docs``, ``/redoc`` and their assets; build the app with ``docs_url=None``."""
    static = resources.files("fastapi_offline").joinpath("static")
    app.mount(ASSETS, StaticFiles(directory=str(static)), name="docs-assets")
    page = _Page(openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} API")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            **page,
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            **page,
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
