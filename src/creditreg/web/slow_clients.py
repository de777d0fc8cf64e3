"""Clients that send too slowly: a deadline for a request's headers, one for its body.

uvicorn times out a keep-alive connection that stays silent after an answer, and
nothing else: a connection that opens and sends nothing, or sends its headers a byte at
a time (a "slowloris"), holds a socket and a file descriptor for as long as it likes, and
so does a body that trickles in. Neither h11 nor httptools has a header timeout, so the
header deadline lives in the protocol (``HeaderDeadline``, given to uvicorn as its
``http`` class); the body deadline is kept where the body is read, ``limits.BodyLimit``
(``BodyDeadline``), and answers ``408 timeout`` before closing the connection.
"""

from __future__ import annotations

import asyncio
from functools import cache

import anyio
from starlette.types import Message, Receive
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from creditreg.web.settings import Settings


@cache
def _settings() -> Settings:
    """Every worker reads the ``CREDITREG_*`` variables ``serve`` validated, once."""
    return Settings.from_env()


class HeaderDeadline(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a deadline for each request's line and headers.

    The clock starts when the connection opens, and again once an answer is sent (an idle
    connection is closed sooner by uvicorn's keep-alive timeout); it stops when the headers
    are complete. When it runs out the connection is closed: there is no request yet to
    answer, and a client that sends this slowly is not waiting for one."""

    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        pipelined = bool(self.pipeline)  # the next request's headers are already in
        super().on_response_complete()
        if not pipelined and not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        timeout = _settings().header_timeout_seconds
        self._deadline = self.loop.call_later(timeout, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()


class BodyTooSlow(Exception):
    """The body did not arrive within its deadline."""


class BodyDeadline:
    """Wraps ``receive`` so that the whole body must arrive within ``seconds`` of the
    request's start. Once the last chunk is in, ``receive`` is passed through untouched:
    after the body it only waits for the client to hang up, for as long as an answer
    streams."""

    def __init__(self, receive: Receive, seconds: float) -> None:
        self.receive, self.seconds = receive, seconds
        self.deadline = anyio.current_time() + seconds
        self.complete = False

    async def __call__(self) -> Message:
        if self.complete:
            return await self.receive()
        with anyio.move_on_after(self.deadline - anyio.current_time()) as scope:
            message = await self.receive()
        if scope.cancelled_caught:
            raise BodyTooSlow(f"the request body did not arrive within {self.seconds:g} seconds")
        if message["type"] != "http.request" or not message.get("more_body", False):
            self.complete = True
        return message
