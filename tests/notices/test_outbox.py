"""The outbox: a notice per event that starts, changes or ends a measure, committed with it.

Notices go to the record's own subject only (SPEC §1); a transaction that fails leaves
neither events nor notices; points-only records make none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection

from creditreg.events import Event
from creditreg.log.hooks import Hooks
from creditreg.log.writer import LogWriter
from creditreg.notices.hook import type_of
from creditreg.notices.store import subject_notices
from creditreg.registry import Registry
from creditreg.transparency.hook import TreeHook
from tests.notices.conftest import SUBJECTS, TYPES, added, revoked

ON = date(2026, 6, 1)


def _rows(registry: Registry, sql: str) -> list[Any]:
    with registry.engine.connect() as conn:
        return list(conn.exec_driver_sql(sql).all())


def test_a_new_record_tells_its_subject_what_why_until_and_what_to_do(registry: Registry) -> None:
    record = added("r-rail", SUBJECTS[0], "rail.smoking", ON)
    registry.writer.append([record])
    [notice] = subject_notices(registry.engine, SUBJECTS[0], registry.rulebook_by_ref)
    assert notice["kind"] == "record.added" and notice["record_id"] == "r-rail"
    assert "NDRC-384" in notice["text"]["en"] and "依据" in notice["text"]["zh-CN"]
    assert "rail" in notice["text"]["en"]
    label = registry.rulebook.record_types["rail.smoking"].label
    assert label.zh in notice["text"]["zh-CN"] and label.en in notice["text"]["en"]
    assert label.en not in notice["text"]["zh-CN"]
    # 180 days counted after the 7-working-day publicity window (Civil Code Art. 201).
    state = registry.state(SUBJECTS[0], ON + timedelta(days=30))
    [measure] = [m for m in state.measures if m.service == "rail"]
    assert measure.until is not None
    assert notice["until"] == (measure.until - timedelta(days=1)).isoformat()
    assert [a["action"] for a in notice["actions"]] == ["object"]
    assert subject_notices(registry.engine, SUBJECTS[1], registry.rulebook_by_ref) == []


def test_points_only_records_make_no_notice(registry: Registry) -> None:
    registry.writer.append([added("r-loan", SUBJECTS[0], "finance.loan_default", ON)])
    assert subject_notices(registry.engine, SUBJECTS[0], registry.rulebook_by_ref) == []


def test_every_later_event_on_a_noticed_record_makes_one(registry: Registry) -> None:
    record = added("r-court", SUBJECTS[0], "court.debtor_refuses", ON)
    registry.writer.append([record])
    registry.fulfil("r-court", ON + timedelta(days=10))
    kinds = [
        n["kind"] for n in subject_notices(registry.engine, SUBJECTS[0], registry.rulebook_by_ref)
    ]
    assert kinds == ["record.fulfilled", "record.added"]


class Explodes:
    """A hook that fails the append after everything was inserted: the crash before commit."""

    def entries_added(self, conn: Connection, first_seq: int, leaf_hashes: Sequence[bytes]) -> None:
        return

    def appended(self, conn: Connection) -> None:
        raise RuntimeError("the transaction fails")


def test_a_failed_batch_leaves_no_notice_anywhere(registry: Registry) -> None:
    record = added("r-gone", SUBJECTS[0], "rail.smoking", ON)
    writer = LogWriter(registry.engine, Hooks(TreeHook(), registry.notices, Explodes()))
    with pytest.raises(RuntimeError, match="fails"):
        writer.append([record, revoked(record, ON + timedelta(days=1))])
    assert _rows(registry, "SELECT count(*) FROM events")[0][0] == 0
    assert _rows(registry, "SELECT count(*) FROM notices")[0][0] == 0
    registry.writer.append([record])  # the same batch, committed this time
    assert len(subject_notices(registry.engine, SUBJECTS[0], registry.rulebook_by_ref)) == 1


batches = st.lists(
    st.tuples(st.sampled_from(SUBJECTS), st.sampled_from(TYPES), st.integers(0, 300)),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(batch=batches, revoke_some=st.lists(st.booleans(), min_size=12, max_size=12))
def test_a_notice_goes_only_to_the_records_own_subject(
    sqlite_registry: Registry, batch: list[tuple[str, str, int]], revoke_some: list[bool]
) -> None:
    registry = sqlite_registry
    start = _rows(registry, "SELECT coalesce(max(seq), 0) FROM events")[0][0]
    records = [
        added(f"p{start}-{i}", subject, type_, ON + timedelta(days=day))
        for i, (subject, type_, day) in enumerate(batch)
    ]
    events: list[Event] = list(records)
    chosen = [r for r, go in zip(records, revoke_some, strict=False) if go]
    events += [revoked(r, r.on + timedelta(days=5)) for r in chosen]
    registry.writer.append(events)
    rows = _rows(
        registry,
        "SELECT n.subject_id, e.subject_id, n.record_id, e.record_id, e.kind FROM notices n "
        f"JOIN events e ON e.seq = n.seq WHERE e.seq > {start}",
    )
    for notice_subject, event_subject, notice_record, event_record, _ in rows:
        assert notice_subject == event_subject and notice_record == event_record
    noticed = {r.record_id for r in records if not r.type.startswith("finance.")}
    assert {row[2] for row in rows} == noticed
    expected = len(noticed) + sum(
        1 for r, go in zip(records, revoke_some, strict=False) if go and r.record_id in noticed
    )
    assert len(rows) == expected
    for subject in SUBJECTS:  # and each subject's list holds only its own
        assert all(
            n["subject_id"] == subject
            for n in subject_notices(registry.engine, subject, registry.rulebook_by_ref)
        )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    refs=st.lists(
        st.text(min_size=1, max_size=30).filter(lambda t: "\x00" not in t), min_size=1, max_size=4
    ),
    types=st.lists(st.sampled_from(TYPES), min_size=1, max_size=4),
)
def test_the_hook_reads_a_new_records_type_as_the_log_wrote_it(
    sqlite_registry: Registry, refs: list[str], types: list[str]
) -> None:
    """``type_of`` takes a record's type from its logged body without parsing it: whatever
    the other fields hold (quotes, ``"type":"x"`` in a decision number), it is the type."""
    start = sqlite_registry.reader.head()[0]
    events = [
        replace(added(f"r{start + n}", SUBJECTS[0], type_, ON), decision_ref=ref + '"type":"x')
        for n, (type_, ref) in enumerate(zip(types, refs, strict=False))
    ]
    sqlite_registry.writer.append(events)
    rows = _rows(sqlite_registry, f"SELECT body FROM events WHERE seq > {start} ORDER BY seq")
    assert [type_of(row.body) for row in rows] == [e.type for e in events]
