"""Real ``creditreg serve`` processes: several workers, parallel agencies, logs and metrics."""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from stdnum.cn import ric

from creditreg.access.roles import Role
from creditreg.access.tokens import TokenStore
from creditreg.log import verify
from creditreg.registry import Registry

from .conftest import PERSON_A, Server, loaded_registry, start_server, stop_server


def person(n: int) -> str:
    born = date(1960, 1, 1) + timedelta(days=n)
    first17 = f"110105{born:%Y%m%d}{n % 1000:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")  # stdnum wants a full-length number


def record(n: int) -> dict[str, str]:
    return {
        "subject_id": person(n),
        "type": "finance.judgment_debt",
        "authority": "court.bj-chaoyang",
        "decision_ref": f"(2026)京0105执{n}号",
        "decided_at": "2026-09-01",
    }


@pytest.fixture(params=["sqlite", "postgres"])
def two_workers(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Server, Registry, dict[str, str]]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.db'}"
    else:
        url = request.getfixturevalue("postgres_urls")()
    registry = loaded_registry(url)
    store = TokenStore(registry.engine)
    tokens = {
        "agency": store.create(Role.AGENCY, "court", authority="court.bj-chaoyang")[1],
        "checkpoint": store.create(Role.CHECKPOINT, "station", services=("rail",))[1],
    }
    server = start_server(url, tmp_path, workers=2)
    yield server, registry, tokens
    stop_server(server)
    registry.engine.dispose()


def test_parallel_agencies_with_overlapping_batches_lose_and_double_nothing(
    two_workers: tuple[Server, Registry, dict[str, str]],
) -> None:
    server, registry, tokens = two_workers
    size = registry.reader.head()[0]
    headers = {"Authorization": f"Bearer {tokens['agency']}"}
    batches = [[record(n) for n in range(start, start + 120)] for start in range(0, 480, 40)]

    def send(batch: list[dict[str, str]]) -> dict[str, int]:
        response = httpx.post(server.base + "/v1/records", json=batch, headers=headers, timeout=60)
        assert response.status_code == 200, response.text
        body = response.json()
        return {key: body[key] for key in ("accepted", "duplicates", "rejected")}

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(send, batches))
    distinct = {n for start in range(0, 480, 40) for n in range(start, start + 120)}
    assert sum(r["accepted"] for r in results) == len(distinct)
    assert sum(r["rejected"] for r in results) == 0
    assert sum(r["accepted"] + r["duplicates"] for r in results) == sum(map(len, batches))
    assert registry.reader.head()[0] == size + len(distinct)
    assert verify(registry.engine).ok


def test_structured_logs_and_metrics_across_workers(
    two_workers: tuple[Server, Registry, dict[str, str]],
) -> None:
    server, _, tokens = two_workers
    headers = {"Authorization": f"Bearer {tokens['checkpoint']}"}
    params = {"subject": PERSON_A, "service": "rail", "at": "2026-12-15"}
    for _ in range(6):
        assert (
            httpx.get(server.base + "/v1/checks", params=params, headers=headers).status_code == 200
        )
    assert httpx.get(server.base + "/v1/checks", params=params).status_code == 401
    metrics = httpx.get(server.base + "/metrics").text
    assert 'creditreg_decisions_total{outcome="denied",service="rail"} 6.0' in metrics
    assert 'method="GET",route="/v1/checks",status="200"} 6.0' in metrics
    assert (
        'creditreg_http_request_duration_seconds_bucket{le="0.5",method="GET",route="/v1/checks"}'
        in metrics
    )
    lines = [json.loads(line) for line in server.logs() if line.startswith("{")]
    requests = [line for line in lines if line.get("route") == "/v1/checks"]
    assert len(requests) >= 7
    assert {line["status"] for line in requests} == {200, 401}
    assert all(PERSON_A not in json.dumps(line) for line in lines)  # no identifiers in logs
