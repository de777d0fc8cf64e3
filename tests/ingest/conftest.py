"""A real SQLite log in a temporary directory, its writer and reader, the default rulebook."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy import Engine

from creditreg.ingest import IngestSummary, ingest_files
from creditreg.log import LogReader, LogWriter, connect, migrate
from creditreg.rulebook.loader import default_rulebook
from creditreg.rulebook.model import Rulebook
from creditreg.transparency.hook import tree_writer

from .builders import TODAY


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return default_rulebook().rulebook


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated, empty log on each real backend (PostgreSQL when CREDITREG_TEST_PG is set)."""
    urls: Callable[[], str] = request.getfixturevalue(f"{request.param}_urls")
    engine = connect(urls())
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def writer(engine: Engine) -> LogWriter:
    return tree_writer(engine)


@pytest.fixture
def reader(engine: Engine) -> Iterator[LogReader]:
    reader = LogReader(engine)
    yield reader
    reader.close()


class Ingest(Protocol):
    def __call__(self, *paths: Path, rejects_path: Path | None = None) -> IngestSummary: ...


@pytest.fixture
def ingest(writer: LogWriter, reader: LogReader, rulebook: Rulebook) -> Ingest:
    """Ingest files into this test's log as of TODAY, in small batches (several per file)."""

    def run(*paths: Path, rejects_path: Path | None = None) -> IngestSummary:
        return ingest_files(
            paths,
            writer,
            rulebook,
            reader=reader,
            today=TODAY,
            rejects_path=rejects_path,
            batch_size=2,
        )

    return run
