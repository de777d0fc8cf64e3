"""The storage contract of the log, written once and run on every backend.

As in eventsourcing's recorder tests, ``LogSuite`` is an abstract class of tests (its name
does not start with ``Test``, so pytest does not collect it); ``test_backends.py``
subclasses it once per backend and supplies ``database_urls``, a factory of new, empty,
isolated databases.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import ClassVar

import pytest

from creditreg.log import LogReader, connect, migrate
from creditreg.transparency.hook import tree_writer

from .helpers import Log
from .suite_append import AppendTests
from .suite_props import PropertyTests
from .suite_read import ReadTests
from .suite_tamper import TamperTests

NewLog = Callable[[], Log]


class LogSuite(AppendTests, ReadTests, TamperTests, PropertyTests):
    """Every storage test; a subclass per backend overrides ``database_urls``."""

    examples: ClassVar[int] = 40
    """Hypothesis examples per property (each example migrates a fresh database)."""

    @pytest.fixture
    def database_urls(self) -> Callable[[], str]:
        raise NotImplementedError("a backend's test class supplies database_urls")

    @pytest.fixture
    def new_log(self, database_urls: Callable[[], str]) -> Iterator[NewLog]:
        """Factory of fresh migrated logs, all closed when the test ends."""
        made: list[Log] = []

        def new() -> Log:
            engine = connect(database_urls())
            migrate(engine)
            made.append(Log(engine, tree_writer(engine), LogReader(engine)))
            return made[-1]

        yield new
        for log in made:
            log.reader.close()
            log.engine.dispose()

    @pytest.fixture
    def log(self, new_log: NewLog) -> Log:
        return new_log()
