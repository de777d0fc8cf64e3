"""The API on real databases: an in-process client per backend, and real uvicorn servers.

``api`` is a registry (SQLite, and PostgreSQL when configured) loaded with the demo's
sample records, with a token for every role, behind FastAPI's test client. ``serve``
starts ``creditreg serve`` in a subprocess on a free port, for what only a real server
shows: several workers, schemathesis over HTTP, the JSON logs.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from creditreg.access.roles import Role
from creditreg.access.tokens import TokenStore
from creditreg.ingest.pipeline import ingest_files
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.server import create_app
from creditreg.web.settings import Settings

SAMPLE = Path(str(resources.files("creditreg.demo").joinpath("sample.csv")))
PERSON_A = "110105198503120418"  # court list (demo-a1), rail ban (demo-a2), loan default
PERSON_B = "371082199007150029"  # commended: nothing restricted
TODAY = date(2026, 11, 27)

ROLE_TOKENS: dict[str, dict[str, Any]] = {
    "agency": {"role": Role.AGENCY, "authority": "court.bj-chaoyang"},
    "rail_agency": {"role": Role.AGENCY, "authority": "rail.cr-beijing"},
    "checkpoint": {"role": Role.CHECKPOINT, "services": ("rail", "air")},
    "hotel": {"role": Role.CHECKPOINT, "services": ("star_hotel",)},
    "subject": {"role": Role.SUBJECT, "subject_id": PERSON_A},
    "other_subject": {"role": Role.SUBJECT, "subject_id": PERSON_B},
    "reviewer": {"role": Role.REVIEWER},
    "auditor": {"role": Role.AUDITOR},
    "admin": {"role": Role.ADMIN},
}


def loaded_registry(url: str) -> Registry:
    registry = Registry.open(url, create=True)
    registry.init(default_rulebook())
    summary = ingest_files(
        [SAMPLE], registry.writer, registry.rulebook, reader=registry.reader, today=TODAY
    )
    assert summary.rejected == 0
    return registry


def make_tokens(registry: Registry) -> dict[str, str]:
    store = TokenStore(registry.engine)
    tokens = {}
    for name, spec in ROLE_TOKENS.items():
        binding = {k: v for k, v in spec.items() if k != "role"}
        _, tokens[name] = store.create(spec["role"], f"test {name}", **binding)
    return tokens


@dataclass
class Api:
    url: str
    client: TestClient
    registry: Registry
    tokens: dict[str, str] = field(default_factory=dict)

    def call(
        self, method: str, path: str, role: str | None = None, **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if role is not None:
            headers["Authorization"] = f"Bearer {self.tokens.get(role, role)}"
        return self.client.request(method, path, headers=headers, **kwargs)

    def log_size(self) -> int:
        return self.registry.reader.head()[0]

    def access_count(self) -> int:
        with self.registry.engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM access_log").scalar_one())


def _url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'registry.db'}"
    new: Callable[[], str] = request.getfixturevalue("postgres_urls")
    return new()


@pytest.fixture(params=["sqlite", "postgres"])
def api(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Api]:
    url = _url(request, tmp_path)
    registry = loaded_registry(url)
    tokens = make_tokens(registry)
    app = create_app(Settings(db=url, max_body_bytes=64 * 1024, max_batch=100))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(url, client, registry, tokens)
    registry.engine.dispose()


def _sqlite_api(directory: Path) -> Iterator[Api]:
    url = f"sqlite:///{directory / 'registry.db'}"
    registry = loaded_registry(url)
    tokens = make_tokens(registry)
    app = create_app(Settings(db=url, max_body_bytes=64 * 1024, max_batch=100))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Api(url, client, registry, tokens)
    registry.engine.dispose()


@pytest.fixture
def sqlite_api(tmp_path: Path) -> Iterator[Api]:
    """The API on SQLite only, for tests about HTTP rather than storage."""
    yield from _sqlite_api(tmp_path)


@pytest.fixture(scope="module")
def shared_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    """One SQLite API for a whole module of tests that change nothing they assert on."""
    yield from _sqlite_api(tmp_path_factory.mktemp("shared"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def logs(self) -> list[str]:
        return self.log_path.read_text().splitlines()


def start_server(
    url: str, tmp_path: Path, workers: int = 1, wait: float = 180, **env: str
) -> Server:
    port = free_port()
    log_path = tmp_path / f"server-{port}.log"
    command = [sys.executable, "-m", "creditreg.cli", "--db", url, "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    environment = {**os.environ, **env}
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=environment)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log_path.read_text()}")
        try:
            if httpx.get(base + "/livez", timeout=1).status_code == 200:
                return Server(base, process, log_path)
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not start: {log_path.read_text()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()


@contextmanager
def serving_sample(
    directory: Path, workers: int = 1, **env: str
) -> Iterator[tuple[Server, dict[str, str]]]:
    """A real ``creditreg serve`` on an SQLite registry holding the sample, its keys in
    ``directory`` (module-scoped fixtures outlive the per-test key directory), and a
    token per role of ``ROLE_TOKENS``."""
    url = f"sqlite:///{directory / 'registry.db'}"
    keys = str(directory / "signing-keys")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CREDITREG_KEYS", keys)
        registry = loaded_registry(url)
        tokens = make_tokens(registry)
        registry.engine.dispose()
    server = start_server(url, directory, workers, CREDITREG_KEYS=keys, **env)
    try:
        yield server, tokens
    finally:
        stop_server(server)
