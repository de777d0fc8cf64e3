"""Every kind of bad row is rejected at its own line and field; the good rows around it are stored.

Each case writes a CSV file of three records, the middle one bad (physical line 3, as the
header is line 1), ingests it into a real SQLite log, and checks the reject and the log.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from creditreg.log import LogReader

from .builders import ORGANISATION, good_row, person_id, stored_ids, write_csv
from .conftest import Ingest

OLD_15_DIGIT = "110105800101001"
WRONG_CHECK = person_id(7)[:-1] + ("0" if person_id(7)[-1] != "0" else "1")

# (case id, changes to the middle row, field reported, words the reason must contain)
CASES = [
    ("wrong_check_character", {"subject_id": WRONG_CHECK}, "subject_id", "check character"),
    ("old_15_digit_number", {"subject_id": OLD_15_DIGIT}, "subject_id", "15-digit"),
    ("not_an_identifier", {"subject_id": "hello"}, "subject_id", "characters"),
    ("missing_subject_id", {"subject_id": None}, "subject_id", "missing"),
    ("missing_type", {"type": None}, "type", "missing"),
    ("missing_authority", {"authority": " "}, "authority", "missing"),
    ("missing_decision_ref", {"decision_ref": None}, "decision_ref", "missing"),
    ("missing_decided_at", {"decided_at": None}, "decided_at", "missing"),
    ("malformed_date", {"decided_at": "2024-13-01"}, "decided_at", "'2024-13-01' is not a date"),
    ("malformed_occurred_at", {"occurred_at": "yesterday"}, "occurred_at", "not a date"),
    ("future_date", {"decided_at": "2025-07-01"}, "decided_at", "in the future"),
    ("before_1949", {"decided_at": "1949-09-30", "occurred_at": None}, "decided_at", "1949"),
    ("decided_before_birth", {"decided_at": "1979-12-31"}, "decided_at", "born"),
    ("occurred_after_decided", {"occurred_at": "2024-03-02"}, "occurred_at", "after decided_at"),
    ("unknown_type", {"type": "rail.smokng"}, "type", "did you mean 'rail.smoking'"),
    ("subject_kind_not_allowed", {"subject_id": ORGANISATION}, "subject_id", "persons only"),
    ("unknown_authority", {"authority": "rail.cr-beijng"}, "authority", "the authority roster"),
    (
        "authority_of_wrong_kind",
        {"type": "court.debtor_refuses", "authority": "rail.cr-beijing"},
        "authority",
        "may not issue",
    ),
    ("negative_amount", {"amount": "-5"}, "amount", "negative"),
    ("non_numeric_amount", {"amount": "12,50"}, "amount", "not a number"),
    ("too_precise_amount", {"amount": "1.234"}, "amount", "2 decimal places"),
    ("infinite_amount", {"amount": "Infinity"}, "amount", "not a number"),
    ("missing_required_amount", {"type": "rail.fare_evasion"}, "amount", "required"),
    ("record_id_bad_characters", {"record_id": "R 1/2"}, "record_id", "letters, digits"),
    ("record_id_too_long", {"record_id": "R" * 65}, "record_id", "at most 64"),
    ("decision_ref_too_long", {"decision_ref": "D" * 101}, "decision_ref", "at most 100"),
    ("subject_name_too_long", {"subject_name": "名" * 201}, "subject_name", "at most 200"),
    ("note_too_long", {"note": "x" * 2001}, "note", "at most 2000"),
]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [pytest.param(changes, field, words, id=case) for case, changes, field, words in CASES],
)
def test_bad_row_is_rejected_and_good_rows_are_stored(
    tmp_path: Path,
    ingest: Ingest,
    reader: LogReader,
    changes: dict[str, str | None],
    field: str,
    words: str,
) -> None:
    rows = [good_row(1), good_row(2, **changes), good_row(3)]
    summary = ingest(write_csv(tmp_path / "records.csv", rows))

    assert [(r.line, r.field) for r in summary.rejects] == [(3, field)]
    assert words in summary.rejects[0].reason
    assert (summary.read, summary.accepted, summary.rejected) == (3, 2, 1)
    assert len(stored_ids(reader)) == 2
