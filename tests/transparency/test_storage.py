"""The tree's storage suites on each backend: SQLite always, PostgreSQL when configured."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .audit_suite import AuditTests
from .log_tree_suite import LogTreeTests
from .storage_suite import TreeStorageTests


class TestSQLiteTree(TreeStorageTests, LogTreeTests, AuditTests):
    @pytest.fixture
    def database_urls(self, sqlite_urls: Callable[[], str]) -> Callable[[], str]:
        return sqlite_urls


@pytest.mark.postgres
class TestPostgresTree(TreeStorageTests, LogTreeTests, AuditTests):
    examples = 5  # a schema and a migration per example: keep the server run short

    @pytest.fixture
    def database_urls(self, postgres_urls: Callable[[], str]) -> Callable[[], str]:
        return postgres_urls
