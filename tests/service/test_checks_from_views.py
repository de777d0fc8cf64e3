"""A check answered from the projection's decision view says, byte for byte, what the
fold says: the contract's JSON (every language, every service, days before and after the
records) and the access-log entries, for a single check and for a batch. Only what is
new for each answer differs: its decision id and its time stamp."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from creditreg.access.entries import AccessEntry
from creditreg.access.roles import Principal, Role
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.rulebook.texts import Lang
from creditreg.service import checks
from creditreg.service.checks import Asker, Item
from creditreg.timeparse import CHINA
from tests.engine.conftest import File, person

DAYS = [date(2024, 6, 1) + timedelta(days=n) for n in range(0, 1100, 91)]


@pytest.fixture
def registries(sqlite_urls: Any) -> Iterator[tuple[Registry, Registry, list[str]]]:
    """The same database read with its projection (views) and without (the fold)."""
    served = Registry.open(sqlite_urls(), create=True)
    served.init(default_rulebook())
    subjects = []
    for serial, record_type in enumerate(("rail.smoking", "court.debtor_refuses")):
        file = File(person(serial=f"{serial + 10:03d}"))
        file.add(f"v{serial}r1", record_type, date(2025, 1, 30), amount="10")
        file.add(f"v{serial}r2", "rail.smoking", date(2025, 9, 26))
        served.writer.append(file.events)
        if serial:  # an objection open: its record's actions change
            served.object(f"v{serial}r1", date(2025, 2, 3), "not me")
        subjects.append(file.subject_id)
    subjects.append(person(serial="099"))  # no records
    folded = Registry(served.engine, cache_size=0)
    folded.projection.key = None
    yield served, folded, subjects
    served.engine.dispose()


def _plain(data: dict[str, Any]) -> str:
    return json.dumps({k: v for k, v in data.items() if k != "decision_id"}, sort_keys=True)


def _answer(answer: dict[str, Any] | Exception) -> str:
    return repr(answer) if isinstance(answer, Exception) else _plain(answer)


def _entry(entry: AccessEntry) -> dict[str, Any]:
    return {k: v for k, v in asdict(entry).items() if k not in ("at", "decision_id")}


def test_a_check_from_a_view_is_the_folds_byte_for_byte(
    registries: tuple[Registry, Registry, list[str]],
) -> None:
    served, folded, subjects = registries
    rulebook = served.rulebook
    who = Principal(Role.CHECKPOINT, "gate", services=frozenset(rulebook.services))
    langs: tuple[Lang, ...] = ("en", "zh-CN")
    for lang in langs:
        asker = Asker(who, lang=lang)
        for subject in subjects:
            for day in DAYS:
                moment = datetime(day.year, day.month, day.day, 12, tzinfo=CHINA)
                for service in rulebook.services:
                    view = checks.check(served, asker, subject, service, moment)
                    fold = checks.check(folded, asker, subject, service, moment)
                    assert _plain(view.data) == _plain(fold.data)
                    assert [_entry(e) for e in view.entries] == [_entry(e) for e in fold.entries]
                    assert view.state is None and fold.state is None
    assert served.served["current"] > 0 and served.served["none"] > 0
    assert served.served["behind"] == served.served["refused"] == 0


def test_a_batch_from_views_is_the_folds_byte_for_byte(
    registries: tuple[Registry, Registry, list[str]],
) -> None:
    served, folded, subjects = registries
    rulebook = served.rulebook
    who = Principal(Role.CHECKPOINT, "gate", services=frozenset(rulebook.services))
    items = [Item(s, service) for s in [*subjects, "not-an-id"] for service in rulebook.services]
    for day in DAYS:
        moment = datetime(day.year, day.month, day.day, 12, tzinfo=CHINA)
        view = checks.checks(served, Asker(who), items, moment)
        fold = checks.checks(folded, Asker(who), items, moment)
        assert view.head == fold.head
        assert list(map(_answer, view.answers)) == list(map(_answer, fold.answers))
        assert [_entry(e) for e in view.entries] == [_entry(e) for e in fold.entries]
    assert served.served["current"] > 0 and served.served["none"] > 0


def test_notes_build_the_state(registries: tuple[Registry, Registry, list[str]]) -> None:
    """The command line's notes read the whole state: that check builds it."""
    served, _, subjects = registries
    who = Principal(Role.CHECKPOINT, "gate", services=frozenset(served.rulebook.services))
    moment = datetime(2025, 3, 1, 12, tzinfo=CHINA)
    checked = checks.check(served, Asker(who, notes=True), subjects[0], "rail", moment)
    assert checked.state is not None and checked.state.subject_id == subjects[0]
