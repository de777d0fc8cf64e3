"""The same records in CSV, JSON Lines and Parquet are stored as identical events."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from creditreg.ingest import ingest_files
from creditreg.log import LogReader, connect, migrate
from creditreg.rulebook.model import Rulebook
from creditreg.transparency.hook import tree_writer

from .builders import (
    ORGANISATION,
    TODAY,
    Row,
    stored,
    variety,
    write_csv,
    write_jsonl,
    write_parquet,
)

Writer = Callable[[Path, Iterable[Row]], Path]
WRITERS: dict[str, Writer] = {"csv": write_csv, "jsonl": write_jsonl, "parquet": write_parquet}


def _stored_after_ingest(tmp_path: Path, rulebook: Rulebook, fmt: str) -> list[object]:
    """Ingest the sample in format ``fmt`` into a fresh log; the stored events, comparable."""
    rows = [variety(n) for n in range(1, 13)]
    path = WRITERS[fmt](tmp_path / f"in.{fmt}", rows)
    engine = connect(f"sqlite:///{tmp_path / f'{fmt}.db'}")
    migrate(engine)
    reader = LogReader(engine)
    try:
        summary = ingest_files([path], tree_writer(engine), rulebook, reader=reader, today=TODAY)
        assert (summary.accepted, summary.rejected) == (12, 0), summary.rejects
        return [(event.hashed_fields(), event.personal) for event in stored(reader)]
    finally:
        reader.close()
        engine.dispose()


def test_csv_jsonl_and_parquet_store_identical_events(tmp_path: Path, rulebook: Rulebook) -> None:
    by_format = {fmt: _stored_after_ingest(tmp_path, rulebook, fmt) for fmt in WRITERS}

    assert by_format["csv"] == by_format["jsonl"] == by_format["parquet"]
    assert len(by_format["csv"]) == 12


@pytest.mark.parametrize("fmt", list(WRITERS))
def test_values_are_normalised_the_same_way(tmp_path: Path, rulebook: Rulebook, fmt: str) -> None:
    engine = connect(f"sqlite:///{tmp_path / 'log.db'}")
    migrate(engine)
    reader = LogReader(engine)
    path = WRITERS[fmt](tmp_path / f"in.{fmt}", [variety(1), variety(2), variety(4)])
    ingest_files([path], tree_writer(engine), rulebook, reader=reader, today=TODAY)

    fare, court, offset = stored(reader)
    reader.close()
    engine.dispose()

    assert (fare.record_id, fare.amount) == ("R-1", Decimal("1.50"))
    assert fare.hashed_fields()["amount"] == "1.50"
    assert court.subject_id == ORGANISATION
    assert court.personal == {}
    # 2023-12-31 20:00 at UTC-5 is 2024-01-01 09:00 in Beijing.
    assert (offset.on, offset.occurred_on) == (date(2024, 1, 1), date(2023, 12, 30))
