"""Valid input records and files for ingest tests, in every supported format."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from stdnum.cn import ric

from creditreg.events import Event
from creditreg.ingest import FIELDS
from creditreg.log import LogReader

TODAY = date(2025, 6, 30)
ORGANISATION = "91110000600037341L"

Row = Mapping[str, str | None]


def person_id(serial: int = 1, born: str = "19800101", division: str = "110105") -> str:
    """A valid resident identity number (serial 0-999), with its real check character."""
    body = f"{division}{born}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")


def good_row(n: int = 1, **changes: str | None) -> dict[str, str | None]:
    """A valid rail record; ``n`` makes the decision (and so the derived id) distinct."""
    row: dict[str, str | None] = {
        "record_id": None,
        "subject_id": person_id(n % 1000),
        "subject_name": f"张{n}",
        "type": "rail.smoking",
        "authority": "rail.cr-beijing",
        "decision_ref": f"京铁罚〔2024〕{n}号",  # noqa: RUF001 - as real ones are written
        "decided_at": "2024-03-01",
        "occurred_at": "2024-02-20",
        "amount": None,
        "note": None,
    }
    row.update(changes)
    return row


def write_csv(path: Path, rows: Iterable[Row], columns: Iterable[str] = FIELDS) -> Path:
    names = list(columns)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, names, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({name: row.get(name) or "" for name in names})
    return path


def write_jsonl(path: Path, rows: Iterable[Row]) -> Path:
    lines = (json.dumps({k: v for k, v in row.items() if v is not None}) for row in rows)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def write_parquet(path: Path, rows: Iterable[Row], row_group_size: int | None = None) -> Path:
    """Parquet with typed columns: dates as date32 or UTC timestamps, amount as decimal."""
    rows = list(rows)
    columns: dict[str, pa.Array] = {}
    for name in FIELDS:
        values = [row.get(name) for row in rows]
        columns[name] = _typed(name, values)
    pq.write_table(pa.table(columns), path, row_group_size=row_group_size, compression="zstd")
    return path


def variety(n: int) -> dict[str, str | None]:
    """A valid record of one of several shapes (person or organisation, amount, given id)."""
    shape = n % 4
    if shape == 1:
        return good_row(n, type="rail.fare_evasion", amount=f"{n}.5", record_id=f"R-{n}")
    if shape == 2:
        court = {"type": "court.debtor_evades", "authority": "court.bj-chaoyang"}
        return good_row(n, subject_id=ORGANISATION, subject_name=None, **court)
    if shape == 3:
        return good_row(n, occurred_at=None, note=f'line one, "quoted"\nline {n}')
    return good_row(n, decided_at="2023-12-31T20:00:00-05:00", occurred_at="2023-12-30")


def _typed(name: str, values: list[str | None]) -> pa.Array:
    if name == "occurred_at":
        moments = [datetime.fromisoformat(v).replace(tzinfo=UTC) if v else None for v in values]
        return pa.array(moments, pa.timestamp("us", tz="UTC"))
    if name == "decided_at" and all(v is None or len(v) == 10 for v in values):
        return pa.array([date.fromisoformat(v) if v else None for v in values], pa.date32())
    if name == "amount":
        amounts = [Decimal(v) if v else None for v in values]
        return pa.array(amounts, pa.decimal128(14, 2))
    return pa.array(values, pa.string())


def stored(reader: LogReader) -> list[Event]:
    """Every event in the log, in log order, with its personal data."""
    return [reader.record(event.record_id) or event for event in reader.iter_events()]


def stored_ids(reader: LogReader) -> list[str]:
    return [event.record_id for event in reader.iter_events()]
