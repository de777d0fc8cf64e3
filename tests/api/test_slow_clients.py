"""Slow and vanishing clients against a real ``creditreg serve`` (issue 10, finding 7).

Raw sockets, because an HTTP client library cannot be made to send half a request: a
connection that sends its headers or its body too slowly is closed after the configured
timeout, and a client that hangs up in the middle of a body is not an error in the log.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

from .conftest import PERSON_B, Server, serving_sample

HEADER_TIMEOUT = 1.0
BODY_TIMEOUT = 2.0
SLACK = 4.0  # a loaded two-core machine: the close must come well before this


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    env = {
        "CREDITREG_HEADER_TIMEOUT_SECONDS": str(HEADER_TIMEOUT),
        "CREDITREG_BODY_TIMEOUT_SECONDS": str(BODY_TIMEOUT),
    }
    with serving_sample(tmp_path_factory.mktemp("slow"), **env) as served:
        yield served


def connect(server: Server) -> socket.socket:
    host, port = server.base.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=BODY_TIMEOUT + SLACK + 5)


def read_until_closed(sock: socket.socket) -> tuple[bytes, float]:
    """Everything the server sends until it closes, and how long that took."""
    start, received = time.monotonic(), b""
    while chunk := sock.recv(65536):
        received += chunk
    return received, time.monotonic() - start


def record_request(token: str, length: int) -> bytes:
    return (
        "POST /v1/records HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: {length}\r\n\r\n"
    ).encode()


def a_record() -> bytes:
    record = {
        "subject_id": PERSON_B,
        "type": "court.debtor_evades",
        "authority": "court.bj-chaoyang",
        "decision_ref": "(2026)京0105执9002号",
        "decided_at": "2026-10-01",
    }
    return json.dumps(record).encode()


def test_a_connection_that_sends_nothing_is_closed(served: tuple[Server, dict[str, str]]) -> None:
    with connect(served[0]) as sock:
        received, waited = read_until_closed(sock)
    assert received == b""
    assert waited < HEADER_TIMEOUT + SLACK


def test_headers_sent_slowly_are_cut_off(served: tuple[Server, dict[str, str]]) -> None:
    with connect(served[0]) as sock:
        sock.sendall(b"GET /livez HTTP/1.1\r\nHost: test\r\n")
        start = time.monotonic()
        try:  # a slowloris: a byte now and then, never the blank line
            for _ in range(int((HEADER_TIMEOUT + SLACK) / 0.25)):
                sock.sendall(b"X")
                time.sleep(0.25)
        except (BrokenPipeError, ConnectionResetError):
            pass
        received, _ = read_until_closed(sock)
        waited = time.monotonic() - start
    assert b"alive" not in received  # the request was never answered
    assert waited < HEADER_TIMEOUT + SLACK


def test_a_body_sent_slowly_gets_408_and_is_closed(
    served: tuple[Server, dict[str, str]],
) -> None:
    server, tokens = served
    body = a_record()
    with connect(server) as sock:
        sock.sendall(record_request(tokens["agency"], len(body)) + body[:10])
        received, waited = read_until_closed(sock)
    assert received.startswith(b"HTTP/1.1 408 "), received[:200]
    assert b"/problems/timeout" in received
    assert waited < BODY_TIMEOUT + SLACK


def test_a_client_hanging_up_mid_body_is_not_an_error(
    served: tuple[Server, dict[str, str]],
) -> None:
    server, tokens = served
    body = a_record()
    before = len(server.logs())
    for _ in range(3):
        with connect(server) as sock:
            sock.sendall(record_request(tokens["agency"], len(body)) + body[:10])
            time.sleep(0.2)  # the handler is reading the body now
    time.sleep(1.0)
    assert httpx_get(server, "/livez") == 200  # still serving, and the log is written
    written = "\n".join(server.logs()[before:])
    assert "Traceback" not in written
    assert "Exception in ASGI application" not in written
    assert "ClientDisconnect" not in written and "unhandled error" not in written
    statuses = [json.loads(line).get("status") for line in written.splitlines()]
    assert 500 not in statuses
    assert statuses.count(499) == 3  # the request log says what happened: the client left


def httpx_get(server: Server, path: str) -> int:
    import httpx

    return httpx.get(server.base + path, timeout=5).status_code
