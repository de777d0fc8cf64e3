"""Webhooks against a real HTTP receiver: signed, retried with backoff, each taken once.

``deliver_due`` is given a time past every backoff, so retries run at once instead of
the test sleeping; the receiver is a real server on 127.0.0.1 that verifies the
HMAC-SHA256 signature of every body and keeps the delivery ids it took.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from creditreg.notices import store
from creditreg.notices.deliver import Settings, backoff, deliver_due
from creditreg.notices.signing import sign, verify
from creditreg.registry import Registry
from tests.notices.conftest import SUBJECTS, added
from tests.notices.receivers import Receiver, Taken

SECRET = "s3cret-for-the-tests-only"
FAST = Settings(timeout=2.0)


def _later(hours: float) -> datetime:
    return datetime.now(UTC) + timedelta(hours=hours)


def _file(registry: Registry, count: int, prefix: str = "w") -> None:
    on = date(2026, 6, 1)
    records = [added(f"{prefix}{i}", SUBJECTS[i % 3], "rail.smoking", on) for i in range(count)]
    registry.writer.append(records)


def _notice_ids(registry: Registry) -> set[str]:
    with registry.engine.connect() as conn:
        return {str(r[0]) for r in conn.exec_driver_sql("SELECT notice_id FROM notices")}


def test_signature_verifies_and_a_tampered_body_does_not() -> None:
    header = sign(SECRET, b'{"a": 1}')
    assert verify(SECRET, b'{"a": 1}', header)
    assert not verify(SECRET, b'{"a": 2}', header)
    assert not verify("another-secret-entirely", b'{"a": 1}', header)
    stale = sign(SECRET, b"{}", int(datetime.now(UTC).timestamp()) - 3600)
    assert not verify(SECRET, b"{}", stale)


def test_backoff_doubles_and_is_capped() -> None:
    assert [backoff(n, 2).total_seconds() for n in (1, 2, 3, 4)] == [2, 4, 8, 16]
    assert backoff(40, 2).total_seconds() == 3600


def test_signed_notices_reach_the_receiver(registry: Registry) -> None:
    taken = Taken(SECRET)
    receiver = Receiver(taken)
    try:
        store.add_webhook(registry.engine, receiver.url, SECRET)
        _file(registry, 5)
        report = deliver_due(registry.engine, FAST, registry.rulebook_by_ref)
    finally:
        receiver.stop()
    assert (report.planned, report.delivered, report.failed) == (5, 5, 0)
    assert taken.bad_signatures == 0 and taken.repeats == 0
    assert {body["notice_id"] for body in taken.bodies.values()} == _notice_ids(registry)
    body = next(iter(taken.bodies.values()))
    assert set(body["text"]) == {"zh-CN", "en"} and body["subject_id"] in SUBJECTS
    assert (
        deliver_due(registry.engine, FAST, registry.rulebook_by_ref).delivered == 0
    )  # nothing twice


def test_a_receiver_failing_three_times_gets_each_notice_once(sqlite_registry: Registry) -> None:
    registry = sqlite_registry
    taken = Taken(SECRET, fail_first=3)
    receiver = Receiver(taken)
    try:
        store.add_webhook(registry.engine, receiver.url, SECRET)
        _file(registry, 4)
        first = deliver_due(registry.engine, FAST, registry.rulebook_by_ref)
        assert first.failed == 3 and first.delivered == 1
        assert (
            deliver_due(registry.engine, FAST, registry.rulebook_by_ref).delivered == 0
        )  # backoff: not due yet
        second = deliver_due(registry.engine, FAST, registry.rulebook_by_ref, at=_later(1))
    finally:
        receiver.stop()
    assert second.delivered == 3 and second.failed == 0
    assert len(taken.ids) == len(set(taken.ids)) == 4
    assert {b["notice_id"] for b in taken.bodies.values()} == _notice_ids(registry)
    failed = next(d for d in taken.ids if d != taken.ids[0])
    notice = taken.bodies[failed]["notice_id"]
    log = store.delivery_log(registry.engine, notice)
    assert [a["ok"] for a in log] == [False, True] and log[0]["detail"] == "HTTP 503"


def test_killed_mid_delivery_and_restarted_every_notice_arrives(sqlite_registry: Registry) -> None:
    registry = sqlite_registry
    taken = Taken(SECRET, die_after=2)
    receiver = Receiver(taken)
    store.add_webhook(registry.engine, receiver.url, SECRET)
    _file(registry, 6)
    first = deliver_due(registry.engine, FAST, registry.rulebook_by_ref)
    receiver.thread.join(5)
    assert first.delivered == 1 and first.failed == 5  # took the 2nd, died before answering
    _file(registry, 2, prefix="late")  # ingest goes on while the receiver is down
    assert deliver_due(registry.engine, FAST, registry.rulebook_by_ref, at=_later(1)).delivered == 0
    again = Receiver(taken, receiver.port)
    try:
        final = deliver_due(registry.engine, FAST, registry.rulebook_by_ref, at=_later(2))
    finally:
        again.stop()
    assert final.failed == 0
    assert taken.repeats == 1  # the one taken without an answer came again, and was dropped
    assert len(taken.ids) == len(set(taken.ids)) == 8
    assert {b["notice_id"] for b in taken.bodies.values()} == _notice_ids(registry)


def test_a_dead_receiver_blocks_neither_ingest_nor_checks(sqlite_registry: Registry) -> None:
    registry = sqlite_registry
    store.add_webhook(registry.engine, "http://127.0.0.1:9/nothing-listens", SECRET)
    _file(registry, 3)
    report = deliver_due(registry.engine, FAST, registry.rulebook_by_ref)
    assert report.failed == 3
    _file(registry, 2, prefix="more")
    assert not registry.check(SUBJECTS[0], "rail", date(2026, 7, 1)).allowed
    with registry.engine.connect() as conn:
        states = conn.exec_driver_sql("SELECT state, count(*) FROM deliveries GROUP BY state")
        assert dict(states.all()) == {"pending": 3}  # kept, to be retried; the 2 new: next pass
