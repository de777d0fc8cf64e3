"""``rulebook activate|history``, ``--known-at`` and ``replay`` on a real database."""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
from alembic import command
from alembic.config import Config
from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg.db.connection import _MIGRATIONS
from creditreg.engine import fold
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from tests.cli.conftest import PERSON_A, Cli
from tests.engine.conftest import RULEBOOK
from tests.engine.test_properties import files
from tests.rulebook.renumber import renumbered

SHIPPED = default_rulebook().rulebook
HEADER = "record_id,subject_id,type,authority,decision_ref,decided_at\n"


def lighter_rulebook(tmp: Path, version: str = "2027.1") -> Path:
    text = renumbered(default_rulebook().text, version)
    path = tmp / f"{version}.yaml"
    path.write_text(text.replace("until: {term: {days: 180}}", "until: {term: {days: 30}}"))
    return path


def late_smoking(tmp: Path, decided: str) -> Path:
    path = tmp / "late.csv"
    path.write_text(
        HEADER + f"late-1,{PERSON_A},rail.smoking,rail.cr-beijing,京铁公罚1号,{decided}\n"
    )
    return path


def test_a_late_record_changes_todays_answer_for_a_past_day_but_not_the_replay(
    loaded: Cli, tmp_path: Path
) -> None:
    before = loaded.json("check", PERSON_A, "rail", "--at", "2026-09-01")
    assert before["allowed"] is True
    loaded.run("ingest", str(late_smoking(tmp_path, "2026-08-01")))
    after = loaded.json("check", PERSON_A, "rail", "--at", "2026-09-01")
    assert after["allowed"] is False  # the record filed late now counts for that day
    replay = loaded.json("replay", before["decision_id"])
    assert replay["equal"] is True
    assert replay["answered"]["outcome"] == replay["replayed"]["outcome"] == "allowed"
    assert replay["at"].endswith("+08:00")  # one time zone everywhere a time is shown
    assert datetime.fromisoformat(replay["at"]) <= datetime.now(UTC)
    assert loaded.json("replay", after["decision_id"])["replayed"]["outcome"] == "denied"


def test_known_at_answers_from_what_was_recorded_by_then(loaded: Cli, tmp_path: Path) -> None:
    time.sleep(0.01)
    then = datetime.now(UTC).isoformat()
    time.sleep(0.01)
    loaded.run("ingest", str(late_smoking(tmp_path, "2026-08-01")))
    asked = ("check", PERSON_A, "rail", "--at", "2026-09-01")
    assert loaded.json(*asked, "--known-at", then)["allowed"] is True
    assert loaded.json(*asked)["allowed"] is False
    file = loaded.json("file", PERSON_A, "--at", "2026-09-01", "--known-at", then)
    assert "late-1" not in {r["record_id"] for r in file["records"]}


def test_activate_schedules_and_history_lists_every_version(cli: Cli, tmp_path: Path) -> None:
    future = (date.today() + timedelta(days=400)).isoformat()
    activated = cli.json("rulebook", "activate", str(lighter_rulebook(tmp_path)), "--from", future)
    assert activated == {
        "rulebook": "cn-default@2027.1",
        "effective_from": future,
        "status": "scheduled",
        "projected_subjects": 0,  # a new registry: no subject has records yet
    }
    history = cli.json("rulebook", "history")
    assert [(h["rulebook"], h["status"]) for h in history] == [
        (SHIPPED.ref, "in_force"),
        ("cn-default@2027.1", "scheduled"),
    ]
    assert cli.json("check", PERSON_A, "rail")["rulebook"] == SHIPPED.ref
    later = (date.today() + timedelta(days=401)).isoformat()
    assert cli.json("check", PERSON_A, "rail", "--at", later)["rulebook"] == "cn-default@2027.1"
    assert cli.json("file", PERSON_A, "--at", later)["rulebook"] == "cn-default@2027.1"


def test_activate_refuses_a_changed_rulebook_under_a_stored_version(
    cli: Cli, tmp_path: Path
) -> None:
    clash = lighter_rulebook(tmp_path, SHIPPED.version)  # same ref as the default, other contents
    result = cli.run("rulebook", "activate", str(clash), "--from", "2030-01-01", code=2)
    assert "already stored with other contents" in result.stderr
    assert len(cli.json("rulebook", "history")) == 1  # nothing was added


def test_replay_of_an_unknown_decision_is_a_clear_error(cli: Cli) -> None:
    result = cli.run("replay", "dec-nothing", code=2)
    assert "no decision 'dec-nothing'" in result.stderr


def test_known_at_before_any_rulebook_is_a_clear_error(loaded: Cli) -> None:
    result = loaded.run("check", PERSON_A, "rail", "--known-at", "2001-01-01", code=2)
    assert "no rulebook version was known at 2000-12-31T16:00:00" in result.stderr


def test_the_migration_makes_the_one_rulebook_the_first_version(tmp_path: Path) -> None:
    registry = Registry.open(f"sqlite:///{tmp_path / 'old.db'}", create=True)
    registry.init(default_rulebook())
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with registry.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0004")  # a registry as it was before versions
    reopened = Registry.open(f"sqlite:///{tmp_path / 'old.db'}")
    reopened.init(default_rulebook())  # init upgrades; it must not add a second version
    (first,) = reopened.law.history()
    assert (first.ref, first.effective_from) == (SHIPPED.ref, date(2018, 5, 1))


# Property: an answer known at T never depends on events recorded after T.
@settings(max_examples=15, deadline=None)
@given(data=st.data(), split=st.integers(0, 8), on=st.dates(date(2024, 1, 1), date(2027, 6, 1)))
def test_an_answer_known_at_t_ignores_what_was_recorded_after(
    data: st.DataObject, split: int, on: date
) -> None:
    events = data.draw(files(PERSON_A))
    with tempfile.TemporaryDirectory() as tmp:
        registry = Registry.open(f"sqlite:///{tmp}/r.db", create=True)
        registry.init(default_rulebook())
        t = datetime(2030, 1, 1, tzinfo=UTC)
        first = registry.writer.append(events[:split], t).last_seq or 0
        registry.writer.append(events[split:], t + timedelta(seconds=1))
        known = registry.state(PERSON_A, on, t.isoformat(timespec="microseconds"))
        # a repeated objection id is stored once, so the prefix is found by seq
        stored = [e for e in registry.reader.subject_events(PERSON_A) if e.seq <= first]
        assert known == fold(PERSON_A, stored, RULEBOOK, on)
        registry.engine.dispose()


def test_the_population_engine_answers_a_store_under_two_versions_as_file_does(
    loaded: Cli, tmp_path: Path
) -> None:
    loaded.run("rulebook", "activate", str(lighter_rulebook(tmp_path)), "--from", "2026-10-01")
    for at in ("2026-09-30", "2026-11-27"):
        out = tmp_path / at
        summary = loaded.json("rescore", "--at", at, "--out", str(out))
        assert summary["rulebook"] == (SHIPPED.ref if at < "2026-10-01" else "cn-default@2027.1")
        rows = {r["subject_id"]: r for r in pq.read_table(out / "subjects.parquet").to_pylist()}
        for subject in (PERSON_A, "371082199007150029", "110108199209090047"):
            file = loaded.json("file", subject, "--at", at)
            assert (rows[subject]["score"], rows[subject]["grade"]) == (
                file["score"],
                file["grade"],
            )
            listed = pq.read_table(out / "lists.parquet").to_pylist()
            mine = sorted((e["list"], e["status"]) for e in listed if e["subject_id"] == subject)
            assert mine == sorted((e["list"], e["status"]) for e in file["lists"])
