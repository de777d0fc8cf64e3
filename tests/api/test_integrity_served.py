"""Tampering behind a running ``creditreg serve`` (issue 10, finding 4): never a wrong answer.

Each of the five tamper kinds of the log tests is done in the SQLite file of a real
server (uvicorn in a subprocess), its auditor running every half second. Each must end
the same way: checks of the affected subject answer ``503 /problems/integrity`` naming
the entry, writes are refused and sign nothing, ``/healthz`` fails saying why, and the
server log names the entry. And the court-listed subject whose air check flipped from
DENIED to ALLOWED in the probe is refused instead, also after a restart.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from creditreg.db.projection_tables import projections
from creditreg.registry import Registry
from tests.transparency.tampering import COMMENDED, COURT, TAMPERS, change_body, seq_of

from .conftest import PERSON_A, PERSON_B, Server, serving_sample, start_server, stop_server

RECORD = {
    "subject_id": PERSON_B,
    "type": "court.debtor_evades",
    "authority": "court.bj-chaoyang",
    "decision_ref": "(2026)京0105执9001号",
    "decided_at": "2026-10-01",
}


def _call(server: Server, tokens: dict[str, str], role: str) -> httpx.Client:
    headers = {"Authorization": f"Bearer {tokens[role]}"}
    return httpx.Client(base_url=server.base, headers=headers, timeout=30)


def _check(client: httpx.Client, subject: str, at: str = "2026-11-27") -> httpx.Response:
    return client.get("/v1/checks", params={"subject": subject, "service": "air", "at": at})


def _until(condition: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the server never noticed"
        time.sleep(0.1)


def _failing(server: Server) -> bool:
    return httpx.get(server.base + "/healthz", timeout=10).status_code == 503


def _log_size(url: str) -> tuple[int, int]:
    registry = Registry.open(url)
    try:
        with registry.engine.connect() as conn:
            events = conn.exec_driver_sql("SELECT count(*) FROM events").scalar_one()
            heads = conn.exec_driver_sql("SELECT count(*) FROM tree_heads").scalar_one()
        return int(events), int(heads)
    finally:
        registry.engine.dispose()


def assert_refuses(server: Server, tokens: dict[str, str], index: int | None) -> None:
    """Checks, writes and readiness all say ``integrity``; the log names the entry."""
    url = f"sqlite:///{server.log_path.parent / 'registry.db'}"
    before = _log_size(url)
    with (
        _call(server, tokens, "checkpoint") as checkpoint,
        _call(server, tokens, "agency") as agency,
    ):
        for subject in (PERSON_A, PERSON_B):
            refused = _check(checkpoint, subject)
            assert refused.status_code == 503, refused.text
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["type"] == "/problems/integrity"
            assert refused.json()["leaf_index"] == index
        write = agency.post("/v1/records", json=RECORD)
        assert (write.status_code, write.json()["type"]) == (503, "/problems/integrity")
    health = httpx.get(server.base + "/healthz", timeout=10)
    assert health.status_code == 503
    assert (health.json()["reason"], health.json()["leaf_index"]) == ("integrity", index)
    assert _log_size(url) == before  # nothing appended, nothing signed
    lines = [json.loads(line) for line in server.logs() if line.startswith("{")]
    alarms = [line for line in lines if line["logger"] == "creditreg.integrity"]
    assert alarms and alarms[0]["level"] == "error"
    if index is not None:
        assert f"leaf {index} (seq {index + 1})" in alarms[0]["message"]


@pytest.mark.parametrize("kind", list(TAMPERS))
def test_each_tamper_kind_behind_a_running_server(tmp_path: Path, kind: str) -> None:
    with serving_sample(tmp_path, CREDITREG_AUDIT_SECONDS="0.5") as (server, tokens):
        with _call(server, tokens, "checkpoint") as checkpoint:
            assert _check(checkpoint, PERSON_A).json()["allowed"] is False
        assert httpx.get(server.base + "/healthz", timeout=10).status_code == 200
        registry = Registry.open(f"sqlite:///{tmp_path / 'registry.db'}")
        index = TAMPERS[kind](registry)
        registry.engine.dispose()
        _until(lambda: _failing(server))
        found = httpx.get(server.base + "/healthz", timeout=10).json()["leaf_index"]
        if kind == "changed signed head":  # the leaves before it agree; the head does not
            assert "signed head" in httpx.get(server.base + "/healthz").json()["detail"]
            index = found
        assert_refuses(server, tokens, index)


def test_a_court_listed_subject_stays_denied_or_refused_also_after_a_restart(
    tmp_path: Path,
) -> None:
    """The probe's finding 4: air DENIED → ALLOWED after one body byte, kept after restart.
    Here the auditor runs only at startup, so the read itself must catch the change."""
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    keys = str(tmp_path / "signing-keys")
    with serving_sample(tmp_path, CREDITREG_AUDIT_SECONDS="3600") as (server, tokens):
        with _call(server, tokens, "checkpoint") as checkpoint:
            assert _check(checkpoint, PERSON_A).json()["allowed"] is False
            registry = Registry.open(url)
            seq = seq_of(registry, "demo-a1")
            change_body(registry, seq, COURT, COMMENDED)
            cached = _check(checkpoint, PERSON_A)  # the row derived before the change
            assert (cached.status_code, cached.json()["allowed"]) == (200, False)
            with registry.engine.begin() as conn:  # without rows, a check reads the events
                conn.execute(projections.delete())
            registry.engine.dispose()
            refused = _check(checkpoint, PERSON_A, at="2026-11-28")  # read: the change shows
            assert (refused.status_code, refused.json()["leaf_index"]) == (503, seq - 1)
        assert_refuses(server, tokens, seq - 1)
    restarted = start_server(url, tmp_path, CREDITREG_KEYS=keys, CREDITREG_AUDIT_SECONDS="3600")
    try:
        _until(lambda: _failing(restarted))  # the startup round finds it by itself
        assert_refuses(restarted, tokens, seq - 1)
    finally:
        stop_server(restarted)
