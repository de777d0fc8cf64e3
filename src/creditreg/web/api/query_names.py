"""Unknown query parameters are refused, never ignored.

A checkpoint that sends ``?att=2026-11-20`` for ``?at=`` would otherwise get today's answer
and take it for the answer of the day it asked about; a 422 naming the parameters the
operation takes makes the typo visible. The published document lists every parameter of
every operation, so this also makes the server accept exactly what it publishes.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

_KNOWN: dict[int, frozenset[str]] = {}
"""Names per route (by identity): flattening a route's dependencies once, not per request."""


def known_names(route: APIRoute) -> frozenset[str]:
    """The query parameters a route declares, under the names clients send (aliases), and
    those it publishes by hand (``openapi_extra``)."""
    names = _KNOWN.get(id(route))
    if names is None:
        extra = (route.openapi_extra or {}).get("parameters", [])
        published = {p["name"] for p in extra if p.get("in") == "query"}
        names = frozenset(_query_names(route.dependant) | published)
        _KNOWN[id(route)] = names
    return names


async def only_known_query(request: Request) -> None:
    """A dependency of every API router: 422 for a query parameter the route does not take.

    The name is not echoed (it may be anything, of any length); the detail lists the names
    the operation does take."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute) or not request.query_params:
        return
    known = known_names(route)
    if all(name in known for name in request.query_params):
        return
    takes = ", ".join(sorted(known)) or "none"
    reason = f"unknown query parameter; this operation takes: {takes}"
    raise RequestValidationError([{"loc": ("query",), "msg": reason, "type": "extra_forbidden"}])


def _query_names(dependant: Dependant) -> set[str]:
    """The route's own query parameters and those of every dependency it uses."""
    names = {param.alias for param in dependant.query_params}
    for inner in dependant.dependencies:
        names |= _query_names(inner)
    return names
