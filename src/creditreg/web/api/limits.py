"""The request body limits, enforced while the body streams in, before anything parses it.

A declared ``Content-Length`` over the limit is refused at once; a body sent without one
(chunked) is counted as it arrives and refused as soon as it passes the limit. Either
way the answer is a ``too-large`` problem and nothing is stored. Every body but a
console form is also held to a ``Shape`` as it arrives (items per array, nesting depth,
length of every value: see ``json_shape``), so what a parser later builds from it is
bounded too; nothing of the body is quoted in the answer. The whole body must arrive
within its deadline (``slow_clients.BodyDeadline``), or the answer is ``408 timeout``.
A path or query string holding a NUL character (``%00``) is refused here too, as
``invalid-request``: no identifier, id or filter has one, and PostgreSQL cannot even
compare text holding one.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from creditreg.web.api.json_shape import Shape, ShapeError, ShapeGuard
from creditreg.web.problems import problem_response
from creditreg.web.slow_clients import BodyDeadline, BodyTooSlow

FORMS = (b"application/x-www-form-urlencoded", b"multipart/form-data")
LINES = (b"application/x-ndjson", b"application/jsonl", b"application/json-seq")


class BodyRefused(HTTPException):
    """Raised from ``receive``; an HTTPException so FastAPI's body parsing lets it through."""

    def __init__(self, detail: str, status: int = 413) -> None:
        # A body cut off by its deadline leaves unread bytes behind: close the connection.
        super().__init__(status, detail, {"Connection": "close"} if status == 408 else None)


class BodyLimit:
    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        shape: Shape | None = None,
        body_seconds: float = 60.0,
    ) -> None:
        self.app, self.max_bytes, self.shape = app, max_bytes, shape or Shape()
        self.body_seconds = body_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            detail = f"the request body is larger than {self.max_bytes} bytes"
            response = problem_response("too-large", detail, str(scope["path"]))
            await response(scope, receive, send)
            return
        if "\x00" in str(scope["path"]) or b"%00" in scope.get("query_string", b""):
            detail = "the path or query string holds a NUL character"
            response = problem_response("invalid-request", detail, str(scope["path"]))
            await response(scope, receive, send)
            return
        timed = BodyDeadline(receive, self.body_seconds)
        await self.app(scope, self._counting(timed, scope), send)

    def _guard(self, scope: Scope) -> ShapeGuard | None:
        media_type = _header(scope, b"content-type").split(b";")[0].strip().lower()
        if media_type in FORMS:  # the console's forms: small fields, parsed by Starlette
            return None
        return ShapeGuard(self.shape, lines=media_type in LINES)

    def _counting(self, receive: Receive, scope: Scope) -> Receive:
        seen = 0
        guard: ShapeGuard | bool | None = False  # made at the first body message: a check
        # (GET, never read) does not pay for a guard (bench/middleware_bench.py)

        async def counted() -> Message:
            nonlocal seen, guard
            try:
                message = await receive()
            except BodyTooSlow as exc:
                raise BodyRefused(str(exc), 408) from None
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                seen += len(chunk)
                if seen > self.max_bytes:
                    raise BodyRefused(f"the request body is larger than {self.max_bytes} bytes")
                if guard is False:
                    guard = self._guard(scope)
                if isinstance(guard, ShapeGuard):
                    _check(guard, chunk, more=message.get("more_body", False))
            return message

        return counted


def _check(guard: ShapeGuard, chunk: bytes, more: bool) -> None:
    try:
        guard.feed(chunk)
        if not more:
            guard.finish()
    except ShapeError as exc:
        raise BodyRefused(str(exc), 413 if exc.too_large else 422) from None


def _header(scope: Scope, name: bytes) -> bytes:
    for key, value in scope["headers"]:
        if key == name:
            return bytes(value)
    return b""


def _content_length(scope: Scope) -> int | None:
    try:
        return int(_header(scope, b"content-length"))
    except ValueError:
        return None
