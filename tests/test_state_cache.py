"""The state cache never serves a stale state: a new event or another day misses it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.state_cache import StateCache
from tests.cli.conftest import PERSON_A, SAMPLE


def test_a_new_event_invalidates_the_cached_state(tmp_path: Path) -> None:
    from creditreg.ingest import ingest_files

    registry = Registry.open(f"sqlite:///{tmp_path / 'r.db'}", create=True)
    registry.init(default_rulebook())
    ingest_files(
        [SAMPLE],
        registry.writer,
        registry.rulebook,
        reader=registry.reader,
        today=date(2026, 11, 27),
    )
    registry.projection.key = None  # the cache serves the fold; rows would bypass it
    day = date(2026, 11, 27)
    first = registry.state(PERSON_A, day)
    assert registry.state(PERSON_A, day) is first  # served from the cache
    assert not registry.check(PERSON_A, "air", day).allowed
    registry.fulfil("demo-a1", day)
    assert registry.check(PERSON_A, "air", day).allowed  # the new event changed the key
    assert registry.state(PERSON_A, date(2026, 6, 2)).as_of == date(2026, 6, 2)


def test_the_cache_is_bounded() -> None:
    cache = StateCache(size=2)
    states = {}
    for n in range(3):
        key = (f"s{n}", date(2026, 1, 1), "digest")
        states[key] = object()
        cache.put(key, (1, n), states[key])  # type: ignore[arg-type]
    assert cache.get(("s0", date(2026, 1, 1), "digest"), (1, 0)) is None
    assert (
        cache.get(("s2", date(2026, 1, 1), "digest"), (1, 2))
        is states[("s2", date(2026, 1, 1), "digest")]
    )
    assert cache.get(("s2", date(2026, 1, 1), "digest"), (2, 5)) is None
