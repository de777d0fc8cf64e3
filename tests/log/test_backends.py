"""The log's storage suite on each backend: SQLite always, PostgreSQL when configured."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .suite import LogSuite


class TestSQLiteLog(LogSuite):
    @pytest.fixture
    def database_urls(self, sqlite_urls: Callable[[], str]) -> Callable[[], str]:
        return sqlite_urls


@pytest.mark.postgres
class TestPostgresLog(LogSuite):
    examples = 15  # a schema and a migration per example: keep the server run short

    @pytest.fixture
    def database_urls(self, postgres_urls: Callable[[], str]) -> Callable[[], str]:
        return postgres_urls
