"""The run as a whole: summary, rejects file, personal data kept out of the hashed log."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from creditreg.ingest import RawRow, Reject, RejectLog, derive_record_id, ingest_rows
from creditreg.log import LogReader, LogWriter
from creditreg.rulebook.model import Rulebook

from .builders import TODAY, good_row, person_id, stored, write_csv
from .conftest import Ingest


def test_summary_counts_and_json(tmp_path: Path, ingest: Ingest) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row(1), good_row(2, type="x"), good_row(1)])

    summary = ingest(path)

    data = summary.as_dict()
    assert {k: data[k] for k in ("read", "accepted", "duplicates", "rejected")} == {
        "read": 3,
        "accepted": 1,
        "duplicates": 1,
        "rejected": 1,
    }
    assert data["rejects"] == [
        {"source": str(path), "line": 3, "field": "type", "reason": summary.rejects[0].reason}
    ]
    assert not summary.ok
    text = summary.as_text()
    assert "rejected             1" in text
    assert f"{path}:3: type: type 'x' is not a record type" in text


def test_rejects_file_has_every_reject(tmp_path: Path, ingest: Ingest) -> None:
    rows = [good_row(n, decided_at="never") for n in range(1, 4)] + [good_row(4)]
    rejects_path = tmp_path / "rejects.csv"

    summary = ingest(
        write_csv(tmp_path / "in.csv", rows), tmp_path / "no.tsv", rejects_path=rejects_path
    )

    with rejects_path.open(encoding="utf-8", newline="") as handle:
        written = list(csv.DictReader(handle))
    assert [(r["line"], r["field"]) for r in written] == [
        ("2", "decided_at"),
        ("3", "decided_at"),
        ("4", "decided_at"),
        ("0", "file"),
    ]
    assert written[0]["reason"] == summary.rejects[0].reason
    assert summary.accepted == 1


def test_rejects_file_is_written_even_when_empty(tmp_path: Path, ingest: Ingest) -> None:
    rejects_path = tmp_path / "rejects.csv"

    summary = ingest(write_csv(tmp_path / "in.csv", [good_row(1)]), rejects_path=rejects_path)

    assert summary.ok
    assert rejects_path.read_text("utf-8").strip() == "source,line,field,reason"


def test_reject_log_keeps_only_the_first_in_memory(tmp_path: Path) -> None:
    with RejectLog(tmp_path / "rejects.csv", keep=2) as log:
        for line in range(5):
            log.add(Reject("in.csv", line, "type", "bad"))

    assert (log.count, len(log.kept)) == (5, 2)
    assert len((tmp_path / "rejects.csv").read_text("utf-8").splitlines()) == 6


def test_personal_data_is_kept_out_of_the_hashed_log(
    tmp_path: Path, ingest: Ingest, reader: LogReader, engine: Engine
) -> None:
    row = good_row(1, subject_name="王小明", note="paid in cash, 3 May")
    ingest(write_csv(tmp_path / "in.csv", [row]))

    (event,) = stored(reader)
    assert event.personal == {"subject_name": "王小明", "note": "paid in cash, 3 May"}
    assert "王小明" not in str(event.hashed_fields())
    with engine.connect() as conn:
        bodies = " ".join(conn.execute(text("SELECT body FROM events")).scalars())
    assert "王小明" not in bodies
    assert "cash" not in bodies


def test_identifiers_are_normalised_and_ids_derived(
    tmp_path: Path, ingest: Ingest, reader: LogReader
) -> None:
    spaced = " ".join(person_id(1)[i : i + 6] for i in range(0, 18, 6)).lower()
    ingest(write_csv(tmp_path / "in.csv", [good_row(1, subject_id=spaced)]))

    (event,) = stored(reader)
    assert event.subject_id == person_id(1)
    expected = derive_record_id(
        "rail.cr-beijing", str(good_row(1)["decision_ref"]), person_id(1), "rail.smoking"
    )
    assert event.record_id == expected
    assert expected.startswith("r-")
    assert len(expected) == 26


def test_ingest_rows_takes_rows_from_any_source(
    writer: LogWriter, reader: LogReader, rulebook: Rulebook
) -> None:
    rows = [RawRow("POST /v1/records", 1, good_row(1)), RawRow("POST /v1/records", 2, {})]

    summary = ingest_rows(rows, writer, rulebook, reader=reader, today=TODAY)

    assert (summary.accepted, summary.rejected) == (1, 1)
    assert summary.rejects[0] == Reject(
        "POST /v1/records", 2, "subject_id", "subject_id is missing; it is required"
    )


def test_progress_bar_goes_to_stderr(
    tmp_path: Path,
    writer: LogWriter,
    reader: LogReader,
    rulebook: Rulebook,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from creditreg.ingest import ingest_files

    path = write_csv(tmp_path / "in.csv", [good_row(n) for n in range(1, 50)])

    summary = ingest_files([path], writer, rulebook, reader=reader, today=TODAY, progress=True)

    assert summary.accepted == 49
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "in.csv" in captured.err
