"""Properties of the log over random event lists (each example gets a fresh database)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from creditreg.events import Event, EventKind, Outcome
from creditreg.log import verify

from .helpers import AT, Log

SUBJECTS = ("110105198503120417", "91310115MA1K4CQ3A3", "S3")
TYPES = ("rail.smoking", "air.theft", "court.debtor_evades", "finance.loan_default")
PERSONAL_KEYS = ("subject_name", "note", "grounds", "reason")
texts = st.text(max_size=12)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
amounts = st.none() | st.decimals(min_value=0, max_value=10**9, places=2)


@st.composite
def one_event(draw: st.DrawFn, i: int) -> Event:
    """Event number ``i`` of a list: record and objection ids are unique per list."""
    kind = draw(st.sampled_from(EventKind))
    fields: dict[str, Any] = {
        "kind": kind,
        "subject_id": draw(st.sampled_from(SUBJECTS)),
        "record_id": f"R{i}" if kind is EventKind.RECORD_ADDED else f"R{draw(st.integers(0, i))}",
        "on": draw(dates),
        "personal": draw(st.dictionaries(st.sampled_from(PERSONAL_KEYS), texts, max_size=2)),
    }
    if kind is EventKind.RECORD_ADDED:
        fields |= {"type": draw(st.sampled_from(TYPES)), "authority": draw(texts)}
        fields |= {"decision_ref": draw(texts), "occurred_on": draw(st.none() | dates)}
        fields["amount"] = draw(amounts)
    if kind in (EventKind.OBJECTION_FILED, EventKind.OBJECTION_DECIDED):
        fields["objection_id"] = f"O{i}"
    if kind is EventKind.OBJECTION_DECIDED:
        fields["outcome"] = draw(st.sampled_from(Outcome))
    if kind is EventKind.RECORD_EXTENDED:
        fields["years"] = draw(st.integers(1, 3))
    return Event(**fields)


@st.composite
def event_lists(draw: st.DrawFn) -> list[Event]:
    size = draw(st.integers(1, 12))
    return [draw(one_event(i)) for i in range(size)]


class PropertyTests:
    examples: int

    def _settings(self) -> Callable[[Any], Any]:
        return settings(max_examples=self.examples, deadline=None)

    def test_subject_events_are_exactly_that_subjects_events(
        self, new_log: Callable[[], Log]
    ) -> None:
        @self._settings()
        @given(event_lists(), st.integers(0, 12))
        def check(events: list[Event], cut: int) -> None:
            log = new_log()
            log.writer.append(events[:cut], AT)
            log.writer.append(events[cut:], AT)
            numbered = [replace(e, seq=i) for i, e in enumerate(events, 1)]
            for subject in SUBJECTS:
                got = log.reader.subject_events(subject, with_personal=True)
                want = [e for e in numbered if e.subject_id == subject]
                assert got == want
                assert [e.personal for e in got] == [e.personal for e in want]
            assert verify(log.engine).ok

        check()

    def test_a_flipped_byte_anywhere_in_a_body_fails_at_that_entry(
        self, new_log: Callable[[], Log]
    ) -> None:
        @self._settings()
        @given(event_lists(), st.data())
        def check(events: list[Event], data: st.DataObject) -> None:
            log = new_log()
            log.writer.append(events, AT)
            seq = data.draw(st.integers(1, len(events)), label="seq")
            body = log.one("SELECT body FROM events WHERE seq = :s", s=seq).encode()
            at = data.draw(st.integers(0, len(body) - 1), label="byte")
            flipped = body[at] ^ (1 << data.draw(st.integers(0, 7), label="bit"))
            _store_body(log, seq, body[:at] + bytes([flipped]) + body[at + 1 :])
            result = verify(log.engine)
            assert (result.ok, result.first_bad_seq) == (False, seq), result.reason

        check()

    def test_appending_the_same_events_again_stores_nothing(
        self, new_log: Callable[[], Log]
    ) -> None:
        @self._settings()
        @given(event_lists())
        def check(events: list[Event]) -> None:
            log = new_log()
            log.writer.append(events, AT)
            again = [e for e in events if e.kind in _KEYED]
            result = log.writer.append(again, AT)
            assert (result.accepted, result.duplicates) == (0, len(again))
            assert log.reader.head()[0] == len(events)

        check()


_KEYED = (EventKind.RECORD_ADDED, EventKind.OBJECTION_FILED)


def _store_body(log: Log, seq: int, body: bytes) -> None:
    """Store ``body`` byte for byte. PostgreSQL cannot hold invalid UTF-8 or NUL at all;
    SQLite stores any bytes cast to text, so there a tamperer can write them."""
    try:
        text = body.decode()
    except UnicodeDecodeError:
        text = ""
    if text and "\x00" not in text:
        log.sql("UPDATE events SET body = :b WHERE seq = :s", b=text, s=seq)
        return
    assume(log.engine.dialect.name == "sqlite")
    log.sql("UPDATE events SET body = CAST(:b AS TEXT) WHERE seq = :s", b=body, s=seq)
