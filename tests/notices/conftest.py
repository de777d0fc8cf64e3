"""A registry with the default rulebook on each real backend, and events to feed it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from creditreg.events import Event, EventKind
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook

SUBJECTS = ("110105198503120418", "371082199007150029", "91310115MA1K4CQ3A3", "310115199502201130")
TYPES = ("rail.smoking", "court.debtor_refuses", "finance.loan_default", "air.cabin_disorder")
AUTHORITY = {"rail": "rail.cr-beijing", "court": "court.bj-chaoyang", "air": "air.caac-north"}
AUTHORITY |= {"finance": "court.bj-chaoyang", "admin": "market.shanghai"}


def added(record_id: str, subject_id: str, type_: str, on: date) -> Event:
    authority = AUTHORITY[type_.split(".")[0]]
    return Event(
        EventKind.RECORD_ADDED,
        subject_id,
        record_id,
        on,
        type=type_,
        authority=authority,
        decision_ref=f"ref-{record_id}",
    )


def revoked(record: Event, on: date) -> Event:
    return Event(EventKind.RECORD_REVOKED, record.subject_id, record.record_id, on)


def fresh_registry(url: str) -> Registry:
    registry = Registry.open(url, create=True)
    registry.init(default_rulebook())
    return registry


@pytest.fixture(params=["sqlite", "postgres"])
def registry(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Registry]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.db'}"
    else:
        new: Callable[[], str] = request.getfixturevalue("postgres_urls")
        url = new()
    made = fresh_registry(url)
    yield made
    made.engine.dispose()


@pytest.fixture
def sqlite_registry(tmp_path: Path) -> Iterator[Registry]:
    made = fresh_registry(f"sqlite:///{tmp_path / 'registry.db'}")
    yield made
    made.engine.dispose()
