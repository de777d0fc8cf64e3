"""Helpers of the hostile-input, OpenID Connect and schemathesis tests.

``database`` and ``serving`` build an API that lives for a whole module (conftest's
``api`` is per test, and PostgreSQL there is per test too): the hostile tests send
hundreds of requests that must store nothing, so they share one registry per backend
and compare ``snapshot``s around each request instead of starting from scratch.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url

from creditreg.server import create_app
from creditreg.web.settings import Settings

from .conftest import Api, loaded_registry, make_tokens

PG_ENV = "CREDITREG_TEST_PG"
PROBLEM = "application/problem+json"
TABLES = ("events", "personal_data", "objections", "api_tokens", "access_log")


@contextmanager
def database(kind: str, directory: Path) -> Iterator[str]:
    """The URL of a new, empty database: an SQLite file, or a schema of the test server."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / 'registry.db'}"
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against")
    server = make_url(base).set(drivername="postgresql+psycopg")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    schema = f"t_{uuid.uuid4().hex[:24]}"
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        url = server.update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@contextmanager
def serving(url: str, directory: Path, **settings: Any) -> Iterator[Api]:
    """The demo registry at ``url`` with a token per role, behind a test client.

    Signing keys go to ``directory`` (the registry reads ``CREDITREG_KEYS`` once, when
    it is opened), never to the working directory.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CREDITREG_KEYS", str(directory / "signing-keys"))
        registry = loaded_registry(url)
        tokens = make_tokens(registry)
        app = create_app(Settings(db=url, **settings))
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            yield Api(url, client, registry, tokens)
    finally:
        registry.engine.dispose()


def problem(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    """Assert ``response`` is an RFC 9457 problem document of ``kind``; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM, response.headers
    body: dict[str, Any] = response.json()
    assert body["type"] == f"/problems/{kind}", body
    assert body["status"] == status
    assert isinstance(body["title"], str) and isinstance(body["detail"], str)
    return body


def any_problem(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    """Assert ``response`` is a problem document with one of ``statuses``."""
    assert response.status_code in statuses, (response.status_code, response.text)
    assert response.headers["content-type"] == PROBLEM, response.headers
    body: dict[str, Any] = response.json()
    assert body["type"].startswith("/problems/") and body["status"] == response.status_code
    return body


def error_fields(body: dict[str, Any]) -> list[str]:
    return [error["field"] for error in body.get("errors", [])]


def snapshot(api: Api) -> dict[str, object]:
    """What a request could have stored: the log head and the size of every table."""
    with api.registry.engine.connect() as conn:
        counts: dict[str, object] = {
            table: conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            for table in TABLES
        }
    counts["head"] = api.registry.reader.head()
    return counts


@contextmanager
def unchanged(api: Api) -> Iterator[None]:
    """Assert the block stores nothing: no event, objection, token or access-log entry."""
    before = snapshot(api)
    yield
    assert snapshot(api) == before
