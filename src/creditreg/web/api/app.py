"""The application: ``create_app(settings)`` assembles routers, errors and middleware.

``creditreg.server`` adds the web console to it; ``creditreg serve`` runs that under
uvicorn (``factory=True``: each worker process builds its own app from the
``CREDITREG_*`` environment).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI

from creditreg import __version__
from creditreg.web.api import contract, docs_pages, errors
from creditreg.web.api.auth_first import AuthFirst
from creditreg.web.api.check_path import CheckPath
from creditreg.web.api.dispatcher import dispatching
from creditreg.web.api.integrity import IntegrityGuard, lifespan_auditor
from creditreg.web.api.json_shape import Shape
from creditreg.web.api.limits import BodyLimit
from creditreg.web.api.query_names import only_known_query
from creditreg.web.api.routes import (
    access_log,
    authorities,
    checks,
    decisions,
    due_process,
    notices,
    objections,
    ops,
    population,
    records,
    second_instance,
    subjects,
    tokens,
    transparency,
    whatif,
)
from creditreg.web.context import Context
from creditreg.web.observe import Metrics, Observe
from creditreg.web.orphans import follow_master
from creditreg.web.settings import Settings

DESCRIPTION = """\
The HTTP API of creditreg, an open, auditable social-credit registry (SPEC §3).

Send `Authorization: Bearer <token>`: an API token from `creditreg token create`, or, for a
subject, an OpenID Connect ID token when the server is configured for one. Every error is an
RFC 9457 problem document (`application/problem+json`) whose `type` is stable: see
`GET /problems/{kind}`. Every check and every read of a file is written to the access log.
"""
ROUTERS = (
    checks,
    whatif,
    records,
    due_process,
    second_instance,
    objections,
    subjects,
    population,
    transparency,
    access_log,
    decisions,
    tokens,
    authorities,
    notices,
    ops,
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    follow_master()  # a worker of `serve --workers N` stops when its master is gone
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with lifespan_auditor(settings, app.state.context.registry):
            async with dispatching(app.state.context.registry):
                yield
        app.state.context.recorder.close()
        app.state.context.registry.engine.dispose()

    app = FastAPI(
        title="creditreg",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # docs_pages serves /docs and /redoc without a CDN
        redoc_url=None,
    )
    app.state.context = Context.build(settings, metrics)
    for module in ROUTERS:  # a query parameter no route takes is a 422, not ignored
        # GET /v1/checks reads its query by hand (check_query), without FastAPI's machinery.
        known = [] if module is checks else [Depends(only_known_query)]
        app.include_router(module.router, dependencies=known)
    errors.install(app)
    contract.publish(app)  # the document admits no NUL in a path or query parameter
    docs_pages.mount(app)
    # Innermost first: the role check runs before the body limits ever see a body byte.
    # The routers' own routes: FastAPI wraps included ones in objects of its own.
    routes = [r for m in ROUTERS for r in m.router.routes]
    app.state.api_routes = routes  # what a 405's Allow lists (errors.allowed_methods)
    app.add_middleware(CheckPath, route=checks.single_route(), endpoint=checks.check)
    app.add_middleware(IntegrityGuard, alarm=app.state.context.registry.alarm)
    app.add_middleware(AuthFirst, routes=routes)
    shape = Shape(max_items=settings.max_batch)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        shape=shape,
        body_seconds=settings.body_timeout_seconds,
    )
    app.add_middleware(Observe, metrics=metrics)
    return app
