"""JSON Lines input: one JSON object per line; blank lines are ignored.

Numbers are kept as the text they were written as (``parse_float=str``), so an amount of
``12.50`` reaches validation as ``"12.50"``, never as a binary float. A line that is not
a JSON object, or names an unknown field, is a reject at that line; the next line is
read as usual. ``object_row`` is the same check for a JSON body received over HTTP.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from creditreg.ingest.meter import Meter
from creditreg.ingest.rows import FIELDS, RECORD, RawRow, Reject, suggest

_KNOWN = frozenset(FIELDS)
DECODER = json.JSONDecoder(parse_float=str, parse_int=str, parse_constant=str)
_JSON_TYPES = {bool: "true or false", list: "a list", dict: "an object"}


def read_jsonl(path: Path, source: str, meter: Meter) -> Iterator[RawRow | Reject]:
    """The records of the JSON Lines file at ``path``, one per non-blank line."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, 1):
            meter.done += len(raw)
            if not raw.isspace():
                yield json_line_row(raw, source, number)


def json_line_row(raw: bytes, source: str, line: int) -> RawRow | Reject:
    """One line of JSON Lines (also a line of an NDJSON request body) as a row or a reject."""
    try:
        value = DECODER.decode(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Reject(source, line, RECORD, "the line is not valid UTF-8 text")
    except json.JSONDecodeError as exc:
        reason = f"the line is not valid JSON: {exc.msg} (column {exc.colno})"
        return Reject(source, line, RECORD, reason)
    return object_row(value, source, line)


def object_row(value: object, source: str, line: int) -> RawRow | Reject:
    """A parsed JSON value as a row (also for HTTP bodies): an object of text or numbers.

    Numbers become their text (``str``), so an HTTP client's ``12.5`` is read as ``"12.5"``;
    true/false, lists, objects and unknown fields are rejects naming the field.
    """
    if not isinstance(value, dict):
        kind = _JSON_TYPES.get(type(value), "a single value")
        return Reject(source, line, RECORD, f"the record is {kind}, not a JSON object")
    fields: dict[str, str | None] = {}
    for key, item in value.items():
        if key not in _KNOWN:
            return Reject(source, line, key, f"unknown field '{key}'{suggest(key, FIELDS)}")
        if item is None or isinstance(item, str):
            fields[key] = item
        elif isinstance(item, int | float) and not isinstance(item, bool):
            fields[key] = str(item)
        else:
            kind = _JSON_TYPES.get(type(item), type(item).__name__)
            return Reject(source, line, key, f"{key} is {kind}; expected text or a number")
    return RawRow(source, line, fields)
