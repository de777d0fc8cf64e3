"""The commands of SPEC §3 end to end, with their JSON shapes and their refusals."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from creditreg.rulebook.loader import default_rulebook
from tests.cli.conftest import COMPANY_C, PERSON_A, SAMPLE, Cli

CHECK_KEYS = {"subject_id", "service", "at", "allowed", "reasons", "rulebook", "decision_id"}
REASON_KEYS = {"code", "record_id", "measure", "basis", "since", "until", "contest"}
FILE_KEYS = {
    "subject_id",
    "kind",
    "as_of",
    "score",
    "grade",
    "lists",
    "measures",
    "records",
    "key_factors",
}


def test_ingest_reports_counts_and_is_idempotent(cli: Cli) -> None:
    first = cli.json("ingest", str(SAMPLE))
    assert first | {"rejects": []} == {
        "read": 37,
        "accepted": 37,
        "duplicates": 0,
        "rejected": 0,
        "rejects": [],
    }
    again = cli.json("ingest", str(SAMPLE))
    assert (again["accepted"], again["duplicates"]) == (0, 37)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("nosuch.csv", None, "nosuch.csv: the file cannot be read: No such file or directory"),
        ("empty.csv", b"", "empty.csv: the file is empty: it holds no records"),
        ("records.xlsx", b"PK", "records.xlsx: unsupported file type '.xlsx'; use .csv, .jsonl"),
    ],
)
def test_ingest_of_an_unusable_file_is_one_line_exit_2_and_ingests_nothing(
    cli: Cli, tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = cli.run("ingest", str(SAMPLE), str(path), code=2)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and reason in line
    assert result.stdout == ""
    assert cli.json("ingest", str(SAMPLE))["accepted"] == 37  # the good file was not half-done


def test_check_denies_with_reasons_in_the_spec_shape(loaded: Cli) -> None:
    data = loaded.json("check", PERSON_A, "air", "--at", "2026-11-27")
    assert set(data) >= CHECK_KEYS
    assert data["allowed"] is False
    assert data["rulebook"] == default_rulebook().rulebook.ref
    reason = data["reasons"][0]
    assert set(reason) >= REASON_KEYS
    assert (reason["code"], reason["record_id"], reason["until"]) == (
        "COURT_DISHONEST_UNTIL_PERFORMED",
        "demo-a1",
        None,
    )
    assert "SPC-2017-7" in reason["basis"] and "creditreg " not in reason["contest"]
    # The operator's command line shows the subject's actions as the commands that record them.
    actions = {a["action"]: a for a in reason["actions"]}
    assert set(actions) == {"object", "pay"}
    assert actions["object"]["command"] == 'creditreg object demo-a1 --grounds "..."'
    assert actions["object"]["authority"] == "court.bj-chaoyang"
    assert actions["object"]["basis"] == "SPC-2017-7 第11条、第12条"


def test_lang_gives_the_rulebook_texts_in_chinese(loaded: Cli) -> None:
    english = loaded.json("check", PERSON_A, "air", "--at", "2026-11-27")["reasons"][0]
    chinese = loaded.json("check", PERSON_A, "air", "--at", "2026-11-27", "--lang", "zh-CN")
    reason = chinese["reasons"][0]
    assert (
        reason["explain"].startswith("纳入失信被执行人名单")
        and reason["explain"] != english["explain"]
    )
    assert "第十二条" in reason["contest"] and "creditreg " not in reason["contest"]
    # The global option (and CREDITREG_LANG) does the same; the command's own wins.
    glob = loaded.json("--lang", "zh-CN", "file", PERSON_A, "--at", "2026-11-27")
    assert glob["key_factors"][0]["explain"].startswith("纳入失信被执行人名单")
    own = loaded.json("--lang", "zh-CN", "file", PERSON_A, "--at", "2026-11-27", "--lang", "en")
    assert own["key_factors"][0]["explain"].startswith("On the list")
    assert loaded.json("check", PERSON_A, "rail", "--at", "2026-11-27")["allowed"] is True


def test_file_shows_lists_in_publicity_and_effective(loaded: Cli) -> None:
    data = loaded.json("file", PERSON_A, "--at", "2026-11-27")
    assert set(data) >= FILE_KEYS
    lists = {entry["list"]: entry["status"] for entry in data["lists"]}
    assert lists == {"court_dishonest": "effective", "rail_restricted": "publicity"}
    # demo-a3 is a Rongcheng points rule decided by a Beijing court: outside the scheme's
    # region, stored and shown without effect (SPEC §3 "Jurisdictions").
    assert data["score"] == 1000 - 50 - 10 and data["grade"] == "B"
    statuses = {r["record_id"]: (r["status"], r["scheme"]) for r in data["records"]}
    assert statuses == {
        "demo-a1": ("active", "national"),
        "demo-a2": ("active", "national"),
        "demo-a3": ("not_in_force", "rongcheng"),
    }
    assert len(data["key_factors"]) <= 4 and data["key_factors"][0]["record_id"] == "demo-a1"


def test_objection_upheld_turns_the_check_to_allowed(loaded: Cli) -> None:
    filed = loaded.json("object", "demo-a1", "--grounds", "Paid in full", "--on", "2026-11-02")
    objection_id = filed["objection_id"]
    assert loaded.json("check", PERSON_A, "air", "--at", "2026-11-10")["allowed"] is False
    record = next(
        r
        for r in loaded.json("file", PERSON_A, "--at", "2026-11-10")["records"]
        if r["record_id"] == "demo-a1"
    )
    assert (record["status"], record["objection_id"]) == ("objected", objection_id)
    loaded.run(
        "decide", objection_id, "--uphold", "--reason", "Receipt shown", "--on", "2026-11-12"
    )
    assert loaded.json("check", PERSON_A, "air", "--at", "2026-11-12")["allowed"] is True
    assert loaded.json("check", PERSON_A, "air", "--at", "2026-11-11")["allowed"] is False
    again = loaded.run("decide", objection_id, "--reject", "--reason", "x", code=2)
    assert "already decided" in again.stderr


def test_fulfil_revoke_repair_extend(loaded: Cli) -> None:
    loaded.run("fulfil", "demo-a1", "--on", "2026-11-20")
    assert loaded.json("check", PERSON_A, "air", "--at", "2026-11-20")["allowed"] is True
    loaded.run("revoke", "demo-c1", "--reason", "Annulled on review", "--on", "2026-10-01")
    assert loaded.json("check", COMPANY_C, "public_procurement", "--at", "2026-10-01")["allowed"]
    # Decided 1 Dec 2025: the 6 months of publicity end on 1 Jun 2026, still one of them.
    early = loaded.run("repair", "demo-c2", "--on", "2026-06-01", code=2)
    assert "possible from 2026-06-02" in early.stderr
    loaded.run("repair", "demo-c2", "--on", "2026-06-02")
    loaded.run("extend", "demo-f2", "--years", "2", "--on", "2026-11-20")
    too_much = loaded.run("extend", "demo-f2", "--years", "2", "--on", "2026-11-21", code=2)
    assert "1-3 years in total" in too_much.stderr
    not_owed = loaded.run("fulfil", "demo-e1", code=2)
    assert "no obligation" in not_owed.stderr


def test_bad_input_gets_a_clear_error(loaded: Cli) -> None:
    cases = {
        ("check", "110105491231002", "rail"): "old 15-digit",
        ("check", "110105198503120419", "rail"): "check character",
        ("check", PERSON_A, "spaceflight"): "unknown service 'spaceflight'",
        ("check", PERSON_A, "rail", "--at", "2026-02-30"): "is not a date",
        ("file", PERSON_A, "--at", "yesterday"): "is not a date",
        ("check", PERSON_A, "rail", "--at", "0427-01-01"): "1949-10-01 to 2099-12-31",
        ("stats", "--at", "2500-01-01"): "1949-10-01 to 2099-12-31",
        ("file", PERSON_A, "--at", "1949-09-30"): "1949-10-01 to 2099-12-31",
        ("revoke", "no-such-record", "--reason", "x"): "no record 'no-such-record'",
        ("decide", "obj-nope", "--uphold", "--reason", "x"): "no objection 'obj-nope'",
        ("fulfil", "demo-a1", "--on", "2020-01-01"): "before the decision",
    }
    for args, message in cases.items():
        result = loaded.run(*args, code=2)
        assert message in result.stderr, (args, result.stderr)


def test_commands_before_init_say_so(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from creditreg.cli.app import app

    result = CliRunner().invoke(
        app, ["--db", f"sqlite:///{tmp_path / 'x.db'}", "check", PERSON_A, "rail"]
    )
    assert result.exit_code == 2 and "creditreg init" in result.stderr


def test_verify_passes_then_names_the_tampered_entry(loaded: Cli, tmp_path: Path) -> None:
    assert loaded.json("verify")["ok"] is True
    if not loaded.url.startswith("sqlite"):
        return  # tampering on PostgreSQL is covered by tests/log
    with sqlite3.connect(tmp_path / "registry.db") as db:
        db.execute(
            "UPDATE events SET body = replace(body, 'rail.smoking', 'rail.smokinG') WHERE seq = 2"
        )
    result = loaded.run("verify", "--json", code=1)
    assert '"first_bad_seq": 2' in result.stdout


def test_rulebook_validate_and_show(cli: Cli, tmp_path: Path) -> None:
    from creditreg.rulebook.loader import default_rulebook

    good = tmp_path / "good.yaml"
    good.write_text(default_rulebook().text, encoding="utf-8")
    assert cli.json("rulebook", "validate", str(good))["valid"] is True
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        default_rulebook().text.replace("joins: court_dishonest", "joins: court_dishonst")
    )
    result = cli.run("rulebook", "validate", str(bad), code=1)
    assert "bad.yaml:" in result.stderr and "unknown list 'court_dishonst'" in result.stderr
    shown = cli.json("rulebook", "show")
    assert shown["rulebook"] == "cn-default" and "rail.smoking" in shown["record_types"]


def test_the_installed_command_runs(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("creditreg")
    env = {
        "CREDITREG_DB": f"sqlite:///{tmp_path / 'r.db'}",
        "CREDITREG_KEYS": str(tmp_path / "keys"),
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run([exe, "init"], check=True, env=env, capture_output=True)
    done = subprocess.run(
        [exe, "check", PERSON_A, "rail", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"allowed": true' in done.stdout


def test_erase_removes_personal_data_and_verify_still_passes(loaded: Cli, tmp_path: Path) -> None:
    loaded.ingest_rows(
        tmp_path / "old.csv",
        f"old-1,{PERSON_A},张伟,finance.loan_default,court.sd-rongcheng,(2012)-1,2012-03-01",
    )
    loaded.run("revoke", "old-1", "--reason", "Annulled", "--on", "2013-04-01")
    assert loaded.json("erase", "--on", "2018-03-31", "--dry-run")["records"] == []
    due = loaded.json("erase", "--on", "2018-04-01", "--dry-run")
    assert [r["record_id"] for r in due["records"]] == ["old-1"]
    done = loaded.json("erase")
    assert (done["events_appended"], done["rows_erased"]) == (1, 2)  # the record and the revocation
    assert loaded.json("verify")["ok"] is True
    assert loaded.json("erase")["records"] == []
    record = next(r for r in loaded.json("file", PERSON_A)["records"] if r["record_id"] == "old-1")
    assert record["status"] == "revoked"  # erasure changes no state
    future = loaded.run("erase", "--on", "2099-01-01", code=2)
    assert "cannot be undone" in future.stderr


def test_keys_live_beside_the_database_whatever_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from creditreg.cli.app import app

    monkeypatch.delenv("CREDITREG_KEYS")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    db = ["--db", f"sqlite:///{tmp_path / 'reg.db'}"]
    runner = CliRunner()
    assert runner.invoke(app, [*db, "init"]).exit_code == 0
    assert (tmp_path / "reg-keys").is_dir()
    assert not list(elsewhere.iterdir())  # nothing written to the working directory
    assert runner.invoke(app, [*db, "ingest", str(SAMPLE)]).exit_code == 0
    assert runner.invoke(app, [*db, "verify"]).exit_code == 0


def test_verify_refuses_to_skip_signatures_and_takes_an_auditors_keys(
    loaded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pem = tmp_path / "log.pem"
    pem.write_text(loaded.run("log", "public-key", "--all").stdout, encoding="ascii")
    monkeypatch.setenv("CREDITREG_KEYS", str(tmp_path / "no-keys-here"))
    refused = loaded.run("verify", code=2)
    assert "no public keys to check the signed heads with" in refused.stderr
    assert loaded.json("verify", "--public-key", str(pem))["ok"] is True


def test_commands_before_init_leave_no_database_behind(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from creditreg.cli.app import app

    for args in (["verify"], ["file", PERSON_A], ["log", "head"], ["erase", "--dry-run"]):
        result = CliRunner().invoke(app, ["--db", f"sqlite:///{tmp_path / 'x.db'}", *args])
        assert result.exit_code == 2, (args, result.stdout, result.stderr)
        assert "creditreg init" in result.stderr
    assert not (tmp_path / "x.db").exists()


def test_backdated_or_future_due_process_is_refused(loaded: Cli) -> None:
    loaded.run("fulfil", "demo-a1", "--on", "2026-11-01")
    again = loaded.run("fulfil", "demo-a1", "--on", "2026-10-01", code=2)
    assert "already fulfilled on 2026-11-01" in again.stderr
    loaded.json("object", "demo-e3", "--grounds", "x", "--on", "2026-06-01")
    second = loaded.run("object", "demo-e3", "--grounds", "y", "--on", "2026-05-01", code=2)
    assert "is still open" in second.stderr
    loaded.run("extend", "demo-f2", "--years", "2", "--on", "2026-01-01")
    more = loaded.run("extend", "demo-f2", "--years", "2", "--on", "2025-12-01", code=2)
    assert "1-3 years in total" in more.stderr
    loaded.run("repair", "demo-c2", "--on", "2026-06-02")
    assert (
        "already repaired" in loaded.run("repair", "demo-c2", "--on", "2026-07-01", code=2).stderr
    )
    assert (
        "in the future"
        in loaded.run("revoke", "demo-b1", "--reason", "x", "--on", "2099-01-01", code=2).stderr
    )


def test_extending_a_term_that_has_ended_is_refused(loaded: Cli, tmp_path: Path) -> None:
    loaded.ingest_rows(
        tmp_path / "old.csv",
        f"old-2,{PERSON_A},,court.debtor_evades,court.bj-chaoyang,(2020)-2,2020-01-01",
    )
    # Two years counted from 2 Jan 2020 end on 1 Jan 2022, the term's last day.
    ended = loaded.run("extend", "old-2", "--years", "3", "--on", "2022-01-02", code=2)
    assert "ended on 2022-01-01: nothing to extend" in ended.stderr
    loaded.run("extend", "old-2", "--years", "1", "--on", "2022-01-01")  # still in it
    more = loaded.run("extend", "old-2", "--years", "3", "--on", "2021-06-01", code=2)
    assert "1-3 years in total" in more.stderr


def test_verify_against_a_kept_head_catches_a_rewritten_tail(loaded: Cli, tmp_path: Path) -> None:
    if not loaded.url.startswith("sqlite"):
        return  # SQLite SQL below; tree tampering on both backends is in tests/transparency
    kept = tmp_path / "head.json"
    kept.write_text(loaded.run("log", "head", "--json").stdout, encoding="utf-8")
    with sqlite3.connect(tmp_path / "registry.db") as db:  # an attacker who also rebuilds the tree
        db.execute("DELETE FROM personal_data WHERE seq > 35")
        db.execute("DELETE FROM events WHERE seq > 35")
        for table in ("tree_heads", "tree_nodes", "tree_leaves"):
            db.execute(f"DELETE FROM {table}")
    from creditreg.log import connect
    from creditreg.transparency.extend import catch_up

    catch_up(connect(loaded.url))
    assert loaded.json("verify")["ok"] is True  # the registry alone cannot tell
    broken = loaded.run("verify", "--head", str(kept), "--json", code=1)
    assert "entries were removed" in broken.stdout


def test_a_subject_without_records_is_said_to_have_none(loaded: Cli) -> None:
    nobody = "11010519491231002X"
    data = loaded.json("check", nobody, "air", "--at", "2026-11-27")
    assert data["allowed"] is True
    assert data["notes"] == [f"no records about {nobody} as of 2026-11-27"]
    text = loaded.run("file", nobody, "--at", "2026-11-27").stdout
    assert f"note: no records about {nobody} as of 2026-11-27" in text
    assert loaded.json("check", PERSON_A, "air", "--at", "2026-11-27")["notes"] == []


def test_a_day_before_the_rulebook_took_effect_says_so(loaded: Cli) -> None:
    data = loaded.json("file", PERSON_A, "--at", "1990-01-01")
    (note,) = [n for n in data["notes"] if n.startswith("no rulebook")]
    assert "no rulebook was in force on 1990-01-01" in note and "2018-05-01" in note
    text = loaded.run("check", PERSON_A, "air", "--at", "1990-01-01").stdout
    assert "note: no rulebook was in force on 1990-01-01" in text


def test_times_are_china_standard_time_with_or_without_at(loaded: Cli) -> None:
    assert loaded.json("check", PERSON_A, "air")["at"].endswith("+08:00")
    assert loaded.json("file", PERSON_A, "--at", "2026-11-27T01:00:00Z")["at"] == (
        "2026-11-27T09:00:00+08:00"
    )


def test_a_mistyped_service_or_list_gets_a_suggestion(loaded: Cli) -> None:
    result = loaded.run("check", PERSON_A, "airr", code=2)
    assert "unknown service 'airr' (did you mean 'air'?)" in result.stderr
    result = loaded.run("publish", "court_dishonst", code=2)
    assert "did you mean 'court_dishonest'?" in result.stderr


def test_piped_file_tables_never_cut_a_reason_code(loaded: Cli) -> None:
    text = loaded.run("file", PERSON_A, "--at", "2026-11-27").stdout  # not a terminal
    rows = [line for line in text.splitlines() if "COURT_DISHONEST" in line]
    assert rows and all("COURT_DISHONEST_UNTIL_PERFORMED" in row for row in rows)
    assert "…" not in text


def test_the_first_day_answered_is_the_first_a_record_may_be_decided_on() -> None:
    from creditreg.ingest.values import EARLIEST
    from creditreg.service.moments import FIRST_DAY

    assert FIRST_DAY == EARLIEST
