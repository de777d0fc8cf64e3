"""Appending: schema, sequence numbers, idempotency, the single-writer lock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from creditreg.db import migrations
from creditreg.db.schema import metadata  # every table of a registry database
from creditreg.events import Event
from creditreg.log import connect, migrate, verify
from creditreg.transparency.hook import tree_writer

from .helpers import AT, Log, added, objection, sample


def newest_revision() -> str:
    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None and head >= "0003"
    return head


LOG_TABLES = {"events", "personal_data", "objections", "rulebooks"}
TREE_TABLES = {"tree_leaves", "tree_nodes", "tree_heads"}


class AppendTests:
    def test_migrate_creates_the_tables_and_can_run_again(self, log: Log) -> None:
        migrate(log.engine)
        assert set(inspect(log.engine).get_table_names()) >= LOG_TABLES | TREE_TABLES
        assert log.one("SELECT version_num FROM alembic_version") == newest_revision()

    def test_migration_matches_the_table_definitions(self, log: Log) -> None:
        with log.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []

    def test_seqs_run_from_one_without_gaps_across_batches(self, log: Log) -> None:
        first = log.writer.append(sample()[:4], AT)
        second = log.writer.append(sample()[4:], AT)
        assert (first.first_seq, first.last_seq) == (1, 4)
        assert (second.first_seq, second.last_seq) == (5, 6)
        assert [row[0] for row in log.sql("SELECT seq FROM events ORDER BY seq")] == [*range(1, 7)]

    def test_duplicates_in_the_database_are_skipped_and_counted(self, log: Log) -> None:
        log.writer.append([added("R1"), objection("R1", "O1")], AT)
        result = log.writer.append([added("R1"), objection("R1", "O1"), added("R2")], AT)
        assert (result.accepted, result.duplicates) == (1, 2)
        assert result.duplicate_record_ids == ("R1",)
        assert result.duplicate_objection_ids == ("O1",)
        assert (result.first_seq, result.last_seq) == (3, 3)
        assert log.one("SELECT count(*) FROM events WHERE record_id = 'R1'") == 2

    def test_duplicates_within_a_batch_keep_the_first(self, log: Log) -> None:
        first = added("R1", subject_name="first")
        batch = [first, added("R1", subject_name="second"), added("R1")]
        result = log.writer.append(batch, AT)
        assert (result.accepted, result.duplicates, result.duplicate_record_ids) == (
            1,
            2,
            ("R1", "R1"),
        )
        stored = log.reader.record("R1")
        assert stored is not None
        assert stored.personal == {"subject_name": "first"}

    def test_a_batch_of_nothing_but_duplicates_stores_nothing(self, log: Log) -> None:
        log.writer.append(sample(), AT)
        head = log.reader.head()
        result = log.writer.append([added("R1"), added("R2")], AT)
        assert (result.accepted, result.first_seq, result.last_seq) == (0, None, None)
        assert log.reader.head() == head

    def test_empty_append(self, log: Log) -> None:
        result = log.writer.append([], AT)
        assert (result.accepted, result.duplicates, result.first_seq) == (0, 0, None)

    def test_missing_keys_and_naive_times_are_refused(self, log: Log) -> None:
        with pytest.raises(ValueError, match="record_id"):
            log.writer.append([added("R1"), added("")], AT)
        with pytest.raises(ValueError, match="objection_id"):
            log.writer.append([objection("R1", "")], AT)
        with pytest.raises(ValueError, match="timezone"):
            log.writer.append([added("R1")], datetime(2026, 1, 1))
        assert log.reader.head()[0] == 0

    def test_concurrent_writers_share_one_chain(self, log: Log) -> None:
        """Two writers (own engines: own connections) race with shared and own records."""
        url = log.engine.url.render_as_string(hide_password=False)
        shared = [added(f"R{i}", f"S{i % 7}") for i in range(200)]
        batches = [[*shared, *(added(f"{who}{i}", "S9") for i in range(100))] for who in "AB"]
        accepted = _race([lambda b=batch: _append_in_batches(url, b, 25) for batch in batches])
        assert sum(accepted) == 400
        assert log.one("SELECT count(*) FROM events") == 400
        assert log.one("SELECT max(seq) FROM events") == 400
        assert verify(log.engine).ok

    def test_appends_use_the_given_time(self, log: Log) -> None:
        log.writer.append([added("R1")], AT)
        assert log.one("SELECT recorded_at FROM events") == "2026-03-01T09:30:00.000000+00:00"

    def test_read_back_equals_what_was_written(self, log: Log) -> None:
        events = sample()
        log.writer.append(events, AT)
        stored = list(log.reader.iter_events(batch_size=4))
        assert stored == [replace(e, seq=i) for i, e in enumerate(events, 1)]
        assert [log.reader.personal(e.seq) for e in stored] == [e.personal for e in events]


def _append_in_batches(url: str, events: list[Event], size: int) -> int:
    """Append ``events`` through a writer of its own, ``size`` at a time; how many landed."""
    engine = connect(url)
    try:
        writer = tree_writer(engine)
        chunks = range(0, len(events), size)
        return sum(writer.append(events[i : i + size], AT).accepted for i in chunks)
    finally:
        engine.dispose()


def _race(works: list[Callable[[], int]]) -> list[int]:
    """Run each of ``works`` in its own thread, all started together; their results."""
    start = threading.Barrier(len(works))
    results: list[int] = []
    errors: list[BaseException] = []

    def run(work: Callable[[], int]) -> None:
        start.wait()
        try:
            results.append(work())
        except BaseException as exc:
            errors.append(exc)

    pool = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    assert not errors, errors
    return results
