"""A cold server's thread pool starts many checks at once (PostgreSQL checks read in it):
the rulebook in force is parsed by one of them while the others wait, not by each."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from creditreg import law_store
from creditreg.registry import Registry
from creditreg.rulebook.loader import LoadedRulebook, default_rulebook


def test_concurrent_first_reads_parse_the_rulebook_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    Registry.open(url, create=True).init(default_rulebook())
    cold = Registry.open(url)  # a new worker: nothing parsed yet
    parse, parsed = law_store.parse_rulebook, []

    def slow(*args: object, **kwargs: object) -> LoadedRulebook:
        parsed.append(threading.get_ident())
        time.sleep(0.05)  # the window in which other threads arrive
        return parse(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(law_store, "parse_rulebook", slow)
    start = threading.Barrier(8)
    refs: list[str] = []

    def check() -> None:
        start.wait()
        refs.append(cold.rulebook.ref)

    threads = [threading.Thread(target=check) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(parsed) == 1
    assert len(refs) == 8 and len(set(refs)) == 1
