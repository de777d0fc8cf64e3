"""A batch reads its rows and the subjects' log positions in one statement per chunk, and
finds for each subject exactly what a single check's read finds (current, none, behind,
refused), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from creditreg.db.dialect import is_sqlite, placeholder
from creditreg.log.raw import RawReads
from creditreg.projection.rows import law_digest
from creditreg.projection.store import IN_CHUNK
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from tests.engine.conftest import File, person
from tests.projection.test_projection import _file


@pytest.fixture(params=["sqlite", "postgres"])
def registry(request: pytest.FixtureRequest, sqlite_urls: Callable[[], str]) -> Iterator[Registry]:
    url = sqlite_urls() if request.param == "sqlite" else request.getfixturevalue("postgres_urls")()
    found = Registry.open(url, create=True)
    found.init(default_rulebook())
    yield found
    found.engine.dispose()


def _statuses(registry: Registry) -> tuple[list[str], dict[str, str]]:
    """Subjects of every outcome: current rows, a refused (edited) row, a deleted row
    (behind), a bulk append not yet caught up (behind), and subjects without records."""
    current = [_file(n) for n in range(1, 4)]
    for file in current:
        registry.writer.append(file.events)  # small appends: rows written in the transaction
    bulk: list[File] = [_file(n) for n in range(100, 170)]
    registry.writer.append([e for f in bulk for e in f.events])  # rows left behind
    edited, deleted = current[1].subject_id, current[2].subject_id
    with registry.engine.begin() as conn:
        mark = placeholder(conn)
        conn.exec_driver_sql(
            f"UPDATE projections SET binding = {mark} WHERE subject_id = {mark}", ("0" * 64, edited)
        )
        conn.exec_driver_sql(f"DELETE FROM projections WHERE subject_id = {mark}", (deleted,))
    nobody = [person(serial=f"{n:03d}") for n in range(900, 905)]
    expected = {current[0].subject_id: "current", edited: "refused", deleted: "behind"}
    expected |= {f.subject_id: "behind" for f in bulk} | dict.fromkeys(nobody, "none")
    return list(expected), expected


def test_a_batch_finds_what_single_reads_find(registry: Registry) -> None:
    subjects, expected = _statuses(registry)
    law = law_digest(registry.known().key)
    store = registry.projection
    many = store.read_many(subjects, law)
    assert {s: f.status for s, f in many.items()} == expected
    for subject in subjects:
        one = store.read(subject, law)
        assert (many[subject].status, many[subject].position) == (one.status, one.position)
        assert (many[subject].timeline is None) == (one.timeline is None)


def test_a_batch_reads_in_one_statement_per_chunk(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    subjects, _ = _statuses(registry)
    subjects += [person(serial=f"{n:03d}") for n in range(200, 200 + IN_CHUNK)]  # 2 chunks
    statements: list[str] = []
    fetch = RawReads.fetch

    def counted(self: RawReads, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        statements.append(sql)
        return fetch(self, sql, params)

    monkeypatch.setattr(RawReads, "fetch", counted)  # counts the driver's statements
    registry.projection.read_many(subjects, law_digest(registry.known().key))
    # SQLite: one per chunk of IN_CHUNK; PostgreSQL: one array parameter for all
    assert len(statements) == (2 if is_sqlite(registry.engine) else 1)
