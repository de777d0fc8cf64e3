"""The log format: canonical bytes, commitments and chain hashes (no database needed)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from hashlib import sha256

from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg.events import Event, EventKind
from creditreg.log.hashing import (
    GENESIS,
    canonical_text,
    chain_hash,
    commit_personal,
    entry_bytes,
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
