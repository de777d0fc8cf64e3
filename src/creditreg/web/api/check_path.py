"""``GET /v1/checks`` handed straight to its endpoint, past FastAPI's router.

The single check is the registry's hot path, and its endpoint already reads the query and
the token by hand (``check_query``). What FastAPI still did for it on every request (the
router's match over every route, the route's exception and exit-stack wrappers, the
dependency solver, telemetry's endpoint span) was about a seventh of a check's CPU time in
process (a py-spy profile under load, ``bench/middleware_bench.py``). ``CheckPath`` sits
innermost of the application's own middleware, so the integrity guard, the body limits
and ``Observe`` (which labels by ``scope["route"]``, set here to the same route) still see
the request; an error the endpoint raises is answered by the application's own exception
handler for it, looked up as Starlette's ``ExceptionMiddleware`` would, so every problem
document is the one the router would have sent. Every other request, including another
method on ``/v1/checks`` (a 405 with its ``Allow``), goes on through the router.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute
from starlette.types import ASGIApp, Receive, Scope, Send

Endpoint = Callable[[Request], Awaitable[Response]]
Handler = Callable[[Request, Exception], Awaitable[Response]]
PATH = "/v1/checks"


class CheckPath:
    """ASGI middleware: ``GET /v1/checks`` to ``endpoint``, everything else to ``app``."""

    def __init__(self, app: ASGIApp, route: BaseRoute, endpoint: Endpoint) -> None:
        self.app, self.route, self.endpoint = app, route, endpoint

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        scope["route"] = self.route  # what Observe labels the request with
        scope["endpoint"] = self.endpoint
        request = Request(scope, receive)
        try:
            response = await self.endpoint(request)
        except Exception as exc:  # each kind goes to the application's own handler
            response = await _handled(request, exc)
        await response(scope, receive, send)


async def _handled(request: Request, exc: Exception) -> Response:
    """The response the application's handler for ``exc`` gives (the most specific one in
    ``exc``'s class order, as Starlette's ``ExceptionMiddleware`` chooses)."""
    handlers: dict[Any, Handler] = request.app.exception_handlers
    for kind in type(exc).__mro__:
        handler = handlers.get(kind)
        if handler is not None:
            return await handler(request, exc)
    raise exc
