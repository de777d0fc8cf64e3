"""One worker's integrity failure stops every worker of ``serve --workers 2`` (issue 10).

Each worker keeps its own ``IntegrityAlarm``; before it was shared, a tamper found by
one worker left the other answering checks and saying ok on ``/healthz``. Here the
auditor runs only at startup, so nothing but the first worker's read finds the change:
the other must learn it through the alarm ``serve`` shares between them, log it, and
refuse every request on every connection from then on.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx

from creditreg.db.projection_tables import projections
from creditreg.registry import Registry
from tests.transparency.tampering import COMMENDED, COURT, change_body, seq_of

from .conftest import PERSON_A, PERSON_B, Server, serving_sample

WORKERS = 2
LEARNED_WITHIN = 20.0  # seconds; a worker looks at the shared alarm every second


def _lines(server: Server) -> list[dict[str, object]]:
    return [json.loads(line) for line in server.logs() if line.startswith("{")]


def _worker_pids(server: Server) -> set[object]:
    """The pids of the workers that finished starting (uvicorn says so in each)."""
    started = [line for line in _lines(server) if "startup complete" in str(line["message"])]
    return {line["pid"] for line in started}


def _alarmed_pids(server: Server) -> set[object]:
    lines = [line for line in _lines(server) if line["logger"] == "creditreg.integrity"]
    return {line["pid"] for line in lines if line["level"] == "error"}


def _until(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def test_a_tamper_one_worker_finds_makes_every_worker_refuse(tmp_path: Path) -> None:
    with serving_sample(tmp_path, WORKERS, CREDITREG_AUDIT_SECONDS="3600") as (server, tokens):
        _until(lambda: len(_worker_pids(server)) == WORKERS, 120, "the workers never started")
        workers = _worker_pids(server)
        checkpoint = {"Authorization": f"Bearer {tokens['checkpoint']}"}
        params = {"subject": PERSON_A, "service": "air", "at": "2026-11-27"}
        honest = httpx.get(server.base + "/v1/checks", params=params, headers=checkpoint)
        assert (honest.status_code, honest.json()["allowed"]) == (200, False)
        registry = Registry.open(f"sqlite:///{tmp_path / 'registry.db'}")
        seq = seq_of(registry, "demo-a1")
        change_body(registry, seq, COURT, COMMENDED)
        with registry.engine.begin() as conn:  # without rows, a check reads the events
            conn.execute(projections.delete())
        registry.engine.dispose()
        params["at"] = "2026-11-28"  # not cached: read, and refused by whichever worker
        refused = httpx.get(server.base + "/v1/checks", params=params, headers=checkpoint)
        assert (refused.status_code, refused.json()["leaf_index"]) == (503, seq - 1)

        _until(lambda: _alarmed_pids(server) == workers, LEARNED_WITHIN, "a worker never learned")
        other = {"subject": PERSON_B, "service": "rail", "at": "2026-11-27"}  # intact events
        for _ in range(20):  # a fresh connection each: both workers take some of them
            answer = httpx.get(server.base + "/v1/checks", params=other, headers=checkpoint)
            assert (answer.status_code, answer.json()["type"]) == (503, "/problems/integrity")
            assert answer.json()["leaf_index"] == seq - 1
            health = httpx.get(server.base + "/healthz")
            assert (health.status_code, health.json()["reason"]) == (503, "integrity")
