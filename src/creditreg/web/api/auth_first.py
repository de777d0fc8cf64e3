"""Authentication and the role check before a single byte of a request body is read.

FastAPI reads and parses a body before it runs an endpoint's dependencies, so without
this an anonymous 16 MB body was parsed whole only to be answered 401. ``AuthFirst``
finds the route a request with a body is for, runs that route's ``RoleGate`` on the
headers alone and answers 401/403 at once; an admitted principal is left in the scope
for the gate to reuse, so a token is checked once per request. Requests without a body
(GET, HEAD, OPTIONS) go straight through: their gate runs as a dependency, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Receive, Scope, Send

from creditreg.web.api.outage import DATABASE_DOWN, unavailable_response
from creditreg.web.auth import PRINCIPAL, RoleGate, credentials
from creditreg.web.problems import Problem, problem_response

BODYLESS = frozenset({"GET", "HEAD", "OPTIONS"})


class AuthFirst:
    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute]) -> None:
        self.app, self.routes = app, routes
        self.gates: dict[int, RoleGate | None] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in BODYLESS:
            gate = self._gate(scope)
            if gate is not None:
                refusal = _admit(gate, scope)
                if refusal is not None:
                    await refusal(scope, receive, send)
                    return
        await self.app(scope, receive, send)

    def _gate(self, scope: Scope) -> RoleGate | None:
        for route in self.routes:
            if isinstance(route, APIRoute) and route.matches(scope)[0] is Match.FULL:
                if id(route) not in self.gates:
                    self.gates[id(route)] = _gate_of(route)
                return self.gates[id(route)]
        return None


def _gate_of(route: APIRoute) -> RoleGate | None:
    pending = list(route.dependant.dependencies)
    while pending:
        dependency = pending.pop()
        if isinstance(dependency.call, RoleGate):
            return dependency.call
        pending.extend(dependency.dependencies)
    return None


def _admit(gate: RoleGate, scope: Scope) -> Response | None:
    request = Request(scope)
    given: HTTPAuthorizationCredentials | None = credentials(request)
    try:
        scope[PRINCIPAL] = gate.admit(request.app.state.context, given)
    except Problem as exc:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem_response(exc.kind, exc.detail, str(scope["path"]), headers)
    except DATABASE_DOWN as exc:
        return unavailable_response(exc, str(scope["path"]))
    return None
