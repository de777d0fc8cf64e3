"""Deriving rows cheaply (issue 14): the encoder's numbering by identity then value, and
the hook's one read of entries per batch, give what the plain ways give."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from hypothesis import given, settings

from creditreg.engine.law import Law
from creditreg.engine.timeline import Timeline, build
from creditreg.events import Event
from creditreg.projection.codec import decode, encode
from creditreg.projection.hook import entries_of
from creditreg.projection.store import entries
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from tests.engine.conftest import File, person
from tests.engine.test_timeline import histories


def _unshared(timeline: Timeline) -> Timeline:
    """The same timeline with no part shared between intervals (each state deep-copied
    alone), as a fold that rebuilt every part on every breakpoint would give."""
    states = tuple(copy.deepcopy(state) for state in timeline.states)
    return Timeline(timeline.subject_id, timeline.starts, states)


@settings(max_examples=40, deadline=None)
@given(history=histories())
def test_equal_parts_are_stored_once_whether_or_not_they_are_one_object(
    history: tuple[str, list[Event], Law],
) -> None:
    """Numbering by identity alone would store a copied part again: bytes would differ."""
    subject_id, events, law = history
    timeline = build(subject_id, events, law)
    body = encode(timeline)
    assert encode(_unshared(timeline)) == body
    assert decode(body) == timeline


@pytest.fixture(params=["sqlite", "postgres"])
def registry(request: pytest.FixtureRequest, sqlite_urls: Callable[[], str]) -> Iterator[Registry]:
    url = sqlite_urls() if request.param == "sqlite" else request.getfixturevalue("postgres_urls")()
    found = Registry.open(url, create=True)
    found.init(default_rulebook())
    yield found
    found.engine.dispose()


def test_the_hook_reads_every_subjects_entries_in_one_statement(registry: Registry) -> None:
    files = [File(person(serial=f"{n:03d}")) for n in range(1, 4)]
    for n, file in enumerate(files):
        for k in range(n + 1):
            file.add(f"d{n}r{k}", "rail.smoking", date(2025, 1, 10 + k))
    registry.writer.append([e for f in files for e in f.events])
    names = [f.subject_id for f in files] + [person(serial="999")]  # one without entries
    with registry.engine.connect() as conn:
        found = entries_of(conn, names)
        assert found == {s: entries(conn, s) for s in names[:3]}
    assert [len(found[f.subject_id]) for f in files] == [1, 2, 3]
