"""The registry: one place that ties the log, the active rulebook and the engine together.

The use cases in ``service/`` call this for every surface; it reads a subject's events,
folds them under the rulebook in force on the day asked (or serves the projection's row)
and writes due-process events through the single writer (``commands.Commands``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from creditreg.commands import Commands, NotFound, Written, no_record
from creditreg.db.connection import connect, migrate
from creditreg.db.dialect import is_sqlite, sqlite_database
from creditreg.engine import Decision, SubjectState
from creditreg.engine.law import Law, fold_in_time
from creditreg.errors import CreditregError
from creditreg.events import Event
from creditreg.identifiers import parse_subject
from creditreg.law_store import KnownLaw, LawStore, NoVersion
from creditreg.log.hooks import Hooks
from creditreg.log.integrity import IntegrityAlarm
from creditreg.log.reader import LogReader
from creditreg.log.writer import LogWriter
from creditreg.notices.hook import NoticeHook
from creditreg.projection.hook import ProjectionHook
from creditreg.projection.key import ensure_key, load_key
from creditreg.projection.rebuild import Rebuilt, rebuild, subjects_since
from creditreg.projection.serve import Decider, FromState, Serving
from creditreg.projection.store import ProjectionStore
from creditreg.roster.entry import Authority
from creditreg.roster.labels import with_roster_names
from creditreg.roster.manage import load_bundled, seed_from_rulebook
from creditreg.roster.store import RosterStore
from creditreg.rulebook.loader import LoadedRulebook, parse_rulebook
from creditreg.rulebook.model import Rulebook
from creditreg.state_cache import StateCache
from creditreg.timeparse import legal_date, now
from creditreg.transparency.hook import TreeHook
from creditreg.transparency.keys import (
    NoSigningKey,
    Signer,
    ensure_signing_key,
    keys_dir_for,
    load_signer,
)

__all__ = ["Answer", "NotFound", "NotInitialised", "Registry", "Written", "no_record"]


def _missing_table(error: DBAPIError) -> bool:
    text = str(error.orig).lower()
    return "no such table" in text or "does not exist" in text


def _signer(directory: Path) -> Signer | None:
    """The log's signing key when this machine holds it: heads follow every append."""
    try:
        return load_signer(directory)
    except NoSigningKey:
        return None


class NotInitialised(CreditregError, RuntimeError, kind="not-initialised"):
    """The database has no active rulebook: run ``creditreg init`` first."""


@dataclass(frozen=True, slots=True)
class Answer:
    """A state and the log prefix it was computed from (``log_size``, for replay).

    The prefix ends at the subject's last entry read: every entry after it is later in
    the log, so the prefix holds all the answer depends on, and no query for the log's
    head is added to a check.
    """

    state: SubjectState
    log_size: int


def _last_seq(events: Sequence[Event]) -> int:
    return max((event.seq for event in events), default=0)


class Registry(Commands):
    """Reads and writes one registry database."""

    def __init__(self, engine: Engine, cache_size: int = 1 << 16) -> None:
        self.engine = engine
        self.alarm = IntegrityAlarm()
        """Tripped by the first integrity failure any read, append or audit meets."""
        self.reader = LogReader(engine, self.alarm)
        self.keys_dir = keys_dir_for(sqlite_database(engine))
        self.tree = TreeHook(_signer(self.keys_dir), self.alarm)
        self.projection = ProjectionStore(engine, load_key(self.keys_dir))
        self.projector = ProjectionHook(self.tree, self.projection, self._law_now)
        self.notices = NoticeHook(self.notice_law)
        self.writer = LogWriter(engine, Hooks(self.projector, self.notices))
        self.cache = StateCache(cache_size)
        self.serving = Serving(self.projection)
        self.served = self.serving.counts
        """Checks answered per projection outcome (``serve.SERVED``), in this process."""
        self.authorities = RosterStore(engine)
        self.law = LawStore(engine, self.reader, self._with_roster_names)

    @classmethod
    def open(
        cls, url: str | None = None, *, create: bool = False, cache_size: int = 1 << 16
    ) -> Registry:
        """The registry at ``url``; unless ``create``, an SQLite file must already exist."""
        engine = connect(url)
        database = sqlite_database(engine)
        on_disk = database not in (None, "", ":memory:")
        if on_disk and not create and not Path(str(database)).exists():
            raise NotInitialised(f"no registry at {database}: run 'creditreg init' first")
        return cls(engine, cache_size)

    @property
    def remote(self) -> bool:
        """Whether a read is a network round trip (PostgreSQL), not a page of a local
        file: the API then reads in its thread pool, never on the event loop."""
        return not is_sqlite(self.engine)

    def init(self, loaded: LoadedRulebook) -> bool:
        """Create or upgrade the schema and the keys; the bundled roster and the rulebook's
        seed add the authorities missing. A new registry puts ``loaded`` in force from its
        ``effective_from``; an upgraded one keeps the versions it has (the law in force
        changes only by an explicit ``activate``). Whether ``loaded`` was put in force."""
        migrate(self.engine)
        self.tree.signer = ensure_signing_key(self.keys_dir)
        self.projection.key = ensure_key(self.keys_dir)
        load_bundled(self.authorities, loaded.rulebook)
        seed_from_rulebook(self.authorities, loaded.rulebook)
        if self.law.history():
            return False
        self.writer.store_rulebook(loaded.rulebook.ref, loaded.digest, loaded.text)
        self.law.activate(loaded, loaded.rulebook.effective_from)
        return True

    def roster(self) -> dict[str, Authority]:
        """Every authority of the roster, read now (retired ones included)."""
        try:
            return self.authorities.all()
        except (OperationalError, ProgrammingError) as exc:
            if not _missing_table(exc):
                raise
            raise NotInitialised(
                "this registry predates the authority roster: run 'creditreg init' to upgrade it"
            ) from exc

    def roster_changed(self) -> None:
        """Show the roster's current names from the next answer on (this process)."""
        self.law.forget()

    def _with_roster_names(self, loaded: LoadedRulebook) -> LoadedRulebook:
        """Every version shows the roster's names for its authorities."""
        return with_roster_names(loaded, self.roster())

    def activate(
        self,
        loaded: LoadedRulebook,
        effective_from: date,
        workers: int | None = 1,
        progress: Callable[[int], None] = lambda done: None,
        project: bool = True,
    ) -> Rebuilt | None:
        """Put ``loaded`` in force from ``effective_from`` (a future day schedules it), then
        rewrite the projection's rows under the new law over ``workers`` processes (what
        ``project`` returns; None when ``project`` is false or there is no key).

        Rows of the old law are never served under the new one (their law digest
        differs): checks fold, correct and slower, until the rows are rewritten. A
        scheduled version is in every row rewritten from now on, so its rows are current
        before the day it takes effect. ``project=False`` leaves the rewrite to
        ``creditreg project`` (at a million records it runs for tens of minutes)."""
        self.known()  # says "run init" on an empty database
        self.law.activate(loaded, effective_from)
        return self.project(workers, progress) if project else None

    def project(
        self,
        workers: int | None = 1,
        progress: Callable[[int], None] = lambda done: None,
        spark: object = None,
    ) -> Rebuilt | None:
        """Rewrite every subject's projection row under the law known now (None: no key);
        on Spark when ``spark`` is a SparkSession (or True: start one)."""
        key = self.projection.key
        if key is None:
            return None
        self.law.forget()
        known = self.known()
        if spark is not None:
            from creditreg.projection.spark import rebuild_spark  # PySpark only when asked

            session = None if spark is True else spark
            return rebuild_spark(self.engine, known.law, known.key, key, session, progress)
        return rebuild(self.engine, known.law, known.key, key, workers, progress)

    def catch_up(
        self, workers: int | None = None, progress: Callable[[int], None] = lambda done: None
    ) -> Rebuilt | None:
        """Rewrite the rows that large appends of this registry left behind (None: none).

        Run by ingest at its end: in bulk, outside the writer's transaction, over worker
        processes when there are enough subjects to pay for starting them."""
        since = self.projector.behind_from
        if since is None or self.projection.key is None:
            return None
        known = self.known()
        done = rebuild(
            self.engine, known.law, known.key, self.projection.key, workers, progress, since
        )
        self.projector.behind_from = None
        return done

    def subjects_with_events(self, since: int = 0) -> int:
        """How many subjects the log names (the rows a full projection holds), or name in
        entries from ``since`` on."""
        return subjects_since(self.engine, since)

    def known(self, known_at: str | None = None) -> KnownLaw:
        """The rulebook versions activated by ``known_at`` (default: all)."""
        try:
            return self.law.known(known_at)
        except (OperationalError, ProgrammingError) as exc:
            if not _missing_table(exc):
                raise  # a server that cannot be reached is not an empty registry
            raise NotInitialised(
                "no registry here, or one older than rulebook versions: run 'creditreg init'"
            ) from exc
        except NoVersion as exc:
            if known_at is not None:
                raise NotFound(str(exc)) from exc
            raise NotInitialised("no active rulebook: run 'creditreg init' first") from exc

    @property
    def loaded(self) -> LoadedRulebook:
        """The rulebook version in force today."""
        return self.known().in_force(legal_date(now()))

    @property
    def rulebook(self) -> Rulebook:
        return self.loaded.rulebook

    def notice_law(self, day: date) -> Rulebook | None:
        """The version a notice of a record decided on ``day`` is written under."""
        try:
            return self.rulebook_on(day)
        except NoVersion:
            return None

    def rulebook_by_ref(self, ref: str) -> Rulebook:
        """A stored version by its ref (a notice's text is made under the one it names)."""
        known = self.known()
        if ref in known.loaded:
            return known.loaded[ref].rulebook
        body = self.reader.rulebook(ref)
        if body is None:
            raise NotFound(f"no rulebook '{ref}' in the registry")
        return parse_rulebook(body, ref).rulebook

    def rulebook_on(self, day: date, known_at: str | None = None) -> Rulebook:
        """The version in force on ``day`` (as known at ``known_at``)."""
        return self.known(known_at).law.on(day)

    def state(self, subject_id: str, on: date, known_at: str | None = None) -> SubjectState:
        return self.answer(subject_id, on, known_at).state

    def answer(self, subject_id: str, on: date, known_at: str | None = None) -> Answer:
        """``subject_id``'s state on ``on``; with ``known_at``, only from what was known then:
        the events recorded and the rulebook versions activated by that time."""
        subject = parse_subject(subject_id)
        known = self.known(known_at)  # first: says "run init" on an empty database
        if known_at is not None:
            events = self.reader.subject_events_until(subject.id, known_at)
            return Answer(fold_in_time(subject.id, events, known.law, on), _last_seq(events))
        if self.projection.key is not None:
            self.alarm.raise_if_tripped()  # a row is honest, but a tripped log answers nothing
            served = self.serving.one(subject.id, on, known.law, known.key)
            if served is not None:
                return Answer(*served)
        return self._fold(subject.id, on, known)

    def _fold(self, subject_id: str, on: date, known: KnownLaw) -> Answer:
        """The answer from the log (the cache first, when there is one)."""
        if not self.cache.size:
            events = self.reader.subject_events(subject_id)
            return Answer(fold_in_time(subject_id, events, known.law, on), _last_seq(events))
        key, version = (subject_id, on, known.key), self.reader.subject_version(subject_id)
        state = self.cache.get(key, version)
        if state is None:
            events = self.reader.subject_events(subject_id)
            state = fold_in_time(subject_id, events, known.law, on)
            self.cache.put(key, version, state)
        return Answer(state, version[1])

    def decider(self, subject_id: str, on: date, known_at: str | None = None) -> Decider:
        """What decides ``subject_id``'s checks on ``on``: its row's decision view when
        current (no state built), else exactly ``answer``'s state (behind, refused, with
        ``known_at`` or without the projection)."""
        subject = parse_subject(subject_id)
        known = self.known(known_at)  # first: says "run init" on an empty database
        if known_at is None and self.projection.key is not None:
            self.alarm.raise_if_tripped()
            served = self.serving.decider(subject.id, on, known.law, known.key)
            if served is not None:
                return served
            folded = self._fold(subject.id, on, known)
            return FromState(folded.state, folded.log_size)
        answer = self.answer(subject.id, on, known_at)
        return FromState(answer.state, answer.log_size)

    def deciders(self, subject_ids: Sequence[str], on: date) -> dict[str, Decider]:
        """``decider`` of many (already validated) subjects, as ``answers`` reads them:
        views first, one query per 500 subjects; the rest from the log."""
        known = self.known()
        found: dict[str, Decider] = {}
        rest: Sequence[str] = subject_ids
        if self.projection.key is not None:
            self.alarm.raise_if_tripped()
            found, rest = self.serving.deciders(subject_ids, on, known.law, known.key)
        if rest:
            folded = self._folded(rest, on, known).items()
            found.update((s, FromState(a.state, a.log_size)) for s, a in folded)
        return found

    def _law_now(self) -> tuple[Law, str]:
        known = self.known()
        return known.law, known.key

    def replay(self, subject_id: str, on: date, log_size: int, known_at: str) -> SubjectState:
        """The state recomputed from the log prefix of ``log_size`` entries, with only what
        was known at ``known_at`` (the knowledge time asked, or when the answer was given)."""
        subject = parse_subject(subject_id)
        known = self.known(known_at)
        events = self.reader.subject_events_until(subject.id, known_at, log_size)
        return fold_in_time(subject.id, events, known.law, on)

    def states(self, subject_ids: Sequence[str], on: date) -> dict[str, SubjectState]:
        return {key: answer.state for key, answer in self.answers(subject_ids, on).items()}

    def answers(self, subject_ids: Sequence[str], on: date) -> dict[str, Answer]:
        """The states of many (already validated) subjects on ``on``, read in bulk.

        With the projection, rows and log positions are read first, one query per 500
        subjects; the subjects whose rows may not be served (behind, refused) are then
        answered from the log: versions in one query per 500, and only those whose state
        is not cached for that version have their events read and folded.
        """
        known = self.known()
        answers: dict[str, Answer] = {}
        rest: Sequence[str] = subject_ids
        if self.projection.key is not None:
            self.alarm.raise_if_tripped()
            served, rest = self.serving.many(subject_ids, on, known.law, known.key)
            answers.update((s, Answer(*a)) for s, a in served.items())
        if rest:
            answers.update(self._folded(rest, on, known))
        return answers

    def _folded(self, subject_ids: Sequence[str], on: date, known: KnownLaw) -> dict[str, Answer]:
        """``answers`` from the log: the cache, else the subjects' events folded."""
        answers: dict[str, Answer] = {}
        missing: dict[str, tuple[int, int]] = {}
        for subject_id, version in self.reader.subjects_versions(subject_ids).items():
            state = self.cache.get((subject_id, on, known.key), version)
            if state is None:
                missing[subject_id] = version
            else:
                answers[subject_id] = Answer(state, version[1])
        with_events = [subject_id for subject_id, (count, _) in missing.items() if count]
        events = self.reader.subjects_events(with_events) if with_events else {}
        for subject_id, version in missing.items():
            state = fold_in_time(subject_id, events.get(subject_id, ()), known.law, on)
            self.cache.put((subject_id, on, known.key), version, state)
            answers[subject_id] = Answer(state, version[1])
        return answers

    def check(
        self, subject_id: str, service: str, on: date, known_at: str | None = None
    ) -> Decision:
        """The decision alone, unaudited (demo, tests); surfaces use ``service.checks``."""
        decider = self.decider(subject_id, on, known_at)
        return decider.decide(service, self.rulebook_on(on, known_at))

    def record(self, record_id: str) -> Event:
        self.loaded  # noqa: B018 - says "run init" on an empty database
        found = self.reader.record(record_id)
        if found is None:
            raise NotFound(no_record(record_id))
        return found

    def objection(self, objection_id: str) -> Event:
        found = self.reader.objection(objection_id)
        if found is None:
            raise NotFound(f"no objection '{objection_id}' in the log")
        return found
