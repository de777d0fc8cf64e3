"""The command line's checks and file reads are in the access log like the API's."""

from __future__ import annotations

from creditreg.access.reader import AccessLogReader, AccessQuery
from creditreg.registry import Registry

from .conftest import PERSON_A, Cli


def test_check_and_file_are_logged_under_the_operator(loaded: Cli) -> None:
    decision = loaded.json("check", PERSON_A, "rail", "--at", "2026-12-15")
    loaded.json("file", PERSON_A)
    registry = Registry.open(loaded.url)
    entries = AccessLogReader(registry.engine).search(AccessQuery(subject_id=PERSON_A))
    assert [e["action"] for e in entries] == ["check", "file"]
    assert entries[0]["decision_id"] == decision["decision_id"]
    assert entries[0]["outcome"] == ("allowed" if decision["allowed"] else "denied")
    assert all(e["actor"].startswith("cli:") and e["role"] == "admin" for e in entries)
    registry.engine.dispose()


def test_a_refused_check_is_not_logged(loaded: Cli) -> None:
    loaded.run("check", "110105198503120419", "rail", code=2)
    registry = Registry.open(loaded.url)
    assert AccessLogReader(registry.engine).search(AccessQuery()) == []
    registry.engine.dispose()
