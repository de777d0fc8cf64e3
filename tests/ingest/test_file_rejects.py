"""Files that are broken as a whole, or in part: the problem is one reject, the rest goes on.

Whole-file problems are reported at line 0 (or line 1, the header, for a CSV's columns)
with ``field`` naming the column or ``"file"``; the good file ingested in the same run
is stored all the same.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from creditreg.ingest import FIELDS, IngestSummary
from creditreg.log import LogReader

from .builders import good_row, person_id, stored_ids, write_csv, write_jsonl, write_parquet
from .conftest import Ingest

HEADER = ",".join(FIELDS)


def _with_good_file(ingest: Ingest, tmp_path: Path, bad: Path) -> IngestSummary:
    """Ingest ``bad`` then a good file of two records, in one run."""
    good = write_csv(tmp_path / "good.csv", [good_row(101), good_row(102)])
    return ingest(bad, good)


def _only_reject(summary: IngestSummary) -> tuple[str, int, str]:
    assert summary.rejected == 1, summary.rejects
    reject = summary.rejects[0]
    return Path(reject.source).name, reject.line, reject.field


def test_truncated_csv_last_line(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    text = write_csv(tmp_path / "cut.csv", [good_row(1), good_row(2)]).read_text("utf-8")
    cut = tmp_path / "cut.csv"
    cut.write_text(text + f",{person_id(3)},,rail.smoking", encoding="utf-8")  # cut off

    summary = ingest(cut)

    assert _only_reject(summary) == ("cut.csv", 4, "authority")  # the first missing column
    assert "cut off" in summary.rejects[0].reason
    assert summary.accepted == 2
    assert len(stored_ids(reader)) == 2


def test_csv_cut_inside_a_quoted_value(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    cut = write_csv(tmp_path / "cut.csv", [good_row(1), good_row(2)])
    with cut.open("a", encoding="utf-8") as handle:
        handle.write(f'R-3,{person_id(3)},"Li\nSi')

    summary = ingest(cut)

    assert _only_reject(summary) == ("cut.csv", 4, "record")
    assert "closing" in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 2


def test_malformed_jsonl_line(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [good_row(1), good_row(2)])
    lines = path.read_text("utf-8").splitlines()
    path.write_text("\n".join([lines[0], '{"subject_id": "1101', lines[1]]) + "\n", "utf-8")

    summary = ingest(path)

    assert _only_reject(summary) == ("in.jsonl", 2, "record")
    assert "not valid JSON" in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 2


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ("[1, 2]", "record", "a list, not a JSON object"),
        ('"text"', "record", "not a JSON object"),
        ('{"subject_id": true}', "subject_id", "true or false"),
        ('{"subjectid": "x"}', "subjectid", "did you mean 'subject_id'"),
        (b"\xff\xfe{}", "record", "UTF-8"),
    ],
    ids=["list", "string", "boolean_value", "unknown_field", "not_utf8"],
)
def test_jsonl_line_that_is_not_a_record(
    tmp_path: Path, ingest: Ingest, reader: LogReader, line: str | bytes, field: str, words: str
) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", [good_row(1)])
    with path.open("ab") as handle:
        handle.write((line if isinstance(line, bytes) else line.encode()) + b"\n\n")
    write_jsonl(tmp_path / "more.jsonl", [good_row(2)])
    with path.open("ab") as handle:
        handle.write((tmp_path / "more.jsonl").read_bytes())

    summary = ingest(path)

    assert _only_reject(summary) == ("in.jsonl", 2, field)
    assert words in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 2


def test_truncated_parquet(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    path = write_parquet(tmp_path / "in.parquet", [good_row(1), good_row(2)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])

    summary = _with_good_file(ingest, tmp_path, path)

    assert _only_reject(summary) == ("in.parquet", 0, "file")
    assert "not a readable Parquet file" in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 2  # the good file's


def test_parquet_damaged_inside_keeps_other_row_groups(
    tmp_path: Path, ingest: Ingest, reader: LogReader
) -> None:
    path = write_parquet(tmp_path / "in.parquet", [good_row(n) for n in range(1, 7)], 2)
    chunk = pq.ParquetFile(path).metadata.row_group(1).column(1)  # rows 3-4, subject_id
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    data = bytearray(path.read_bytes())
    for offset in range(start + 8, start + chunk.total_compressed_size):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))

    summary = ingest(path)

    assert _only_reject(summary) == ("in.parquet", 3, "file")
    assert "rows 3 to 4 cannot be read" in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 4


def test_text_file_named_parquet(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    path = tmp_path / "in.parquet"
    path.write_text(HEADER + "\n", "utf-8")

    summary = _with_good_file(ingest, tmp_path, path)

    assert _only_reject(summary) == ("in.parquet", 0, "file")
    assert len(stored_ids(reader)) == 2


@pytest.mark.parametrize(
    ("header", "field", "words"),
    [
        (HEADER + ",remarks", "remarks", "unknown column 'remarks'"),
        (HEADER.replace("subject_id", "subjectid"), "subjectid", "did you mean 'subject_id'"),
        (HEADER.replace(",decided_at", ""), "decided_at", "required column 'decided_at'"),
        (HEADER + ",note", "note", "appears twice"),
    ],
    ids=["unknown_column", "misspelt_column", "missing_required_column", "duplicate_column"],
)
def test_bad_csv_header(
    tmp_path: Path, ingest: Ingest, reader: LogReader, header: str, field: str, words: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_text(header + "\n" + ",".join(["x"] * header.count(",")) + ",x\n", "utf-8")

    summary = _with_good_file(ingest, tmp_path, path)

    assert _only_reject(summary) == ("in.csv", 1, field)
    assert words in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 2


def test_parquet_with_unknown_column(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    import pyarrow as pa

    path = write_parquet(tmp_path / "in.parquet", [good_row(1)])
    table = pq.read_table(path).append_column("remarks", pa.array(["x"]))
    pq.write_table(table, path)

    summary = _with_good_file(ingest, tmp_path, path)

    assert _only_reject(summary) == ("in.parquet", 0, "remarks")
    assert len(stored_ids(reader)) == 2


def test_unsupported_extension(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    path = write_csv(tmp_path / "in.xlsx", [good_row(1)])

    summary = _with_good_file(ingest, tmp_path, path)

    assert _only_reject(summary) == ("in.xlsx", 0, "file")
    assert "unsupported file type '.xlsx'" in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 2


def test_missing_file(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    summary = _with_good_file(ingest, tmp_path, tmp_path / "absent.csv")

    assert _only_reject(summary) == ("absent.csv", 0, "file")
    assert "cannot be read" in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 2


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("in.csv", b""),
        ("in.csv", (HEADER + "\r\n\r\n").encode()),
        ("in.jsonl", b""),
        ("in.jsonl", b"\n  \n"),
        ("in.parquet", None),
    ],
    ids=["csv_zero_bytes", "csv_header_only", "jsonl_zero_bytes", "jsonl_blank", "parquet_no_rows"],
)
def test_empty_file(
    tmp_path: Path, ingest: Ingest, reader: LogReader, name: str, content: bytes | None
) -> None:
    path = tmp_path / name
    if content is None:
        write_parquet(path, [])
    else:
        path.write_bytes(content)

    summary = _with_good_file(ingest, tmp_path, path)

    assert _only_reject(summary) == (name, 0, "file")
    assert "empty" in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 2


def test_csv_line_not_utf8(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row(1)])
    bad = ",".join(["", person_id(2), "\xd5\xc5\xc8\xfd"]).encode("latin-1")  # GBK-ish bytes
    with path.open("ab") as handle:
        handle.write(bad + b",rail.smoking,rail.cr-beijing,D-2,2024-03-01,,,\r\n")
    write_csv(tmp_path / "more.csv", [good_row(3)])
    with path.open("ab") as handle:
        handle.write((tmp_path / "more.csv").read_bytes().split(b"\n", 1)[1])

    summary = ingest(path)

    assert _only_reject(summary) == ("in.csv", 3, "record")
    assert "UTF-8" in summary.rejects[0].reason
    assert len(stored_ids(reader)) == 2


def test_csv_with_too_many_values(tmp_path: Path, ingest: Ingest, reader: LogReader) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row(1)])
    with path.open("a", encoding="utf-8") as handle:
        handle.write(",".join(["x"] * (len(FIELDS) + 1)) + "\n")

    summary = ingest(path)

    assert _only_reject(summary) == ("in.csv", 3, "record")
    assert len(stored_ids(reader)) == 1
