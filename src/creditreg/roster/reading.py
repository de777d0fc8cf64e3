"""Roster files: CSV (header row) or JSON Lines, with the fields of ``FIELDS``.

Like record ingest, a bad row never stops the good ones: each problem is a ``RowError``
with its line and field. A file that cannot be used at all is one error on line 0.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

FIELDS = ("id", "name", "name_en", "kind", "region", "parent", "source")
REQUIRED = ("id", "name", "kind")


@dataclass(frozen=True, slots=True)
class Row:
    """One entry as a file spelled it: every value text (absent values are empty)."""

    line: int
    fields: dict[str, str]


@dataclass(frozen=True, slots=True)
class RowError:
    """A row (or, on line 0, the whole file) that was not imported, and why."""

    line: int
    field: str
    reason: str

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "field": self.field, "reason": self.reason}


def read_roster(path: Path) -> Iterator[Row | RowError]:
    """The rows of the roster file at ``path`` (``.csv``, ``.jsonl`` or ``.ndjson``)."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".jsonl", ".ndjson"):
        yield RowError(0, "file", f"unsupported file type '{suffix}'; use .csv or .jsonl")
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield RowError(0, "file", f"the file cannot be read as UTF-8 text: {exc}")
        return
    yield from (_csv_rows(text) if suffix == ".csv" else _json_rows(text))


def _csv_rows(text: str) -> Iterator[Row | RowError]:
    reader = csv.DictReader(text.splitlines(), strict=True)
    missing = [name for name in REQUIRED if name not in (reader.fieldnames or ())]
    if missing:
        yield RowError(1, missing[0], f"the required column '{missing[0]}' is missing")
        return
    unknown = [name for name in reader.fieldnames or () if name not in FIELDS]
    if unknown:
        yield RowError(1, unknown[0], f"unknown column '{unknown[0]}'; columns: {FIELDS}")
        return
    try:
        for values in reader:
            yield _row(reader.line_num, values)
    except csv.Error as exc:
        yield RowError(reader.line_num, "record", f"the row cannot be read as CSV: {exc}")


def _json_rows(text: str) -> Iterator[Row | RowError]:
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield RowError(line, "record", f"the line is not JSON: {exc.msg}")
            continue
        if not isinstance(value, dict):
            yield RowError(line, "record", "the line is not a JSON object")
            continue
        unknown = [key for key in value if key not in FIELDS]
        if unknown:
            yield RowError(line, unknown[0], f"unknown field '{unknown[0]}'; fields: {FIELDS}")
            continue
        yield _row(line, value)


def _row(line: int, values: dict[str, object]) -> Row | RowError:
    fields: dict[str, str] = {}
    for name in FIELDS:
        value = values.get(name)
        if value is not None and not isinstance(value, str):
            return RowError(line, name, f"{name} must be text")
        fields[name] = (value or "").strip()
    return Row(line, fields)
