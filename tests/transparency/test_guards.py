"""The log defends its answers (issue 10, item 3): reads, the writer and the auditor.

A registry holding the demo's sample (SQLite, and PostgreSQL when configured) is
tampered with through raw SQL, as someone with database access would, and each guard
must name the entry: a check that reads a changed event raises ``LogIntegrityError``
(never a wrong answer), the writer refuses to extend or sign, and the auditor finds
every tamper kind of the log tests, including those no read meets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from creditreg.db.projection_tables import projections
from creditreg.events import Event, EventKind
from creditreg.ingest.pipeline import ingest_files
from creditreg.log.integrity import LogIntegrityError
from creditreg.log.reader import LogReader
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.transparency.audit import check_tree
from creditreg.transparency.auditor import TreeAuditor
from creditreg.transparency.heads import all_heads

from .tampering import (
    COMMENDED,
    COURT,
    TAMPERS,
    change_body,
    change_leaf,
    change_row_leaf,
    rehash_row,
    retree,
    seq_of,
)

SAMPLE = Path(str(resources.files("creditreg.demo").joinpath("sample.csv")))
PERSON_A = "110105198503120418"  # court-listed (demo-a1): denied air travel
PERSON_B = "371082199007150029"
TODAY = date(2026, 11, 27)


@pytest.fixture(params=["sqlite", "postgres"])
def registry(request: pytest.FixtureRequest) -> Iterator[Registry]:
    urls: Callable[[], str] = request.getfixturevalue(f"{request.param}_urls")
    found = Registry.open(urls(), create=True)
    found.init(default_rulebook())
    summary = ingest_files([SAMPLE], found.writer, found.rulebook, reader=found.reader, today=TODAY)
    assert summary.rejected == 0
    yield found
    found.engine.dispose()


def air(registry: Registry, subject: str = PERSON_A) -> bool:
    return registry.check(subject, "air", TODAY).allowed


def refuses_everything(registry: Registry, index: int | None) -> None:
    """Reads and writes of every subject now fail, naming the entry first found wrong."""
    assert registry.alarm.failure is not None
    assert registry.alarm.failure.index == index
    for subject in (PERSON_A, PERSON_B):
        with pytest.raises(LogIntegrityError):
            registry.check(subject, "rail", TODAY)
    size = registry.reader.head()[0]
    added = Event(EventKind.RECORD_ADDED, PERSON_B, "late-1", TODAY, type=COMMENDED)
    with pytest.raises(LogIntegrityError):
        registry.writer.append([added])
    assert registry.reader.head()[0] == size


def test_a_court_listed_subject_cannot_be_flipped_to_allowed(registry: Registry) -> None:
    """Finding 4: one body byte changed behind the server's back turned DENIED into ALLOWED."""
    assert air(registry) is False
    seq = seq_of(registry, "demo-a1")
    change_body(registry, seq, COURT, COMMENDED)
    # The projection's row was derived from the honest log and is bound to it: still DENIED.
    assert air(Registry(registry.engine, cache_size=0)) is False
    with registry.engine.begin() as conn:  # without rows, a check reads the events
        conn.execute(projections.delete())
    unchecked = Registry(registry.engine, cache_size=0)
    unchecked.reader = LogReader(registry.engine, check_leaves=False)
    assert air(unchecked) is True  # what the log now says, read without the check
    fresh = Registry(registry.engine, cache_size=0)
    with pytest.raises(LogIntegrityError, match=f"leaf {seq - 1} \\(seq {seq}\\)") as caught:
        air(fresh)
    assert caught.value.index == seq - 1
    refuses_everything(fresh, seq - 1)


def test_a_changed_row_leaf_is_refused_on_read(registry: Registry) -> None:
    seq = seq_of(registry, "demo-a3")
    change_row_leaf(registry, seq)
    fresh = Registry(registry.engine)
    with pytest.raises(LogIntegrityError, match="no longer hashes to its stored leaf"):
        fresh.record("demo-a3")
    refuses_everything(fresh, seq - 1)


def test_a_body_changed_with_its_row_leaf_is_caught_by_the_tree(registry: Registry) -> None:
    """Reads check a body against the leaf in its own row (no join to the tree): changing
    both passes that check, so the row's leaf must be tied to the tree. The auditor and
    ``verify`` re-hash the entry against the tree's leaf (covered by the signed heads)
    and name it; the DENIED→ALLOWED flip is refused from then on."""
    auditor = TreeAuditor(registry.engine, registry.alarm)
    assert auditor.round() is True
    seq = seq_of(registry, "demo-a1")
    change_body(registry, seq, COURT, COMMENDED)
    rehash_row(registry, seq)
    with registry.engine.begin() as conn:  # without rows, a check reads the events
        conn.execute(projections.delete())
    assert air(Registry(registry.engine, cache_size=0)) is True  # the read check is blind
    assert check_tree(registry.engine).first_bad_index == seq - 1
    assert auditor.round() is False
    failure = registry.alarm.failure
    assert failure is not None and failure.index == seq - 1
    assert "no longer hashes to its stored leaf" in failure.reason
    refuses_everything(registry, seq - 1)


def test_a_changed_tree_leaf_is_found_by_the_auditor_not_blindly_served(
    registry: Registry,
) -> None:
    """The tree's leaf is not what a read compares with; the row's and the tree's
    disagreeing is found by the next audit round (and ``verify``)."""
    auditor = TreeAuditor(registry.engine, registry.alarm)
    assert auditor.round() is True
    seq = seq_of(registry, "demo-a3")
    change_leaf(registry, seq)
    assert check_tree(registry.engine).first_bad_index == seq - 1
    assert auditor.round() is False
    assert registry.alarm.failure is not None and registry.alarm.failure.index == seq - 1


def test_a_row_that_lost_its_leaf_is_found(registry: Registry) -> None:
    """A NULL leaf would turn the read check off for that entry: the guards refuse it."""
    auditor = TreeAuditor(registry.engine, registry.alarm)
    assert auditor.round() is True
    seq = seq_of(registry, "demo-b1")
    with registry.engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE events SET leaf = NULL WHERE seq = {seq}")
    check = check_tree(registry.engine)
    assert (check.first_bad_index, "events row" in check.reason) == (seq - 1, True)
    assert auditor.round() is False
    assert registry.alarm.failure is not None and registry.alarm.failure.index == seq - 1


def test_the_writer_refuses_to_sign_over_a_changed_tail(registry: Registry) -> None:
    """The last entry changed, and its leaf rebuilt to match: the signed head still tells."""
    last, heads = registry.reader.head()[0], len(all_heads_of(registry))
    change_body(registry, last, "demo-", "demx-")
    retree(registry)
    writer = Registry(registry.engine)  # a new process: starts from the latest signed head
    added = Event(EventKind.RECORD_ADDED, PERSON_B, "late-1", TODAY, type=COMMENDED)
    with pytest.raises(LogIntegrityError, match=f"no longer hashes to signed head {last}"):
        writer.writer.append([added])
    assert (registry.reader.head()[0], len(all_heads_of(registry))) == (last, heads)
    assert writer.alarm.failure is not None


def test_the_writer_checks_what_others_appended_since(registry: Registry) -> None:
    """A writer that already verified the tail re-hashes only what came after it."""
    first = Registry(registry.engine)
    first.writer.append([Event(EventKind.RECORD_ADDED, PERSON_B, "x-1", TODAY, type=COMMENDED)])
    registry.writer.append([Event(EventKind.RECORD_ADDED, PERSON_B, "x-2", TODAY, type=COMMENDED)])
    last = registry.reader.head()[0]
    change_leaf(registry, last)  # the other writer's entry, after first's verified prefix
    with pytest.raises(LogIntegrityError) as caught:
        first.writer.append([Event(EventKind.RECORD_ADDED, PERSON_B, "x-3", TODAY, type=COMMENDED)])
    assert caught.value.index == last - 1


def all_heads_of(registry: Registry) -> list[object]:
    with registry.engine.connect() as conn:
        return list(all_heads(conn))


@pytest.mark.parametrize("kind", list(TAMPERS))
def test_the_auditor_finds_every_tamper_kind(registry: Registry, kind: str) -> None:
    auditor = TreeAuditor(registry.engine, registry.alarm)
    assert auditor.round() is True
    index = TAMPERS[kind](registry)
    assert auditor.round() is False
    failure = registry.alarm.failure
    assert failure is not None
    if kind != "changed signed head":
        assert failure.index == index, failure
    else:
        assert "no longer hashes to signed head" in failure.reason
    refuses_everything(registry, failure.index)


def test_the_auditor_rehashes_only_what_is_new_and_sweeps_the_rest(registry: Registry) -> None:
    """Rounds after the first re-hash the new entries plus a rolling window: an old entry
    changed together with its stored leaf (no read notices that) is found by the sweep."""
    auditor = TreeAuditor(registry.engine, registry.alarm, sweep_size=4)
    assert auditor.round() is True
    size = registry.reader.head()[0]
    assert auditor._newest.size == size
    seq = seq_of(registry, "demo-b1")
    change_body(registry, seq, "2025-03-01", "2024-03-01")
    retree(registry)
    rounds = 0
    while auditor.round():
        rounds += 1
        assert rounds <= size // 4 + 1
    failure = registry.alarm.failure
    assert failure is not None
    assert "no longer hashes to signed head" in failure.reason
    assert failure.index is not None and failure.index < seq
