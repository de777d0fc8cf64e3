"""Every error the API can meet, turned into a problem document in one place.

Domain errors keep their own messages (they are written for the person who sent the
request); anything unexpected becomes ``internal`` with no detail, and is logged.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from creditreg.errors import CreditregError
from creditreg.identifiers import InvalidIdentifier
from creditreg.log.integrity import LogIntegrityError
from creditreg.service.moments import DayOutOfRange
from creditreg.timeparse import BadTime
from creditreg.web.api.integrity import integrity_detail
from creditreg.web.api.outage import DATABASE_DOWN, unavailable_response
from creditreg.web.api.schemas import VARIANT
from creditreg.web.problems import Problem, problem_response

log = logging.getLogger("creditreg.web.api")
CLIENT_CLOSED = 499

DOMAIN: tuple[type[Exception], ...] = (CreditregError, DataError)
"""Ours (each carries its ``kind``), and a value PostgreSQL cannot store (a NUL character)."""
HTTP_KINDS = {
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    408: "timeout",
    413: "too-large",
    415: "unsupported-media-type",
}


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(ClientDisconnect, _gone)
    app.add_exception_handler(HTTPException, _http)
    for outage in DATABASE_DOWN:
        app.add_exception_handler(outage, _unavailable)
    for error in DOMAIN:
        app.add_exception_handler(error, domain)
    app.add_exception_handler(LogIntegrityError, _integrity)
    app.add_exception_handler(Exception, _internal)


async def _problem(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem_response(exc.kind, exc.detail, request.url.path, headers, **exc.extra)


async def domain(request: Request, exc: Exception) -> JSONResponse:
    return problem_response(*problem_of(exc), request.url.path)


def problem_of(exc: Exception) -> tuple[str, str]:
    """The problem kind and detail of one of ours (or of ``DataError``): the error's own
    message, except where that would echo what was sent."""
    if isinstance(exc, DataError):  # the driver's text quotes the statement
        return (
            "invalid-request",
            "a value cannot be stored (control characters such as NUL are not allowed)",
        )
    assert isinstance(exc, CreditregError)
    detail = str(exc.args[0]) if isinstance(exc, LookupError) and exc.args else str(exc)
    if exc.public is not None:
        detail = exc.public
    if isinstance(exc, InvalidIdentifier):  # the reason only: never echo an identifier
        detail = identifier_detail(exc)
    if isinstance(exc, BadTime) and not isinstance(exc, DayOutOfRange):  # it quotes the text
        detail = "a date or time could not be read (expected YYYY-MM-DD or ISO 8601)"
    return exc.kind, detail


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_field_error(item) for item in exc.errors()]
    detail = "; ".join(f"{e['field']}: {e['reason']}" for e in errors[:5])
    return problem_response("invalid-request", detail, request.url.path, errors=errors)


def identifier_detail(exc: InvalidIdentifier) -> str:
    """Why an identifier was refused, without the identifier (it may be someone's, mistyped)."""
    return f"not a valid subject identifier: {exc.reason}"


def _field_error(item: Any) -> dict[str, str]:
    """A pydantic error without its ``input``: never echo what was sent."""
    if item.get("type") == "json_invalid":  # FastAPI: a JSON body that does not parse
        return {"field": "body", "reason": "the body is not valid JSON"}
    where = [str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path")]
    where = [part for part in where if not part.startswith(VARIANT)]  # a union's tag
    named = (item.get("ctx") or {}).get("field")  # a union with no variant: its tag field
    field = ".".join([*where, named] if isinstance(named, str) else where)
    return {"field": field or "body", "reason": str(item.get("msg", "invalid"))}


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    kind = HTTP_KINDS.get(exc.status_code, "invalid-request")
    detail = exc.detail if isinstance(exc.detail, str) else kind
    if exc.status_code == 400:  # FastAPI: a body that is not JSON at all
        kind, detail = "invalid-request", "the body is not valid JSON"
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = allowed_methods(request)
    return problem_response(kind, detail, request.url.path, headers)


def allowed_methods(request: Request) -> str:
    """Every method some route takes at this path. Starlette's own ``Allow`` names only the
    first route that matched the path, and ``GET`` and ``POST`` of one path are often two
    routes (``/v1/checks``, ``/v1/tokens``, ``/v1/authorities``). The routers' own routes:
    FastAPI wraps included ones in objects of its own."""
    methods: set[str] = set()
    for route in getattr(request.app.state, "api_routes", request.app.router.routes):
        match, _ = route.matches({**request.scope, "method": "\x00"})  # path only
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return ", ".join(sorted(methods))


async def _gone(request: Request, exc: Exception) -> Response:
    """The client hung up before its body was read: nothing to answer, nothing went wrong.
    Nobody reads this answer; its status (nginx's 499) is what the request log shows."""
    return Response(status_code=CLIENT_CLOSED)


async def _unavailable(request: Request, exc: Exception) -> JSONResponse:
    return unavailable_response(exc, request.url.path)


async def _integrity(request: Request, exc: Exception) -> JSONResponse:
    """A read or write met a tampered entry: the process stops serving the log."""
    assert isinstance(exc, LogIntegrityError)
    request.app.state.context.registry.alarm.trip(exc, "request")
    detail = integrity_detail(exc)
    return problem_response("integrity", detail, request.url.path, leaf_index=exc.index)


async def _internal(request: Request, exc: Exception) -> JSONResponse:
    route = getattr(request.scope.get("route"), "path", "unmatched")  # paths carry identifiers
    log.exception("unhandled error on %s %s", request.method, route, exc_info=exc)
    return problem_response("internal", "an unexpected error; it was logged", request.url.path)
