"""Reading: a subject's events, a record's events, objections, the head, rulebooks."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest

from creditreg.events import EventKind
from creditreg.log.hashing import GENESIS

from .helpers import AT, Log, added, sample


class ReadTests:
    def test_subject_events_are_that_subjects_in_log_order(self, log: Log) -> None:
        events = sample()
        log.writer.append(events, AT)
        expected = [replace(e, seq=i) for i, e in enumerate(events, 1) if e.subject_id == "S1"]
        assert log.reader.subject_events("S1") == expected
        assert [e.personal for e in log.reader.subject_events("S1")] == [{}, {}, {}, {}]
        with_personal = log.reader.subject_events("S1", with_personal=True)
        assert [e.personal for e in with_personal] == [e.personal for e in expected]
        assert log.reader.subject_events("nobody") == []

    def test_record_and_its_events(self, log: Log) -> None:
        log.writer.append(sample(), AT)
        record = log.reader.record("R1")
        assert record is not None
        assert (record.kind, record.seq, record.personal) == (
            EventKind.RECORD_ADDED,
            1,
            {"subject_name": "张三"},
        )
        assert [e.seq for e in log.reader.record_events("R1")] == [1, 3, 5]
        assert [e.seq for e in log.reader.record_events("R2")] == [2, 6]
        assert log.reader.record("R9") is None
        assert log.reader.record_events("R9") == []

    def test_objection_by_id(self, log: Log) -> None:
        log.writer.append(sample(), AT)
        filed = log.reader.objection("O1")
        assert filed is not None
        assert (filed.kind, filed.seq, filed.record_id) == (EventKind.OBJECTION_FILED, 3, "R1")
        assert filed.personal == {"grounds": "I was not on that train"}
        assert log.reader.objection("O9") is None

    def test_head_follows_the_last_append(self, log: Log) -> None:
        assert log.reader.head() == (0, GENESIS)
        result = log.writer.append(sample(), AT)
        stored = log.one("SELECT hash FROM events WHERE seq = 6")
        assert log.reader.head() == (result.last_seq, stored)

    def test_personal_data_lives_only_beside_the_log(self, log: Log) -> None:
        log.writer.append([added("R1", subject_name="王五", note="secret note")], AT)
        row = log.sql("SELECT * FROM events")[0]
        assert not any("王五" in str(value) or "secret" in str(value) for value in row)
        assert log.reader.personal(1) == {"subject_name": "王五", "note": "secret note"}
        assert log.reader.personal(2) == {}

    def test_readers_in_other_threads_see_committed_appends(self, log: Log) -> None:
        log.writer.append(sample()[:2], AT)
        seen: list[int] = []
        thread = threading.Thread(target=lambda: seen.append(log.reader.head()[0]))
        thread.start()
        thread.join()
        log.writer.append(sample()[2:], AT)
        thread = threading.Thread(target=lambda: seen.append(log.reader.head()[0]))
        thread.start()
        thread.join()
        assert seen == [2, 6]

    def test_rulebooks_are_kept_and_one_is_active(self, log: Log) -> None:
        assert log.reader.active_rulebook() is None
        log.writer.store_rulebook("cn-default@2026.1", "sha256:aa", "body 1")
        log.writer.store_rulebook("cn-draft@2026.2", "sha256:bb", "body 2", activate=False)
        assert log.reader.active_rulebook() == ("cn-default@2026.1", "body 1")
        log.writer.store_rulebook("cn-default@2026.1", "sha256:aa", "body 1")  # idempotent
        log.writer.activate_rulebook("cn-draft@2026.2")
        assert log.reader.active_rulebook() == ("cn-draft@2026.2", "body 2")
        assert log.reader.rulebook("cn-default@2026.1") == "body 1"
        assert log.one("SELECT count(*) FROM rulebooks WHERE active") == 1

    def test_a_rulebook_ref_is_immutable(self, log: Log) -> None:
        log.writer.store_rulebook("cn-default@2026.1", "sha256:aa", "body 1")
        with pytest.raises(ValueError, match="already stored"):
            log.writer.store_rulebook("cn-default@2026.1", "sha256:cc", "changed")
        with pytest.raises(KeyError):
            log.writer.activate_rulebook("never-stored@1")
        assert log.reader.rulebook("cn-default@2026.1") == "body 1"
