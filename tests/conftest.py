"""Shared fixtures: empty, isolated databases on each real backend.

``sqlite_urls`` and ``postgres_urls`` are factories: every call gives the URL of a new,
empty database. PostgreSQL needs a server named by ``CREDITREG_TEST_PG`` (on CI
``postgresql://postgres@127.0.0.1:5432/test``); without it those tests are skipped with
that reason. Each PostgreSQL "database" is a fresh schema selected through the
connection's ``search_path``, so parallel workers (pytest-xdist) never meet, and the
schema is dropped when the test ends.
"""

from __future__ import annotations

import itertools
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url

PG_ENV = "CREDITREG_TEST_PG"


@pytest.fixture
def sqlite_urls(tmp_path: Path) -> Callable[[], str]:
    """New SQLite database files in this test's temporary directory."""
    counter = itertools.count()
    return lambda: f"sqlite:///{tmp_path / f'db{next(counter)}.sqlite'}"


@pytest.fixture
def postgres_urls() -> Iterator[Callable[[], str]]:
    """New schemas on the test server; dispose your engines before the test ends."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"{PG_ENV} is not set: no PostgreSQL server to test against")
    server = make_url(base).set(drivername="postgresql+psycopg")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    schemas: list[str] = []

    def new() -> str:
        schema = f"t_{uuid.uuid4().hex[:24]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        schemas.append(schema)
        url = server.update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    yield new
    with admin.connect() as conn:
        for schema in schemas:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


@pytest.fixture(autouse=True)
def _signing_keys_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test keeps its signing keys in its own directory, never the working one."""
    monkeypatch.setenv("CREDITREG_KEYS", str(tmp_path / "signing-keys"))
