"""Reading files: line numbers a clerk can find, every format, and never the whole file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from creditreg.ingest import FIELDS, RawRow, Reject, object_row, read_rows
from creditreg.ingest.meter import Meter

from .builders import good_row, write_csv, write_jsonl, write_parquet


def _rows(path: Path) -> list[RawRow]:
    rows = [item for item in read_rows(path) if isinstance(item, RawRow)]
    assert len(rows) == len(list(read_rows(path))), "no rejects expected"
    return rows


def test_csv_line_is_where_a_multi_line_row_starts(tmp_path: Path) -> None:
    rows = [good_row(1, note="one\ntwo\nthree"), good_row(2), good_row(3, note="a\r\nb")]
    path = write_csv(tmp_path / "in.csv", rows)

    read = _rows(path)

    assert [row.line for row in read] == [2, 5, 6]
    assert read[0].fields["note"] == "one\ntwo\nthree"
    assert read[2].fields["note"] == "a\r\nb"


def test_csv_with_byte_order_mark_crlf_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "excel.CSV"
    lines = [",".join(f.upper() for f in FIELDS), "", ",".join(["x"] * len(FIELDS)), ""]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode())

    (row,) = _rows(path)

    assert row.line == 3
    assert set(row.fields) == set(FIELDS)


def test_jsonl_keeps_numbers_as_written(tmp_path: Path) -> None:
    path = tmp_path / "in.ndjson"
    path.write_text('\n{"amount": 12.50, "decision_ref": 7, "note": null}\n', "utf-8")

    (row,) = _rows(path)

    assert row.line == 2
    assert row.fields == {"amount": "12.50", "decision_ref": "7", "note": None}


def test_parquet_typed_values_become_text(tmp_path: Path) -> None:
    moment = datetime(2024, 3, 1, 20, 0, tzinfo=UTC)
    table = pa.table(
        {
            "subject_id": pa.array(["a", None]).dictionary_encode(),
            "type": pa.array(["t", "t"]),
            "authority": pa.array([b"x", b"y"], pa.binary()),
            "decision_ref": pa.array([7, 8], pa.int64()),
            "decided_at": pa.array([date(2024, 3, 1), None], pa.date32()),
            "occurred_at": pa.array([moment, None], pa.timestamp("ns", tz="UTC")),
            "amount": pa.array([Decimal("1.50"), Decimal("2")], pa.decimal128(10, 2)),
        }
    )
    path = tmp_path / "in.parquet"
    pq.write_table(table, path)

    first, second = _rows(path)

    assert (first.line, second.line) == (1, 2)
    assert first.fields == {
        "subject_id": "a",
        "type": "t",
        "authority": "x",
        "decision_ref": "7",
        "decided_at": "2024-03-01",
        "occurred_at": "2024-03-01T20:00:00+00:00",
        "amount": "1.50",
    }
    assert (second.fields["subject_id"], second.fields["amount"]) == (None, "2.00")


def test_csv_and_jsonl_are_streamed(tmp_path: Path) -> None:
    rows = [good_row(n, note="x" * 500) for n in range(1, 2001)]
    for path in (write_csv(tmp_path / "big.csv", rows), write_jsonl(tmp_path / "big.jsonl", rows)):
        meter = Meter(path.stat().st_size)
        first = next(read_rows(path, meter))

        assert isinstance(first, RawRow)
        assert 0 < meter.done < meter.size / 10


def test_parquet_is_streamed_by_row_group(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "big.parquet", [good_row(n) for n in range(1, 101)], 10)
    meter = Meter(path.stat().st_size)
    rows = read_rows(path, meter)

    next(rows)
    assert meter.done == 0
    for _ in range(10):
        next(rows)
    assert 0 < meter.done < meter.size / 5


def test_object_row_reads_an_http_body() -> None:
    body = {"amount": 12.5, "decision_ref": 7, "note": None, "type": "rail.smoking"}

    row = object_row(body, "POST /v1/records", 1)

    assert row == RawRow(
        "POST /v1/records",
        1,
        {"amount": "12.5", "decision_ref": "7", "note": None, "type": "rail.smoking"},
    )
    assert object_row({"amount": True}, "body", 1) == Reject(
        "body", 1, "amount", "amount is true or false; expected text or a number"
    )
