"""``creditreg authority add|list|import|retire`` on each real backend."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from creditreg.timeparse import legal_date, now

from .conftest import PERSON_A, Cli


def test_add_then_list(cli: Cli) -> None:
    added = cli.json(
        "authority", "add", "court.sd-weihai", "--name", "威海市中级人民法院",
        "--kind", "court", "--region", "3710", "--parent", "court.sd-higher",
        "--name-en", "Weihai Intermediate People's Court",
    )  # fmt: skip
    assert added["parent"] == "court.sd-higher"
    listed = {a["id"]: a for a in cli.json("authority", "list")["authorities"]}
    assert len(listed) == 107
    assert listed["court.sd-weihai"]["name_en"] == "Weihai Intermediate People's Court"
    assert "court.sd-weihai" in cli.run("authority", "list").stdout


def test_add_refuses_with_the_field_at_fault(cli: Cli) -> None:
    base = ["authority", "add", "court.x", "--name", "某法院", "--kind", "court"]
    cases = {
        "duplicate id": ["authority", "add", "court.spc", "--name", "x", "--kind", "court",
                         "--region", ""],
        "unknown kind 'airline'": [*base[:-1], "airline", "--region", "37"],
        "2, 4 or 6 digits": [*base, "--region", "371"],
        "not a known administrative division": [*base, "--region", "3799"],
        "unknown parent": [*base, "--region", "37", "--parent", "court.nowhere"],
    }  # fmt: skip
    for says, args in cases.items():
        result = cli.run(*args, code=2)
        assert says in result.stderr, (says, result.stderr)
    assert len(cli.json("authority", "list")["authorities"]) == 106


def test_import_keeps_good_rows_and_exits_1_on_bad_ones(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "more.csv"
    path.write_text(
        "id,name,kind,region,parent\n"
        "court.sd-weihai,威海市中级人民法院,court,3710,court.sd-higher\n"
        "court.sd-weihai,威海市中级人民法院,court,3710,\n",
        encoding="utf-8",
    )
    summary = cli.json("authority", "import", str(path), code=1)
    assert (summary["read"], summary["added"], summary["rejected"]) == (2, 1, 1)
    assert summary["rejects"][0]["line"] == 3
    text = cli.run("authority", "import", str(path), code=1)
    assert f"{path}:2: id: duplicate id" in text.stderr


def test_retire_stops_new_records_only(cli: Cli, tmp_path: Path) -> None:
    today = legal_date(now())
    decided = today - timedelta(days=30)  # past its 7-working-day publicity window
    row = f"{PERSON_A},rail.smoking,rail.cr-beijing,京铁公罚{{}},{decided}\n"
    path = tmp_path / "a.csv"
    path.write_text("subject_id,type,authority,decision_ref,decided_at\n" + row.format(1))
    cli.run("ingest", str(path))
    retired = cli.json("authority", "retire", "rail.cr-beijing")
    assert retired["retired_on"] == today.isoformat()
    path.write_text("subject_id,type,authority,decision_ref,decided_at\n" + row.format(2))
    result = cli.run("ingest", str(path), code=1)
    assert "was retired on" in result.stderr
    check = cli.json("check", PERSON_A, "rail")
    assert check["allowed"] is False  # the first record stays in force
    assert "no authority 'court.nowhere'" in cli.run("authority", "retire", "court.nowhere",
                                                     code=2).stderr  # fmt: skip
