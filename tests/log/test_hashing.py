"""The log format: canonical bytes, commitments and chain hashes (no database needed)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from hashlib import sha256

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg.events import Event, EventKind, Outcome
from creditreg.log.batch import SPELLED_OUT_FIELDS, _record_added_texts, build_batch
from creditreg.log.hashing import (
    GENESIS,
    canonical_text,
    chain_hash,
    commit_personal,
    entry_bytes,
    quote,
    spliced_entry_bytes,
)

from .suite_props import one_event

STAMP = "2026-03-01T09:30:00.000000+00:00"
FIRST = Event(
    EventKind.RECORD_ADDED,
    "110105198503120417",
    "R1",
    date(2025, 6, 2),
    type="rail.smoking",
    authority="中国铁路北京局集团有限公司",
    decision_ref="D-1",
    amount=Decimal("200.00"),
)


def test_the_format_of_the_first_entry_is_pinned() -> None:
    """Changing any of this would make every stored log fail to verify."""
    commitment = commit_personal(bytes(16), canonical_text({"subject_name": "张三"}))
    entry = entry_bytes(1, STAMP, commitment, FIRST.hashed_fields())
    assert entry.startswith('{"amount":"200.00","authority":"中国铁路'.encode())
    assert commitment == sha256(bytes(16) + '{"subject_name":"张三"}'.encode()).hexdigest()
    assert chain_hash(GENESIS, entry) == sha256(bytes(32) + entry).hexdigest()
    assert chain_hash(GENESIS, entry) == (
        "afcde0727c18989d10c0ccd1d3fe472e27201c84226b39f64a572b1bec805097"
    )


flat_values = st.none() | st.booleans() | st.integers() | st.text()


@settings(max_examples=50)
@given(st.dictionaries(st.text(), flat_values))
def test_canonical_text_is_sorted_compact_unescaped_json(value: dict[str, object]) -> None:
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert canonical_text(value) == expected


@settings(max_examples=50)
@given(one_event(3), st.integers(1, 10**12), st.none() | st.text("0123456789abcdef"))
def test_splicing_gives_the_same_bytes_as_encoding(
    event: Event, seq: int, commitment: str | None
) -> None:
    fields = event.hashed_fields()
    spliced = spliced_entry_bytes(seq, STAMP, commitment, fields, canonical_text(fields))
    assert spliced == entry_bytes(seq, STAMP, commitment, fields)


def test_unknown_fields_take_the_general_path() -> None:
    fields = {**FIRST.hashed_fields(), "reason_code": "X", "zone": 1}
    spliced = spliced_entry_bytes(5, STAMP, None, fields, canonical_text(fields))
    assert spliced == entry_bytes(5, STAMP, None, fields)


def general_texts(event: Event, seq: int, commitment: str | None) -> tuple[str, bytes]:
    fields = event.hashed_fields()
    return canonical_text(fields), entry_bytes(seq, STAMP, commitment, fields)


@settings(max_examples=200)
@given(one_event(3), st.integers(1, 10**12), st.none() | st.text("0123456789abcdef"))
def test_records_spelled_out_give_the_same_bytes_as_encoding(
    event: Event, seq: int, commitment: str | None
) -> None:
    texts = _record_added_texts(event, seq, quote(STAMP), commitment)
    if event.kind is not EventKind.RECORD_ADDED:
        return
    assert texts is not None
    body, entry, on = texts
    assert (body, entry) == general_texts(event, seq, commitment)
    assert on == event.on.isoformat()


@given(
    st.text(),
    st.text(),
    st.text(),
    st.none() | st.dates(),
    st.none() | st.decimals(allow_nan=False, allow_infinity=False),
)
def test_records_with_any_text_give_the_same_bytes(
    authority: str, decision_ref: str, record_id: str, occurred: date | None, amount: Decimal | None
) -> None:
    """Quotes, backslashes, control characters and non-ASCII are spelled as the encoder does."""
    event = replace(FIRST, authority=authority, decision_ref=decision_ref, record_id=record_id)
    event = replace(event, occurred_on=occurred, amount=amount, subject_id=authority[::-1])
    texts = _record_added_texts(event, 7, quote(STAMP), "ab" * 32)
    assert texts is not None
    assert texts[:2] == general_texts(event, 7, "ab" * 32)


@pytest.mark.parametrize(
    "changes",
    [
        {"objection_id": "O1"},
        {"years": 2},
        {"outcome": Outcome.UPHELD},
        {"authority": None},
        {"amount": 5},
    ],
)
def test_records_with_unusual_fields_take_the_general_path(changes: dict[str, object]) -> None:
    event = replace(FIRST, **changes)  # type: ignore[arg-type]
    texts = _record_added_texts(event, 1, quote(STAMP), None)
    if texts is None:
        return
    assert texts[:2] == general_texts(event, 1, None)


def test_the_spelled_out_path_knows_every_field_of_an_event() -> None:
    """Adding a field to Event must come with a look at ``_record_added_texts``."""
    assert {f.name for f in dataclasses.fields(Event)} == SPELLED_OUT_FIELDS


def test_a_batch_chains_as_chain_hash_does() -> None:
    events = [FIRST, replace(FIRST, record_id="R2", personal={"subject_name": "李四"})]
    batch = build_batch(events, 1, GENESIS, STAMP)
    prev = GENESIS
    for row, event in zip(batch.events, events, strict=True):
        seq, body, commitment = row[0], row[6], row[7]
        assert body == canonical_text(event.hashed_fields())
        assert row[8] == prev
        prev = chain_hash(prev, entry_bytes(seq, STAMP, commitment, event.hashed_fields()))
        assert row[9] == prev
    assert batch.head == prev
    (personal,) = batch.personal
    salt = bytes.fromhex(personal[1])
    assert batch.events[1][7] == commit_personal(salt, '{"subject_name":"李四"}')


def test_salts_differ_across_a_refill_of_the_pool() -> None:
    events = [replace(FIRST, record_id=f"R{i}", personal={"note": "n"}) for i in range(5000)]
    salts = [row[1] for row in build_batch(events, 1, GENESIS, STAMP).personal]
    assert len(set(salts)) == len(salts) == 5000
    assert all(len(salt) == 32 for salt in salts)
