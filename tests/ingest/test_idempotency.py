"""Re-ingesting stores nothing twice; a record_id reused for a different record is rejected."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditreg.events import Event
from creditreg.ingest import RawRow, ingest_files, validate
from creditreg.log import LogReader, connect, migrate
from creditreg.rulebook.loader import default_rulebook
from creditreg.transparency.hook import tree_writer

from .builders import TODAY, good_row, stored_ids, variety, write_csv, write_jsonl, write_parquet
from .conftest import Ingest

RULEBOOK = default_rulebook().rulebook
POOL = [variety(n) for n in range(1, 9)]
WRITERS = (write_csv, write_jsonl, write_parquet)


def _record_id(row: dict[str, str | None]) -> str:
    event = validate(RawRow("pool", 1, row), RULEBOOK, TODAY)
    assert isinstance(event, Event)
    return event.record_id


@st.composite
def runs(draw: st.DrawFn) -> list[tuple[list[int], int, int]]:
    """Some records (repeats allowed), then runs of them in any order, format and batch size."""
    picks = draw(st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=12))
    count = draw(st.integers(1, 4))
    orders = [draw(st.permutations(picks)) for _ in range(count)]
    return [(order, draw(st.integers(0, 2)), draw(st.integers(1, 5))) for order in orders]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=runs())
def test_ingesting_again_in_any_order_stores_each_record_once(
    plan: list[tuple[list[int], int, int]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = connect(f"sqlite:///{folder}/log.db")
        migrate(engine)
        reader = LogReader(engine)
        writer, accepted = tree_writer(engine), 0
        for number, (order, fmt, batch_size) in enumerate(plan):
            write = WRITERS[fmt]
            path = write(
                Path(folder) / f"run{number}.{write.__name__[6:]}", [POOL[i] for i in order]
            )
            summary = ingest_files(
                [path], writer, RULEBOOK, reader=reader, today=TODAY, batch_size=batch_size
            )
            assert summary.read == len(order)
            assert summary.accepted + summary.duplicates + summary.rejected == summary.read
            assert summary.rejected == 0, summary.rejects
            accepted += summary.accepted
        ids = stored_ids(reader)
        reader.close()
        engine.dispose()

    distinct = {_record_id(POOL[i]) for i in plan[0][0]}
    assert sorted(ids) == sorted(distinct)
    assert accepted == len(distinct)


def test_same_record_twice_in_one_file_is_one_duplicate(
    tmp_path: Path, ingest: Ingest, reader: LogReader
) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row(1), good_row(2), good_row(1)])

    summary = ingest(path)

    assert (summary.read, summary.accepted, summary.duplicates, summary.rejected) == (3, 2, 1, 0)
    assert len(stored_ids(reader)) == 2


def test_reused_record_id_in_a_later_file_is_rejected(
    tmp_path: Path, ingest: Ingest, reader: LogReader
) -> None:
    first = write_csv(tmp_path / "first.csv", [good_row(1, record_id="R-1", amount="10")])
    again = [
        good_row(2),
        good_row(1, record_id="R-1", amount="10.00"),  # the same record: a duplicate
        good_row(1, record_id="R-1", amount="11", decision_ref="D-9"),  # another record
        good_row(3),
    ]
    ingest(first)

    summary = ingest(write_csv(tmp_path / "again.csv", again))

    assert (summary.accepted, summary.duplicates, summary.rejected) == (2, 1, 1)
    reject = summary.rejects[0]
    assert (Path(reject.source).name, reject.line, reject.field) == ("again.csv", 4, "record_id")
    assert "record_id R-1 is already used" in reject.reason
    assert "your record of that id differs in decision_ref, amount" in reject.reason
    assert len(stored_ids(reader)) == 3


def test_reused_record_id_in_the_same_file_is_rejected(
    tmp_path: Path, ingest: Ingest, reader: LogReader
) -> None:
    rows = [
        good_row(1, record_id="R-1"),
        good_row(2, record_id="R-1"),  # same batch as the first (the fixture batches by 2)
        good_row(3),
        good_row(4),
        good_row(5, record_id="R-1"),  # a later batch
    ]

    summary = ingest(write_csv(tmp_path / "in.csv", rows))

    assert [(r.line, r.field) for r in summary.rejects] == [(3, "record_id"), (6, "record_id")]
    assert (summary.accepted, summary.duplicates, summary.rejected) == (3, 0, 2)
    kept = reader.record("R-1")
    assert kept is not None
    assert kept.decision_ref == good_row(1)["decision_ref"]  # the first one stays
