"""What the population reports need of a registry: a log reader and the active rulebook.

``registry.Registry`` has both, but population/ sits below the use-case layer and must
not import it; the reports name this protocol instead, so they run on anything that can
read a log and say which rulebook is in force.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from creditreg.law_store import KnownLaw
from creditreg.log.reader import LogReader
from creditreg.rulebook.loader import LoadedRulebook
from creditreg.rulebook.model import Rulebook


class RegistryView(Protocol):
    """The log to read and the rulebook in force (``loaded`` also carries its digest)."""

    @property
    def reader(self) -> LogReader: ...

    @property
    def loaded(self) -> LoadedRulebook: ...

    @property
    def rulebook(self) -> Rulebook: ...

    def rulebook_on(self, day: date, known_at: str | None = None) -> Rulebook:
        """The rulebook version in force on ``day``."""
        ...

    def known(self, known_at: str | None = None) -> KnownLaw:
        """Every rulebook version, each in force from its day (``law_store``)."""
        ...
