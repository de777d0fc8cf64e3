"""``creditreg demo``: the sample, its three subjects and a synthetic crowd, then a server.

``--no-serve`` prints the tour and stops (CliRunner, in process); serving is tested on a
real ``creditreg demo`` subprocess on a free port, stopped with Ctrl-C (SIGINT).
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from typer.testing import CliRunner

from creditreg.cli.app import app
from creditreg.cli.demo import FEATURED, LOGINS
from creditreg.cli.demo_story import ANCHOR, shifted
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.timeparse import legal_date, now
from tests.api.conftest import free_port
from tests.cli.conftest import SAMPLE

TODAY = legal_date(now())
TOUR = [
    "check air: DENIED — COURT_DISHONEST_UNTIL_PERFORMED until performed",
    # Until the first day without (Civil Code Art. 201: the start day is not counted).
    f"check deposit_waiver: allowed — REDLIST_AAA until {shifted(date(2028, 3, 2), TODAY)}",
    f"check public_procurement: DENIED — TAX_DISHONEST_3Y until {shifted(date(2029, 4, 2), TODAY)}",
]
"""The demo's story is written for ANCHOR and told on the day it is built."""


def _demo(*args: str, code: int = 0) -> Any:
    result = CliRunner().invoke(app, ["demo", *args], catch_exceptions=False)
    assert result.exit_code == code, (result.stdout, result.stderr)
    return result


def _logins(stdout: str) -> dict[str, str]:
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("logins"))
    rows = [line.split() for line in lines[start + 1 :] if line.startswith("  ")]
    return {row[0]: row[1] for row in rows if row and row[0] in LOGINS}


def test_the_sample_covers_every_record_type() -> None:
    header, *rows = SAMPLE.read_text(encoding="utf-8").splitlines()
    column = header.split(",").index("type")
    types = {row.split(",")[column] for row in rows}
    assert types == set(default_rulebook().rulebook.record_types)


def test_demo_builds_the_full_population_shows_the_tour_and_logins(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = _demo("--no-serve", "--path", str(path))
    out = result.stdout
    assert "ingested the sample: 37 records" in out
    assert "(creditreg synth --persons 100000 --orgs 5000 --seed 2026)" in out
    for line in TOUR:
        assert line in out
    assert f"built {path} in " in out
    registry = Registry.open(f"sqlite:///{path}")
    for subject_id in {row.split(",")[1] for row in SAMPLE.read_text().splitlines()[1:]}:
        records = registry.state(subject_id, TODAY).records
        assert all(r.record_id.startswith("demo-") for r in records)  # the crowd is apart
    registry.engine.dispose()
    logins = _logins(out)
    assert sorted(logins) == sorted(LOGINS)
    assert all(token.startswith("crg_") for token in logins.values())

    again = _demo("--no-serve", "--path", str(path))
    assert f"reusing {path}" in again.stdout  # same settings: not rebuilt
    for line in TOUR:
        assert line in again.stdout
    fresh = _logins(again.stdout)
    assert not set(fresh.values()) & set(logins.values())  # new logins; the old ones revoked
    tokens = json.loads(
        CliRunner().invoke(app, ["--db", f"sqlite:///{path}", "token", "list", "--json"]).stdout
    )["tokens"]
    working = [t for t in tokens if t["revoked_at"] is None]
    assert sorted(t["name"].rpartition(" ")[2] for t in working) == sorted(LOGINS)
    subject = next(t for t in working if t["role"] == "subject")
    assert subject["subject_id"] == FEATURED


def test_demo_rebuilds_when_the_settings_change_or_asked(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    small = ("--no-serve", "--path", str(path), "--persons", "300", "--orgs", "30")
    assert "ingested the sample: 37 records" in _demo(*small).stdout
    assert "reusing" in _demo(*small).stdout
    assert "ingested the sample: 37 records" in _demo(*small, "--fresh").stdout
    other = _demo("--no-serve", "--path", str(path), "--persons", "400", "--orgs", "30").stdout
    assert "(creditreg synth --persons 400 --orgs 30 --seed 2026)" in other
    for line in TOUR:
        assert line in other


def test_demo_json_says_what_it_built(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    args = ("--no-serve", "--path", str(path), "--persons", "300", "--orgs", "30", "--json")
    data = json.loads(_demo(*args).stdout)
    assert data["reused"] is False and data["log_size"] > 37
    assert sorted(data["logins"]) == sorted(LOGINS) and "url" not in data
    assert json.loads(_demo(*args).stdout)["reused"] is True


def test_demo_refuses_a_port_in_use_before_building(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = _demo("--path", str(tmp_path / "demo.db"), "--port", str(port), code=2)
    assert "pick another --port" in result.stderr
    assert not (tmp_path / "demo.db").exists()


def _first_json(process: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    """The JSON document ``demo --json`` prints before it serves."""
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.rstrip() == "}":
            return dict(json.loads("".join(lines)))
    raise AssertionError(f"no JSON from demo: {''.join(lines)}")


def test_demo_serves_the_api_with_its_logins_until_interrupted(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "creditreg.cli", "demo", "--path", str(tmp_path / "d.db")]
    command += ["--persons", "300", "--orgs", "30", "--port", str(port), "--json"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        data = _first_json(process, timeout=120)
        base = f"http://127.0.0.1:{port}"
        assert data["url"] == base and data["console"] == f"{base}/console/"
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/livez", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the demo server did not come up"
                time.sleep(0.2)

        def get(path: str, role: str) -> httpx.Response:
            headers = {"Authorization": f"Bearer {data['logins'][role]}"}
            return httpx.get(base + path, headers=headers, timeout=10)

        check = get(f"/v1/checks?subject={FEATURED}&service=air", "checkpoint")
        assert check.status_code == 200 and check.json()["allowed"] is False
        assert get(f"/v1/subjects/{FEATURED}", "subject").json()["subject_id"] == FEATURED
        assert get("/v1/subjects/371082199007150029", "subject").status_code == 403
        assert get("/v1/objections", "reviewer").status_code == 200
        assert get("/v1/stats", "auditor").status_code == 200
        assert get("/v1/tokens", "admin").status_code == 200
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0


def test_the_demo_tells_the_anchor_days_story_on_the_day_it_is_built(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    _demo("--no-serve", "--path", str(path), "--persons", "300", "--orgs", "30")
    registry = Registry.open(f"sqlite:///{path}")
    state = registry.state(FEATURED, TODAY)
    rail = next(entry for entry in state.lists if entry.list == "rail_restricted")
    assert rail.status == "publicity"  # as on ANCHOR: decided a week before
    assert rail.since == shifted(date(2026, 11, 20), TODAY)
    queue = [event for event in registry.reader.open_objections() if event.record_id == "demo-c2"]
    registry.engine.dispose()
    (objection,) = queue
    assert (TODAY - objection.on).days == 3  # waiting for review, not overdue on day one
    assert shifted(ANCHOR, TODAY) == TODAY
