"""``creditreg notices``, ``webhook`` and ``contact`` on the real app and databases."""

from __future__ import annotations

from pathlib import Path

from stdnum.cn import ric

from tests.cli.conftest import COMPANY_C, PERSON_A, Cli
from tests.notices.receivers import Receiver, Taken

SECRET = "cli-secret-0123456789"


def test_a_subjects_notices_and_one_delivery_pass(loaded: Cli) -> None:
    notices = loaded.json("notices", PERSON_A)
    assert {n["record_id"] for n in notices} == {"demo-a1", "demo-a2"}  # not the points one
    assert all(n["subject_id"] == PERSON_A for n in notices)
    assert all(set(n["text"]) == {"zh-CN", "en"} for n in notices)
    taken = Taken(SECRET)
    receiver = Receiver(taken)
    try:
        hook = loaded.json("webhook", "add", receiver.url, "--secret", SECRET)
        assert [h["webhook_id"] for h in loaded.json("webhook", "list")] == [hook["webhook_id"]]
        loaded.run("fulfil", "demo-a1", "--on", "2026-11-01")
        report = loaded.json("notices", "deliver")
    finally:
        receiver.stop()
    assert report == {"planned": 1, "delivered": 1, "failed": 0, "failures": []}
    [body] = taken.bodies.values()
    assert body["kind"] == "record.fulfilled" and body["subject_id"] == PERSON_A
    log = loaded.json("notices", PERSON_A, "--log", body["notice_id"])
    assert [a["ok"] for a in log] == [True]


def test_bad_channels_are_refused_with_a_reason(cli: Cli) -> None:
    result = cli.run("webhook", "add", "ftp://x", "--secret", SECRET, code=2)
    assert "http(s)" in result.stderr
    result = cli.run("contact", "set", COMPANY_C, "--email", "not an address", code=2)
    assert "e-mail" in result.stderr
    cli.run("notices", "12345", code=2)  # not a subject id


def test_erase_takes_the_email_address_with_the_last_name(loaded: Cli, tmp_path: Path) -> None:
    body = "11010519700101001"
    subject = body + ric.calc_check_digit(body + "0")
    loaded.ingest_rows(
        tmp_path / "old.csv",
        f"old-9,{subject},李四,finance.loan_default,court.bj-chaoyang,(2012)-9,2012-03-01",
    )
    loaded.run("contact", "set", subject, "--email", "li.si@example.cn")
    loaded.run("contact", "set", PERSON_A, "--email", "zhang.wei@example.cn")
    loaded.run("revoke", "old-9", "--reason", "Annulled", "--on", "2013-04-01")
    done = loaded.json("erase")
    assert [r["record_id"] for r in done["records"]] == ["old-9"]
    assert done["contacts_erased"] == 1  # PERSON_A still has names stored: kept
    assert "no contact stored" in loaded.run("contact", "forget", subject).stdout
    assert "contact erased" in loaded.run("contact", "forget", PERSON_A).stdout
