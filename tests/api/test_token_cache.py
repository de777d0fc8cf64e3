"""A running server trusts a checked token for ``CREDITREG_TOKEN_CACHE_SECONDS`` (a busy
checkpoint would otherwise read ``api_tokens`` on every check): a token revoked from
elsewhere (``creditreg token revoke``, another worker) is refused once that bound has
passed, and at once when revoked through the server's own store."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from creditreg.access.roles import Role
from creditreg.access.tokens import TokenInfo, TokenStore
from creditreg.server import create_app
from creditreg.web.settings import Settings
from tests.api.conftest import PERSON_A, loaded_registry

PARAMS = {"subject": PERSON_A, "service": "rail", "at": "2026-12-15"}
BOUND = 0.5


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, TokenStore]]:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    registry = loaded_registry(url)
    app = create_app(Settings(db=url, token_cache_seconds=BOUND))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, TokenStore(registry.engine)  # the command line's store, not the server's
    registry.engine.dispose()


def _check(client: TestClient, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    status: int = client.get("/v1/checks", params=PARAMS, headers=headers).status_code
    return status


def test_a_token_revoked_elsewhere_is_refused_within_the_bound(
    served: tuple[TestClient, TokenStore],
) -> None:
    client, elsewhere = served
    info, token = elsewhere.create(Role.CHECKPOINT, "gate", services=("rail",))
    assert _check(client, token) == 200  # checked once, now trusted for BOUND seconds
    elsewhere.revoke(info.token_id)
    revoked = time.monotonic()
    while _check(client, token) == 200:
        assert time.monotonic() - revoked < BOUND + 0.5, "still accepted past the bound"
        time.sleep(0.05)
    assert _check(client, token) == 401


def test_a_token_revoked_through_the_server_is_refused_at_once(
    served: tuple[TestClient, TokenStore],
) -> None:
    client, elsewhere = served
    info, token = elsewhere.create(Role.CHECKPOINT, "gate", services=("rail",))
    assert _check(client, token) == 200
    client.app.state.context.tokens.revoke(info.token_id)  # type: ignore[attr-defined]
    assert _check(client, token) == 401


def test_concurrent_misses_read_the_token_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The thread pool's checks of one token, all missing the cache at once, read
    ``api_tokens`` once: the others wait for that answer."""
    registry = loaded_registry(f"sqlite:///{tmp_path / 'registry.db'}")
    store = TokenStore(registry.engine, cache_seconds=BOUND)
    token = store.create(Role.CHECKPOINT, "gate", services=("rail",))[1]
    read, reads = TokenStore._read, []  # the one read of the table this test counts

    def slow(self: TokenStore, token_id: str) -> tuple[TokenInfo, str]:
        reads.append(token_id)
        time.sleep(0.05)  # the window in which the other threads arrive
        return read(self, token_id)

    monkeypatch.setattr(TokenStore, "_read", slow)
    start = threading.Barrier(8)

    def check() -> None:
        start.wait()
        store.authenticate(token)

    threads = [threading.Thread(target=check) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(reads) == 1
    registry.engine.dispose()
