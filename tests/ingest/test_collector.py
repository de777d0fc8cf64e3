"""The cycle collector during ingest: ingest makes no cycles, and the pause is undone."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path

import pytest

from creditreg.events import Event
from creditreg.ingest import ingest_files
from creditreg.ingest.collector import collect_young, collection_paused
from creditreg.log import LogReader, LogWriter, connect, migrate
from creditreg.log.writer import AppendResult
from creditreg.rulebook.model import Rulebook
from creditreg.transparency.hook import TreeHook, tree_writer

from .builders import TODAY, good_row, variety, write_csv, write_jsonl


@pytest.fixture
def collector_on() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


def mixed_rows() -> list[dict[str, str | None]]:
    """Good rows of every shape, duplicates, a reused record_id and rejects of each kind."""
    rows = [variety(n) for n in range(60)]
    rows += [good_row(1), good_row(2, decided_at="2024-13-01"), good_row(3, type="rail.smokng")]
    rows += [good_row(4, subject_id="110105491231002"), good_row(5, amount="-1")]
    rows += [good_row(6, record_id="bad id"), good_row(7, authority="tax.beijing")]
    rows += [good_row(8, record_id="fixed-1"), good_row(9, record_id="fixed-1")]
    return rows


def test_ingest_leaves_no_cyclic_garbage(
    tmp_path: Path, rulebook: Rulebook, collector_on: None
) -> None:
    """What makes pausing the collector safe: reference counting frees everything ingest makes."""
    csv_path = write_csv(tmp_path / "in.csv", mixed_rows())
    jsonl_path = write_jsonl(tmp_path / "in.jsonl", mixed_rows())
    broken = tmp_path / "broken.csv"
    broken.write_text(csv_path.read_text(encoding="utf-8") + '"open,quote\n', encoding="utf-8")

    paths = [csv_path, jsonl_path, broken, tmp_path / "missing.csv"]

    def run(name: str) -> int:
        """Cycles found after ingesting into a new log twice (new records, then duplicates)."""
        engine = connect(f"sqlite:///{tmp_path / name}")
        migrate(engine)
        reader, writer = LogReader(engine), tree_writer(engine)
        gc.collect()
        gc.disable()
        try:
            for _ in range(2):
                ingest_files(paths, writer, rulebook, reader=reader, today=TODAY, batch_size=7)
            return gc.collect()
        finally:
            gc.enable()
            reader.close()
            engine.dispose()

    run("warm-up.db")  # first use: imports, compiled statements and other one-off set-up
    assert run("log.db") == 0


def test_the_collector_is_paused_during_ingest_and_back_on_after(
    tmp_path: Path, rulebook: Rulebook, collector_on: None
) -> None:
    seen: list[bool] = []

    class Writer(LogWriter):
        def append(
            self, events: Sequence[Event], recorded_at: datetime | None = None
        ) -> AppendResult:
            seen.append(gc.isenabled())
            return super().append(events, recorded_at)

    engine = connect(f"sqlite:///{tmp_path / 'log.db'}")
    migrate(engine)
    reader = LogReader(engine)
    path = write_csv(tmp_path / "in.csv", [good_row(n) for n in range(5)])
    ingest_files(
        [path], Writer(engine, TreeHook()), rulebook, reader=reader, today=TODAY, batch_size=2
    )
    reader.close()
    engine.dispose()
    assert seen == [False, False, False]
    assert gc.isenabled()


def test_the_pause_is_undone_after_an_error(collector_on: None) -> None:
    with pytest.raises(RuntimeError), collection_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on: None) -> None:
    gc.disable()
    with collection_paused():
        collect_young()
    assert not gc.isenabled()


def test_nested_and_concurrent_pauses_end_with_the_last(collector_on: None) -> None:
    inside, release = threading.Event(), threading.Event()

    def other_ingest() -> None:
        with collection_paused():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other_ingest)
    with collection_paused():
        thread.start()
        inside.wait(10)
        with collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread's ingest still runs
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_young_collection_finds_new_cycles(collector_on: None) -> None:
    with collection_paused():
        for _ in range(gc.get_threshold()[0] + 1):
            cycle: list[object] = []
            cycle.append(cycle)
        del cycle
        before = gc.get_stats()[1]["collections"]
        collect_young()
        assert gc.get_stats()[1]["collections"] == before + 1
