"""The registry's law over time: rulebook versions read from the database as a ``Law``.

Which versions count depends on what was known: ``known_at`` (UTC ISO text, as the
log's ``recorded_at``) keeps only the activations made by then. Parsed rulebooks are
kept by ref (a ref is immutable), and the list of activations is re-read at most every
``FRESH_SECONDS``, so a server sees a version activated from the command line without a
restart, and a check does not pay a query for it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from creditreg.db.connection import write_transaction
from creditreg.engine.law import InForce, Law
from creditreg.log import rulebook_versions
from creditreg.log.reader import LogReader
from creditreg.log.rulebook_versions import Activation
from creditreg.log.rulebooks import store
from creditreg.rulebook.loader import LoadedRulebook, parse_rulebook

FRESH_SECONDS = 2.0


class NoVersion(LookupError):
    """No rulebook version was activated (by the knowledge time asked)."""


@dataclass(frozen=True, slots=True)
class KnownLaw:
    """The law as known at one time, and a key naming exactly its versions (for caches)."""

    law: Law
    key: str
    loaded: dict[str, LoadedRulebook]

    def in_force(self, day: date) -> LoadedRulebook:
        return self.loaded[self.law.on(day).ref]


class LawStore:
    """Reads and adds rulebook versions of one registry database."""

    def __init__(
        self,
        engine: Engine,
        reader: LogReader,
        label: Callable[[LoadedRulebook], LoadedRulebook] = lambda loaded: loaded,
    ) -> None:
        self._engine = engine
        self._reader = reader
        self._label = label  # e.g. the roster's names for the rulebook's authorities
        self._parsed: dict[str, LoadedRulebook] = {}
        # One parse per ref at a time: a server's thread pool (PostgreSQL checks) starts
        # dozens of checks at once on a cold worker, and each one parsing the rulebook
        # itself (YAML, the scheme checks: tens of ms) kept a worker at 30 checks/s.
        self._parsing = threading.Lock()
        self._now: tuple[float, KnownLaw] | None = None

    def activate(self, loaded: LoadedRulebook, effective_from: date) -> None:
        """Store ``loaded`` (immutable by ref) and put it in force from ``effective_from``."""
        with write_transaction(self._engine) as conn:
            store(conn, loaded.rulebook.ref, loaded.digest, loaded.text)
            rows = rulebook_versions.timeline(rulebook_versions.activations(conn))
            same = [r for r in rows if r.effective_from == effective_from]
            if not (same and same[0].ref == loaded.rulebook.ref):  # ``init`` run again
                rulebook_versions.add(conn, loaded.rulebook.ref, effective_from)
        self._parsed[loaded.rulebook.ref] = self._label(loaded)
        self._now = None

    def forget(self) -> None:
        """Parse and label every version anew on the next read (the roster changed)."""
        self._parsed.clear()
        self._now = None

    def history(self) -> list[Activation]:
        with self._engine.connect() as conn:
            return rulebook_versions.activations(conn)

    def known(self, known_at: str | None = None) -> KnownLaw:
        """The law from the activations made by ``known_at`` (default: all of them)."""
        if known_at is None and self._now is not None:
            read_at, law = self._now
            if time.monotonic() - read_at < FRESH_SECONDS:
                return law
        with self._engine.connect() as conn:
            rows = rulebook_versions.timeline(rulebook_versions.activations(conn, known_at))
        if not rows:
            when = f" was known at {known_at}" if known_at else " was activated"
            raise NoVersion("no rulebook version" + when)
        law = self._law(rows)
        if known_at is None:
            self._now = (time.monotonic(), law)
        return law

    def _law(self, rows: list[Activation]) -> KnownLaw:
        loaded = {row.ref: self._load(row.ref) for row in rows}
        versions = [InForce(row.effective_from, loaded[row.ref].rulebook) for row in rows]
        key = ";".join(f"{row.effective_from}={loaded[row.ref].digest}" for row in rows)
        return KnownLaw(Law(versions), key, loaded)

    def _load(self, ref: str) -> LoadedRulebook:
        found = self._parsed.get(ref)
        if found is not None:
            return found
        with self._parsing:
            if ref not in self._parsed:  # parsed by another thread while this one waited
                body = self._reader.rulebook(ref)
                assert body is not None  # the foreign key holds it
                self._parsed[ref] = self._label(parse_rulebook(body, ref, stored=True))
            return self._parsed[ref]
