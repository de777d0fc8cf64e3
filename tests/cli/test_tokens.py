"""``creditreg token create|list|revoke``: tokens the API accepts until they are revoked."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from creditreg.access.tokens import BadToken, TokenStore
from creditreg.registry import Registry

from .conftest import Cli


def test_created_token_works_and_is_stored_hashed(cli: Cli) -> None:
    made = cli.json(
        "token", "create", "--role", "checkpoint", "--name", "South", "--service", "rail"
    )
    token = made["token"]
    assert token.startswith("crg_") and made["services"] == ["rail"]
    registry = Registry.open(cli.url)
    principal = TokenStore(registry.engine).authenticate(token)
    assert principal.services == frozenset({"rail"})
    with registry.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT secret_hash FROM api_tokens").scalar_one()
    assert token.split("_")[-1] not in stored and len(stored) == 64
    listed = cli.json("token", "list")["tokens"]
    assert [t["token"] for t in listed] == [None]  # never shown again
    registry.engine.dispose()


def test_revoked_token_is_refused(cli: Cli) -> None:
    made = cli.json("token", "create", "--role", "auditor", "--name", "audit office")
    revoked = cli.json("token", "revoke", made["token_id"])
    assert revoked["revoked_at"] is not None
    registry = Registry.open(cli.url)
    with pytest.raises(BadToken, match="revoked"):
        TokenStore(registry.engine, cache_seconds=0).authenticate(made["token"])
    registry.engine.dispose()


def test_expired_token_is_refused(cli: Cli) -> None:
    made = cli.json("token", "create", "--role", "admin", "--name", "a", "--expires", "2999-01-01")
    registry = Registry.open(cli.url)
    store = TokenStore(registry.engine)
    with pytest.raises(BadToken, match="expired"):
        store.authenticate(made["token"], datetime.fromisoformat("2999-06-01T00:00:00+08:00"))
    assert store.authenticate(made["token"], datetime.fromisoformat("2998-06-01T00:00:00+08:00"))
    registry.engine.dispose()


def test_a_token_cannot_be_made_already_expired(cli: Cli) -> None:
    result = cli.run(
        "token", "create", "--role", "admin", "--name", "a", "--expires", "2020-01-01", code=2
    )
    assert "in the past" in result.stderr
    assert cli.json("token", "list")["tokens"] == []


def test_bindings_are_checked_against_the_rulebook(cli: Cli) -> None:
    bad = [
        ("--role", "agency", "--name", "x"),
        ("--role", "agency", "--name", "x", "--authority", "court.nowhere"),
        ("--role", "checkpoint", "--name", "x", "--service", "teleport"),
        ("--role", "subject", "--name", "x", "--subject", "110105198503120419"),
        ("--role", "auditor", "--name", "x", "--authority", "court.bj-chaoyang"),
        ("--role", "emperor", "--name", "x"),
    ]
    for args in bad:
        result = cli.run("token", "create", *args, code=2)
        assert "error" in result.stderr.lower() or "invalid" in result.stderr.lower()
    assert cli.json("token", "list")["tokens"] == []


def test_revoking_an_unknown_token_fails_clearly(cli: Cli) -> None:
    result = cli.run("token", "revoke", "nope", code=2)
    assert "no token 'nope'" in result.stderr


def test_token_times_are_shown_in_china_standard_time(cli: Cli) -> None:
    made = cli.json(
        "token", "create", "--role", "auditor", "--name", "tz", "--expires", "2027-01-01"
    )
    created = datetime.fromisoformat(made["created_at"])
    assert made["created_at"].endswith("+08:00") and created.utcoffset() == timedelta(hours=8)
    assert made["expires_at"] == "2027-01-01T00:00:00+08:00"
