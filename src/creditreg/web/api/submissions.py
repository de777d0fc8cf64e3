"""Records submitted over HTTP: the body read as rows, the rows stored, a result per item.

The same ``Validator`` and single writer as ``creditreg ingest``, so the same rules and
the same idempotency (a JSON body of the wrong shape is refused whole: ``record_shape``):
an id already stored with the same content is a ``duplicate``,
with different content a ``rejected``. A whole submission is one transaction, so two
agencies sending overlapping batches at once can neither lose nor double a record.
An agency token submits for its own authority only; any other authority is rejected
per item, like any other wrong field.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from creditreg.access.roles import Principal
from creditreg.events import Event
from creditreg.ingest.conflicts import conflicts, skipped_positions
from creditreg.ingest.jsonl_rows import DECODER, json_line_row, object_row
from creditreg.ingest.rows import RECORD, RawRow, Reject
from creditreg.ingest.validate import Validator
from creditreg.registry import Registry
from creditreg.timeparse import legal_date, now
from creditreg.web.api.record_shape import check_shape
from creditreg.web.problems import Problem

JSON = "application/json"
NDJSON = ("application/x-ndjson", "application/jsonl", "application/json-seq")
SOURCE = "request"


def body_rows(body: bytes, media_type: str, max_items: int) -> list[RawRow | Reject]:
    """The items of a JSON object, JSON array or NDJSON body, each a row or a reject."""
    if media_type in NDJSON:
        lines = [line for line in body.split(b"\n") if line.strip()]
        _at_most(len(lines), max_items)
        if not lines:
            raise Problem("invalid-request", "the body holds no records")
        return [_line_row(line, index) for index, line in enumerate(lines)]
    if media_type != JSON:
        raise Problem("unsupported-media-type", f"send {JSON} or {NDJSON[0]}, not '{media_type}'")
    value = _decode(body)
    items = value if isinstance(value, list) else [value]
    _at_most(len(items), max_items)
    if not items:
        raise Problem("invalid-request", "the array holds no records")
    check_shape(items)  # the published shape, for the whole request (record_shape)
    return [_text_only(object_row(item, SOURCE, index)) for index, item in enumerate(items)]


def _line_row(line: bytes, index: int) -> RawRow | Reject:
    try:
        return _text_only(json_line_row(line, SOURCE, index))
    except RecursionError:
        return Reject(SOURCE, index, RECORD, "the line nests arrays or objects too deeply")


def _text_only(row: RawRow | Reject) -> RawRow | Reject:
    """A lone surrogate (``"\\ud800"``) is valid JSON but no text a database can store."""
    if isinstance(row, RawRow):
        for name, value in row.fields.items():
            if value is not None and not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    return Reject(row.source, row.line, name, f"{name} is not valid Unicode text")
    return row


def _decode(body: bytes) -> object:
    try:
        return DECODER.decode(body.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Problem("invalid-request", "the body is not UTF-8 text") from None
    except RecursionError:
        raise Problem("invalid-request", "the body nests arrays or objects too deeply") from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise Problem(
            "invalid-request", f"the body is not valid JSON: {exc.msg} ({where})"
        ) from None


def _at_most(count: int, limit: int) -> None:
    if count > limit:
        raise Problem("too-large", f"{count} records in one request; at most {limit}")


@dataclass(slots=True)
class ItemResult:
    index: int
    status: str
    record_id: str | None = None
    field: str | None = None
    reason: str | None = None


def store(rows: Sequence[RawRow | Reject], who: Principal, registry: Registry) -> list[ItemResult]:
    """Validate and append ``rows`` for agency ``who``; one result per row, in order."""
    validate = Validator(registry.rulebook, legal_date(now()), registry.roster())
    results: list[ItemResult] = []
    events: list[Event] = []
    positions: list[int] = []
    for row in rows:
        outcome = row if isinstance(row, Reject) else _bound(validate(row), who)
        if isinstance(outcome, Reject):
            results.append(ItemResult(row.line, "rejected", None, outcome.field, outcome.reason))
            continue
        results.append(ItemResult(row.line, "accepted", outcome.record_id))
        events.append(outcome)
        positions.append(len(results) - 1)
    if events:
        _append(events, positions, results, registry)
    return results


def _bound(outcome: Event | Reject, who: Principal) -> Event | Reject:
    if isinstance(outcome, Event) and outcome.authority != who.authority:
        reason = f"this token submits records of authority '{who.authority}' only"
        return Reject(SOURCE, 0, "authority", reason)
    return outcome


def _append(
    events: list[Event], positions: list[int], results: list[ItemResult], registry: Registry
) -> None:
    appended = registry.writer.append(events)
    for index in skipped_positions(events, appended.duplicate_record_ids):
        results[positions[index]].status = "duplicate"
    for index, reason in conflicts(events, appended.duplicate_record_ids, registry.reader):
        result = results[positions[index]]
        result.status, result.field, result.reason = "rejected", "record_id", reason
