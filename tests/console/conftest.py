"""The console on a real SQLite registry (the API tests' sample and tokens), in process.

``console`` is the API fixture of ``tests/api`` (SQLite, and PostgreSQL when
``CREDITREG_TEST_PG`` is set) plus ``browser(role)``: a test client
with its own cookie jar, signed in through the sign-in form like a person would be
(``None`` stays signed out). ``form_token(page)`` reads a page's form token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from creditreg.server import create_app
from creditreg.web.settings import Settings
from tests.api.conftest import PERSON_A, PERSON_B, Api, _url, loaded_registry, make_tokens
from tests.console.conftest_browser import (  # noqa: F401 - the browser tests' fixtures
    chromium_fixture,
    console_server_fixture,
    pages_fixture,
)

__all__ = ["PERSON_A", "PERSON_B", "Console", "form_token", "sign_in"]

_CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
_NONCE = re.compile(r'name="nonce" value="([^"]+)"')


def form_token(page: httpx.Response) -> str:
    found = _CSRF.search(page.text)
    assert found, "the page has no form token"
    return found.group(1)


def sign_in(client: TestClient, token: str) -> httpx.Response:
    """Sign in through the form: fetch it (its nonce cookie), post the token (no redirect
    followed: landing on a subject's file would read it)."""
    form = client.get("/console/login")
    nonce = _NONCE.search(form.text)
    assert nonce
    data = {"token": token, "nonce": nonce.group(1), "next": "/console/"}
    return client.post("/console/login", data=data, follow_redirects=False)


@dataclass
class Console(Api):
    def browser(self, role: str | None, language: str | None = None) -> TestClient:
        client = TestClient(self.client.app, raise_server_exceptions=True)
        if language:
            client.cookies.set("creditreg_lang", language)
        if role is not None:
            answer = sign_in(client, self.tokens[role])
            assert answer.status_code == 303, answer.text[:500]
        return client


def _console(url: str) -> Iterator[Console]:
    registry = loaded_registry(url)
    tokens = make_tokens(registry)
    app = create_app(Settings(db=url, max_body_bytes=64 * 1024, max_batch=100))
    with TestClient(app, raise_server_exceptions=True) as client:
        yield Console(url, client, registry, tokens)
    registry.engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def console(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Console]:
    """A fresh registry for tests that change it, on SQLite and (when configured)
    PostgreSQL: objections, decisions and the access log go through both."""
    yield from _console(_url(request, tmp_path))


@pytest.fixture(scope="module")
def shared_console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Console]:
    """One SQLite registry for a module of tests that only read (or add access-log
    entries)."""
    yield from _console(f"sqlite:///{tmp_path_factory.mktemp('console') / 'registry.db'}")
