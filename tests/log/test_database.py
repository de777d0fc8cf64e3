"""Configuration and connection set-up, per backend (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect

from creditreg.log import connect, database_url, migrate


def test_database_url_defaults_to_sqlite_in_the_working_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CREDITREG_DB", raising=False)
    assert database_url() == "sqlite:///creditreg.db"
    monkeypatch.setenv("CREDITREG_DB", "postgresql://db.example/registry")
    assert database_url() == "postgresql://db.example/registry"


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql_urls_use_psycopg_3(scheme: str) -> None:
    engine = connect(f"{scheme}://user@db.example/registry")  # no connection is made
    assert engine.url.drivername == "postgresql+psycopg"


def test_sqlite_connections_are_tuned(tmp_path: Path) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'log.db'}")
    with engine.connect() as conn:
        pragma = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar() for name in _PRAGMAS}
    assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 1}
    engine.dispose()


_PRAGMAS = ("journal_mode", "foreign_keys", "synchronous")


def test_migrations_run_from_anywhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No alembic.ini in the working directory: the configuration is built in code."""
    monkeypatch.chdir(tmp_path)
    engine = connect("sqlite:///here.db")
    migrate(engine)
    assert "events" in inspect(engine).get_table_names()
    engine.dispose()
