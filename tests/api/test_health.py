"""``/healthz`` reflects what the registry can do (issue 10, finding 8).

A full database answers reads while every submission and every check (its access-log
entry) fails: ``/healthz`` must fail too. SQLite's ``max_page_count`` makes a real
database full (every connection of the server is opened with it, through an engine
event), as a full disk does; nothing is mocked.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event

from creditreg.web.api.app import create_app
from creditreg.web.settings import Settings

from .conftest import PERSON_B, Api, loaded_registry, make_tokens

RECORD = {
    "subject_id": PERSON_B,
    "type": "court.debtor_evades",
    "authority": "court.bj-chaoyang",
    "decision_ref": "(2026)京0105执9003号",
    "decided_at": "2026-10-01",
}


def _full(dbapi_connection: Any, _record: Any) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        (pages,) = dbapi_connection.execute("PRAGMA page_count").fetchone()
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")


@contextmanager
def full_database() -> Iterator[None]:
    """Every SQLite connection opened meanwhile finds its database full."""
    event.listen(Engine, "connect", _full)
    try:
        yield
    finally:
        event.remove(Engine, "connect", _full)


def probe_tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE name LIKE 'healthz%'")
        return [name for (name,) in rows]


def test_healthz_fails_when_the_database_is_full(tmp_path: Path) -> None:
    path = tmp_path / "registry.db"
    url = f"sqlite:///{path}"
    registry = loaded_registry(url)
    tokens = make_tokens(registry)
    registry.engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("VACUUM")  # no free pages left for a write to reuse
    with full_database():
        app = create_app(Settings(db=url))
        with TestClient(app, raise_server_exceptions=False) as client:
            auth = {"Authorization": f"Bearer {tokens['agency']}"}
            batch = [{**RECORD, "record_id": f"full-{n}"} for n in range(60)]  # > 2 pages
            stored = client.post("/v1/records", json=batch, headers=auth)
            health = client.get("/healthz")
    assert stored.status_code == 503, stored.text  # the registry really cannot write
    assert health.status_code == 503
    assert health.json()["status"] == "unavailable"
    assert "refuses writes" in health.json()["reason"]
    assert "full" in health.json()["reason"]


def test_the_write_probe_passes_and_leaves_nothing(api: Api) -> None:
    size = api.log_size()
    for _ in range(3):
        response = api.call("GET", "/healthz")
        assert response.status_code == 200, response.text
        assert response.json()["status"] == "ok"
    assert api.log_size() == size
    with api.registry.engine.connect() as conn:
        if api.registry.engine.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE name LIKE 'healthz%'"
        else:
            query = "SELECT tablename FROM pg_tables WHERE tablename LIKE 'healthz%%'"
        assert conn.exec_driver_sql(query).fetchall() == []
