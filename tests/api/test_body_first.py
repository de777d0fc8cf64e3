"""The body is the last thing a server reads (issue 10, findings 1 and 2).

A real ``creditreg serve`` gets requests over a raw socket that announce a body and
then send none, or only a hostile prefix of one. The server must answer from what it
has: 401/403 from the headers alone, 413/422 from the prefix that breaks a bound. A
server that waits for the rest of the body (to parse it) times these tests out.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from .conftest import Server, serving_sample

MAX_BODY = 1 << 20
ANNOUNCED = MAX_BODY - 1  # a body the server would accept by size; never sent in full
ANSWER_WITHIN = 10.0  # seconds: the server answers long before; waiting means it reads on


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    directory = tmp_path_factory.mktemp("body-first")
    with serving_sample(
        directory, CREDITREG_MAX_BODY_BYTES=str(MAX_BODY), CREDITREG_MAX_BATCH="100"
    ) as served:
        yield served


def partial_post(base: str, path: str, prefix: bytes, token: str | None) -> tuple[int, bytes]:
    """POST announcing ``ANNOUNCED`` bytes, send ``prefix`` only; the status and body."""
    where = urlsplit(base)
    head = [f"POST {path} HTTP/1.1", f"Host: {where.netloc}", "Content-Type: application/json"]
    head += [f"Content-Length: {ANNOUNCED}", "Connection: close"]
    if token is not None:
        head.append(f"Authorization: Bearer {token}")
    with socket.create_connection((where.hostname, where.port), timeout=ANSWER_WITHIN) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + prefix)
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pytest.fail(f"no complete answer within {ANSWER_WITHIN}s: {answer[:200]!r}")
    status_line, _, rest = answer.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.mark.parametrize("path", ["/v1/checks", "/v1/tokens", "/v1/records"])
def test_an_anonymous_body_is_answered_401_before_it_is_read(
    server: tuple[Server, dict[str, str]], path: str
) -> None:
    status, body = partial_post(server[0].base, path, b'{"items":[', None)
    assert status == 401
    assert json.loads(body)["type"] == "/problems/unauthenticated"


@pytest.mark.parametrize(("path", "role"), [("/v1/checks", "agency"), ("/v1/tokens", "auditor")])
def test_a_body_for_another_role_is_answered_403_before_it_is_read(
    server: tuple[Server, dict[str, str]], path: str, role: str
) -> None:
    status, body = partial_post(server[0].base, path, b"{", server[1][role])
    assert status == 403
    assert json.loads(body)["type"] == "/problems/forbidden"


def test_too_many_items_are_refused_while_the_body_streams(
    server: tuple[Server, dict[str, str]],
) -> None:
    prefix = b'{"items":[' + b"{}," * 101
    status, body = partial_post(server[0].base, "/v1/checks", prefix, server[1]["checkpoint"])
    assert status == 413
    assert json.loads(body)["type"] == "/problems/too-large"


def test_too_many_records_are_refused_while_the_body_streams(
    server: tuple[Server, dict[str, str]],
) -> None:
    status, _ = partial_post(
        server[0].base, "/v1/records", b"[" + b"{}," * 101, server[1]["agency"]
    )
    assert status == 413


@pytest.mark.parametrize("path", ["/v1/records", "/v1/checks"])
def test_a_huge_field_is_refused_while_streaming_and_never_echoed(
    server: tuple[Server, dict[str, str]], path: str
) -> None:
    role = "agency" if path == "/v1/records" else "checkpoint"
    prefix = b'[{"type": "' + b"Q" * 40_000
    status, body = partial_post(server[0].base, path, prefix, server[1][role])
    assert status == 422
    assert b"QQQ" not in body and len(body) < 1000
    assert json.loads(body)["type"] == "/problems/invalid-request"


def test_deep_nesting_is_refused_while_streaming(server: tuple[Server, dict[str, str]]) -> None:
    status, _ = partial_post(server[0].base, "/v1/checks", b"[" * 100, server[1]["checkpoint"])
    assert status == 422


def test_an_unreadable_time_is_not_echoed(server: tuple[Server, dict[str, str]]) -> None:
    secret = "110105198503120418-not-a-date"
    response = httpx.get(
        server[0].base + "/v1/checks",
        params={"subject": "110105198503120418", "service": "rail", "at": secret},
        headers={"Authorization": f"Bearer {server[1]['checkpoint']}"},
    )
    assert response.status_code == 422
    assert response.json()["type"] == "/problems/invalid-time"
    assert secret not in response.text and "110105198503120418" not in response.text
