"""A registry per backend (SQLite, and PostgreSQL when ``CREDITREG_TEST_PG`` is set)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook


@pytest.fixture(params=["sqlite", "postgres"])
def registry_url(request: pytest.FixtureRequest) -> str:
    factory = "sqlite_urls" if request.param == "sqlite" else "postgres_urls"
    new: Callable[[], str] = request.getfixturevalue(factory)
    return new()


@pytest.fixture
def registry(registry_url: str) -> Iterator[Registry]:
    """An initialised registry: default rulebook, bundled roster."""
    opened = Registry.open(registry_url, create=True)
    opened.init(default_rulebook())
    yield opened
    opened.engine.dispose()
