"""The projection on SQLite and PostgreSQL: served when current, folded when behind,
refused when edited in the database, rebuilt in parallel equal to serially."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

from creditreg.cli.app import app
from creditreg.db.dialect import placeholder
from creditreg.engine.decide import decide
from creditreg.engine.law import Law, fold_in_time
from creditreg.engine.timeline import build
from creditreg.events import Event
from creditreg.projection.codec import Encoded, decode, encode
from creditreg.projection.rebuild import rebuild
from creditreg.projection.view import encode_view
from creditreg.registry import Registry
from creditreg.rulebook.loader import LoadedRulebook, default_rulebook, parse_rulebook
from tests.engine.conftest import File, person
from tests.engine.test_timeline import histories
from tests.rulebook.renumber import renumbered

DAYS = [date(2025, 1, 1) + timedelta(days=n) for n in range(0, 900, 37)]


@settings(max_examples=60, deadline=None)
@given(history=histories())
def test_a_timeline_survives_encoding(history: tuple[str, list[Event], Law]) -> None:
    subject_id, events, law = history
    timeline = build(subject_id, events, law)
    body = encode(timeline)
    assert decode(body) == timeline
    for day in DAYS:  # one interval decoded alone, from a fresh body, as a check does
        assert Encoded(body).at(day, law) == timeline.at(day, law)


def test_a_row_of_another_format_is_refused_by_the_codec() -> None:
    """The store folds such a row (behind) until it is rebuilt; it is never misread."""
    with pytest.raises(ValueError, match="format"):
        Encoded(zlib.compress(b'[2,"x",[],[]]'))


@pytest.fixture(params=["sqlite", "postgres"])
def registry(
    request: pytest.FixtureRequest,
    sqlite_urls: Callable[[], str],
) -> Iterator[Registry]:
    sqlite = request.param == "sqlite"
    url = sqlite_urls() if sqlite else request.getfixturevalue("postgres_urls")()
    found = Registry.open(url, create=True)
    found.init(default_rulebook())
    yield found
    found.engine.dispose()


def _file(serial: int) -> File:
    file = File(person(serial=f"{serial:03d}"))
    file.add(f"s{serial}r1", "rail.smoking", date(2025, 1, 30))
    file.add(f"s{serial}r2", "court.debtor_refuses", date(2025, 9, 26), amount="10")
    return file


def _answers_as_fold(registry: Registry, file: File) -> None:
    law = registry.known().law
    events = registry.reader.subject_events(file.subject_id)
    for day in DAYS:
        assert registry.state(file.subject_id, day) == fold_in_time(
            file.subject_id, events, law, day
        )


def test_a_small_append_is_served_from_its_row(registry: Registry) -> None:
    file = _file(1)
    registry.writer.append(file.events)
    _answers_as_fold(registry, file)
    assert registry.served["current"] == len(DAYS)
    assert registry.served["behind"] == 0
    registry.state(person(serial="999"), date(2026, 1, 1))
    assert registry.served["none"] == 1


def test_a_due_process_command_keeps_the_row_current(registry: Registry) -> None:
    file = _file(2)
    registry.writer.append(file.events)
    registry.revoke("s2r1", date(2025, 2, 10), "wrong person")
    _answers_as_fold(registry, file)
    assert registry.served["behind"] == 0


def test_a_large_append_is_folded_until_rebuilt(registry: Registry) -> None:
    files = [_file(n) for n in range(10, 90)]
    registry.writer.append([e for f in files for e in f.events])
    _answers_as_fold(registry, files[0])
    assert registry.served["behind"] == len(DAYS)
    known = registry.known()
    assert registry.projection.key is not None
    done = rebuild(registry.engine, known.law, known.key, registry.projection.key, workers=1)
    assert done.subjects == len(files)
    _answers_as_fold(registry, files[0])
    assert registry.served["current"] == len(DAYS)


def test_catching_up_rewrites_only_the_subjects_a_large_append_left_behind(
    registry: Registry,
) -> None:
    assert registry.catch_up() is None  # nothing behind yet
    small = _file(4)
    registry.writer.append(small.events)
    files = [_file(n) for n in range(100, 180)]
    registry.writer.append([e for f in files for e in f.events])
    assert registry.projector.behind_from is not None
    done = registry.catch_up()
    assert done is not None and done.subjects == len(files)  # not the small one again
    assert registry.projector.behind_from is None
    for file in (small, files[0], files[-1]):
        _answers_as_fold(registry, file)
    assert registry.served["behind"] == 0


def test_an_edited_row_is_refused_and_never_served(registry: Registry) -> None:
    file = _file(3)
    registry.writer.append(file.events)
    clean = replace(file, events=file.events[:1])  # a forged body: only the first record
    forged = encode(build(file.subject_id, clean.events, registry.known().law))
    with registry.engine.begin() as conn:
        mark = placeholder(conn)
        conn.exec_driver_sql(
            f"UPDATE projections SET body = {mark} WHERE subject_id = {mark}",
            (forged, file.subject_id),
        )
    _answers_as_fold(registry, file)
    assert registry.served["refused"] == len(DAYS)
    assert registry.served["current"] == 0


def _checks_as_fold(registry: Registry, file: File) -> None:
    """Every check (the decision view's path) decides as the fold, for every service."""
    law = registry.known().law
    events = registry.reader.subject_events(file.subject_id)
    for day in DAYS:
        state, rulebook = fold_in_time(file.subject_id, events, law, day), law.on(day)
        for service in ("rail", "air", "deposit_waiver"):
            assert registry.check(file.subject_id, service, day) == decide(state, service, rulebook)


def _edit(registry: Registry, column: str, value: object, subject_id: str) -> None:
    with registry.engine.begin() as conn:
        mark = placeholder(conn)
        conn.exec_driver_sql(
            f"UPDATE projections SET {column} = {mark} WHERE subject_id = {mark}",
            (value, subject_id),
        )


def test_an_edited_view_is_refused_and_never_served(registry: Registry) -> None:
    file = _file(7)
    registry.writer.append(file.events)
    _checks_as_fold(registry, file)
    assert registry.served["current"] == 3 * len(DAYS)
    forged = encode_view(build(file.subject_id, file.events[:1], registry.known().law))
    _edit(registry, "view", forged, file.subject_id)
    _checks_as_fold(registry, file)
    assert registry.served["refused"] == 3 * len(DAYS)
    assert registry.served["current"] == 3 * len(DAYS)  # none since the edit


def test_an_edited_body_digest_is_refused_on_both_paths(registry: Registry) -> None:
    """The digest is bound: a body forged with its own digest is refused by the check
    (view) path and the file (body) path alike."""
    file = _file(8)
    registry.writer.append(file.events)
    forged = encode(build(file.subject_id, file.events[:1], registry.known().law))
    _edit(registry, "body", forged, file.subject_id)
    _edit(registry, "body_digest", hashlib.sha256(forged).hexdigest(), file.subject_id)
    _checks_as_fold(registry, file)
    _answers_as_fold(registry, file)
    assert registry.served["refused"] == 4 * len(DAYS)
    assert registry.served["current"] == 0


def test_an_edited_body_is_refused_by_a_read_and_the_view_still_decides(
    registry: Registry,
) -> None:
    """A check never reads the body: its bound view still decides (correctly); a read of
    the file checks the body against its bound digest and refuses it."""
    file = _file(9)
    registry.writer.append(file.events)
    forged = encode(build(file.subject_id, file.events[:1], registry.known().law))
    _edit(registry, "body", forged, file.subject_id)
    _answers_as_fold(registry, file)
    assert registry.served["refused"] == len(DAYS)
    _checks_as_fold(registry, file)
    assert registry.served["current"] == 3 * len(DAYS)


def test_a_row_without_a_view_is_behind_until_rebuilt(registry: Registry) -> None:
    """Rows derived before migration 0010 have no view: folded, never refused."""
    file = _file(10)
    registry.writer.append(file.events)
    _edit(registry, "view", None, file.subject_id)
    _checks_as_fold(registry, file)
    assert registry.served["behind"] == 3 * len(DAYS)
    assert registry.served["refused"] == 0


def test_a_deleted_row_is_behind_not_no_records(registry: Registry) -> None:
    file = _file(4)
    registry.writer.append(file.events)
    with registry.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM projections")
    _answers_as_fold(registry, file)
    assert registry.served["behind"] == len(DAYS)
    assert registry.served["none"] == 0


def test_a_parallel_rebuild_equals_a_serial_one(registry: Registry) -> None:
    files = [_file(n) for n in range(100, 180)]
    registry.writer.append([e for f in files for e in f.events])
    known, key = registry.known(), registry.projection.key
    assert key is not None

    def rows() -> list[tuple[object, ...]]:
        with registry.engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT * FROM projections ORDER BY subject_id")
            return [tuple(r) for r in found]

    rebuild(registry.engine, known.law, known.key, key, workers=1)
    serial = rows()
    with registry.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM projections")
    rebuild(registry.engine, known.law, known.key, key, workers=2)
    assert rows() == serial and len(serial) == len(files)


def test_rows_under_another_law_are_not_served(registry: Registry) -> None:
    """A version activated without a rebuild: the old rows' law differs, so checks fold."""
    file = _file(5)
    registry.writer.append(file.events)
    registry.state(file.subject_id, date(2026, 1, 1))
    assert registry.served["current"] == 1
    registry.law.activate(_shorter(), date(2026, 6, 1))
    _answers_as_fold(registry, file)
    assert registry.served["behind"] == len(DAYS)


def test_activating_rebuilds_and_no_answer_mixes_two_rulebooks(registry: Registry) -> None:
    file = _file(6)
    registry.writer.append(file.events)
    old = registry.known()
    registry.activate(_shorter(), date(2025, 3, 1))
    new = registry.known()
    assert new.key != old.key
    events = registry.reader.subject_events(file.subject_id)
    for day in DAYS:
        state = registry.state(file.subject_id, day)
        assert state == fold_in_time(file.subject_id, events, new.law, day)
        assert state.rulebook == new.law.on(day).ref
    assert registry.served["current"] == len(DAYS) and registry.served["behind"] == 0


def _shorter() -> LoadedRulebook:
    text = renumbered(default_rulebook().text, "2027.1")
    return parse_rulebook(text.replace("{days: 180}", "{days: 30}"), "2027.1")


def test_creditreg_project_rebuilds_and_reports_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    registry = Registry.open(db, create=True)
    registry.init(default_rulebook())
    files = [_file(n) for n in range(200, 280)]
    registry.writer.append([e for f in files for e in f.events])
    registry.engine.dispose()
    result = CliRunner().invoke(app, ["--db", db, "project", "--workers", "2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["subjects"] == len(files) and data["entries"] == 2 * len(files)
    assert data["bytes_per_subject"] > 0
    again = Registry.open(db)
    _answers_as_fold(again, files[0])
    assert again.served["current"] == len(DAYS)


def test_creditreg_project_refuses_an_unknown_engine(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.db'}"
    result = CliRunner().invoke(app, ["--db", db, "project", "--engine", "dask"])
    assert result.exit_code == 2
    assert "unknown engine 'dask'" in result.output


def test_activate_rewrites_the_rows_or_leaves_them_to_project(tmp_path: Path) -> None:
    """``rulebook activate`` rewrites every row under the new law (over ``--workers``), or,
    with ``--no-project``, only stores the law: checks then fold (never an old-law row)
    until ``creditreg project`` has rewritten the rows."""
    db = f"sqlite:///{tmp_path / 'r.db'}"
    registry = Registry.open(db, create=True)
    registry.init(default_rulebook())
    files = [_file(n) for n in range(300, 340)]
    registry.writer.append([e for f in files for e in f.events])
    registry.project()
    first = tmp_path / "2027.1.yaml"
    first.write_text(_shorter().text, encoding="utf-8")
    second = tmp_path / "2027.2.yaml"
    second.write_text(renumbered(_shorter().text, "2027.2"), encoding="utf-8")

    def activate(path: Path, *flags: str) -> dict[str, object]:
        asked = ["--db", db, "rulebook", "activate", str(path), "--from", "2025-03-01"]
        result = CliRunner().invoke(app, [*asked, *flags, "--json"])
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.output))

    def served(outcome: str) -> int:
        fresh = Registry.open(db, cache_size=0)
        for file in files:
            fresh.state(file.subject_id, date(2026, 1, 1))
        fresh.engine.dispose()
        return fresh.served[outcome]

    assert activate(first, "--workers", "2")["projected_subjects"] == len(files)
    assert served("current") == len(files)
    assert activate(second, "--no-project")["projected_subjects"] is None
    assert served("behind") == len(files)  # folded under the new law, never the old rows
    result = CliRunner().invoke(app, ["--db", db, "project", "--workers", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert served("current") == len(files)
