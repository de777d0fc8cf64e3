"""The leaf check on read (``log.integrity.verified_fields``): exact on the writer's own rows,
and no other body text passes it, whatever was changed (property tests, no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from creditreg.log.batch import build_batch
from creditreg.log.hashing import GENESIS, canonical_text
from creditreg.log.integrity import IntegrityAlarm, LogIntegrityError, leaf_of, verified_fields

from .suite_props import event_lists

STAMP = "2026-03-01T09:30:00.000000+00:00"
# Drawing event lists is slow on a loaded machine; the examples are what matter.
PATIENT = settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)


def rows_and_leaves(events: list) -> list[tuple[tuple, bytes]]:  # type: ignore[type-arg]
    """Each row the writer would insert, with the leaf it stores in the row."""
    batch = build_batch(events, 1, GENESIS, STAMP)
    for row, leaf in zip(batch.events, batch.leaves, strict=True):
        assert row[-1] == leaf  # the row carries its own leaf (migration 0009)
    return list(zip(batch.events, batch.leaves, strict=True))


def check(row: tuple, body: str, leaf: bytes | None) -> dict[str, object]:  # type: ignore[type-arg]
    return verified_fields(row[0], row[5], row[7], body, leaf)


@PATIENT
@given(event_lists())
def test_every_stored_entry_passes_and_matches_the_general_leaf(events: list) -> None:  # type: ignore[type-arg]
    for row, leaf in rows_and_leaves(events):
        assert check(row, row[6], leaf) == json.loads(row[6])
        assert leaf == leaf_of(row[0], row[5], row[7], json.loads(row[6]))


@PATIENT
@given(event_lists(), st.data())
def test_no_other_body_passes(events: list, data: st.DataObject) -> None:  # type: ignore[type-arg]
    row, leaf = data.draw(st.sampled_from(rows_and_leaves(events)))
    body = row[6]
    at = data.draw(st.integers(0, len(body) - 1))
    cut = data.draw(st.integers(0, 3))
    changed = body[:at] + data.draw(st.text(max_size=4)) + body[at + cut :]
    assume(changed != body)  # JSON or not: the check runs on the text, before parsing
    with pytest.raises(LogIntegrityError, match=f"leaf {row[0] - 1} "):
        check(row, changed, leaf)


def test_a_row_of_another_seq_or_time_fails() -> None:
    from .helpers import added

    (row, leaf), *_ = rows_and_leaves([added("R1")])
    with pytest.raises(LogIntegrityError):
        verified_fields(2, row[5], row[7], row[6], leaf)
    with pytest.raises(LogIntegrityError):
        verified_fields(1, STAMP.replace("09", "10"), row[7], row[6], leaf)
    verified_fields(1, row[5], row[7], row[6], None)  # no leaf: the auditor's


def test_the_alarm_keeps_the_first_failure() -> None:
    alarm = IntegrityAlarm()
    alarm.raise_if_tripped()
    alarm.trip(LogIntegrityError(4, "first"), "reader")
    alarm.trip(LogIntegrityError(9, "second"), "auditor")
    with pytest.raises(LogIntegrityError, match="leaf 4 \\(seq 5\\): first") as caught:
        alarm.raise_if_tripped()
    assert caught.value.index == 4 and caught.value.seq == 5


def test_an_alarm_shared_through_a_file_trips_every_process_sharing_it(tmp_path: Path) -> None:
    """``serve`` gives its workers one file: the first failure any of them meets is
    adopted by the others the next time they ask, and the first one stays first."""
    shared = tmp_path / "alarm.json"
    finder, other, unrelated = IntegrityAlarm(shared), IntegrityAlarm(shared), IntegrityAlarm()
    assert other.failure is None
    finder.trip(LogIntegrityError(6, "its entry no longer hashes"), "reader")
    finder.trip(LogIntegrityError(2, "later"), "auditor")
    with pytest.raises(LogIntegrityError, match="leaf 6 \\(seq 7\\): its entry") as caught:
        other.raise_if_tripped()
    assert caught.value.index == 6
    assert unrelated.failure is None
    shared.write_text("{not json")  # a file it cannot read is still an alarm
    late = IntegrityAlarm()
    late.share(shared)
    assert late.failure is not None and late.failure.index is None


def test_an_entry_the_splice_does_not_fit_takes_the_general_path_as_strictly() -> None:
    """A key sorting between the log's own (``reason``: between ``personal_commitment``
    and ``record_id``) breaks the splice; the exact canonical text still passes, and no
    other spelling of the same fields does (the general path compares the text too)."""
    fields = {"kind": "record.revoked", "on": "2026-03-01", "reason": "quashed"}
    fields |= {"record_id": "R1", "subject_id": "110105198503120418"}
    body = canonical_text(fields)
    leaf = leaf_of(3, STAMP, None, fields)
    assert verified_fields(3, STAMP, None, body, leaf) == fields
    for other in (json.dumps(fields), json.dumps(fields, sort_keys=True), body + " "):
        with pytest.raises(LogIntegrityError, match="leaf 2 "):
            verified_fields(3, STAMP, None, other, leaf)
    with pytest.raises(LogIntegrityError, match="not a JSON object"):
        verified_fields(3, STAMP, None, "[1]", leaf)
