"""``creditreg log ...`` end to end, checked by the verifier run as its own process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from creditreg.db.projection_tables import projections
from creditreg.registry import Registry
from creditreg.transparency import keys
from tests.cli.conftest import SAMPLE, Cli

from .tampering import COMMENDED, COURT, change_body, one, retree, seq_of

VERIFIER = [sys.executable, "-m", "creditreg.transparency.verifier"]


@pytest.fixture(params=["sqlite", "postgres"])
def cli(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    """A registry with the sample ingested, its keys in a temporary CREDITREG_KEYS."""
    monkeypatch.setenv(keys.KEYS_ENV, str(tmp_path / "keys"))
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.db'}"
    else:
        url = request.getfixturevalue("postgres_urls")()
    tool = Cli(url, CliRunner())
    tool.run("init")
    tool.run("ingest", str(SAMPLE))
    return tool


def save(cli: Cli, folder: Path, name: str, *args: str) -> str:
    """Run ``creditreg ARGS`` and keep its stdout as the file ``name``."""
    path = folder / name
    path.write_text(cli.run(*args).stdout, encoding="utf-8")
    return str(path)


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*VERIFIER, *args], capture_output=True, text=True, check=False)


def test_a_record_is_proved_to_an_outsider(cli: Cli, tmp_path: Path) -> None:
    head = save(cli, tmp_path, "head.json", "log", "head", "--json")
    proof = save(cli, tmp_path, "proof.json", "log", "prove", "demo-a1", "--json")
    pem = save(cli, tmp_path, "keys.pem", "log", "public-key")
    assert json.loads(Path(head).read_text())["size"] == 37
    result = verify("--key", pem, head, proof)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK entry seq 1 (record demo-a1) is leaf 0 of the tree of size 37" in result.stdout
    assert cli.json("log", "head") == json.loads(Path(head).read_text())  # nothing new: same head


def test_heads_stay_consistent_as_the_log_grows(cli: Cli, tmp_path: Path) -> None:
    old = save(cli, tmp_path, "old.json", "log", "head", "--json")
    cli.run("object", "demo-a1", "--grounds", "Paid in full", "--on", "2026-11-02")
    new = save(cli, tmp_path, "new.json", "log", "head", "--json")
    proof = save(cli, tmp_path, "consistency.json", "log", "consistency", "37", "38", "--json")
    keys_json = save(cli, tmp_path, "keys.json", "log", "public-key", "--json")
    result = verify("--key", keys_json, old, new, proof)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK the tree of size 37 is a prefix of the tree of size 38" in result.stdout
    assert cli.run("log", "head", "--size", "37", "--json").stdout == Path(old).read_text()


def test_old_heads_verify_after_the_key_is_rotated(cli: Cli, tmp_path: Path) -> None:
    old = save(cli, tmp_path, "old.json", "log", "head", "--json")
    rotated = cli.json("log", "rotate-key")
    assert rotated["retired"] == json.loads(Path(old).read_text())["key_id"]
    cli.run("object", "demo-a1", "--grounds", "Paid in full", "--on", "2026-11-02")
    new = save(cli, tmp_path, "new.json", "log", "head", "--json")
    assert json.loads(Path(new).read_text())["key_id"] == rotated["key_id"]
    every = save(cli, tmp_path, "all.pem", "log", "public-key", "--all")
    active = save(cli, tmp_path, "active.pem", "log", "public-key")
    assert verify("--key", every, old, new).returncode == 0
    refused = verify("--key", active, old)
    assert refused.returncode == 1 and "no public key with id" in refused.stdout


def test_a_leaf_by_index_against_an_older_head(cli: Cli, tmp_path: Path) -> None:
    head = save(cli, tmp_path, "head.json", "log", "head", "--json")
    cli.run("object", "demo-a1", "--grounds", "Paid in full", "--on", "2026-11-02")
    proof = cli.json("log", "prove", "--index", "36", "--size", "37")
    assert (proof["leaf_index"], proof["seq"], proof["tree_size"]) == (36, 37, 37)
    newest = cli.json("log", "prove", "--index", "37")  # not in any head yet: publishes one
    assert newest["tree_size"] == 38
    path = tmp_path / "proof.json"
    path.write_text(json.dumps(proof), encoding="utf-8")
    assert verify("--unsigned", head, str(path)).returncode == 0


def test_text_output_names_sizes_and_roots(cli: Cli) -> None:
    head = cli.run("log", "head").stdout
    assert head.startswith("signed tree head: size 37\n") and "key_id" in head
    assert "leaf 0 (seq 1) is in the tree of size 37" in cli.run("log", "prove", "demo-a1").stdout
    assert "BEGIN PUBLIC KEY" in cli.run("log", "public-key").stdout


def test_mistakes_are_reported_not_raised(cli: Cli, tmp_path: Path) -> None:
    assert "no record 'nope'" in cli.run("log", "prove", "nope", code=2).stderr
    assert "no signed tree head of size 99" in cli.run("log", "head", "--size", "99", code=2).stderr
    cli.run("log", "prove", "demo-a1", "--index", "0", code=2)
    cli.run("log", "consistency", "37", "40", code=2)
    (tmp_path / "keys" / "active").unlink()
    cli.run("object", "demo-a1", "--grounds", "Paid in full", "--on", "2026-11-02")
    assert "run 'creditreg init'" in cli.run("log", "head", code=2).stderr


def test_commands_refuse_a_tampered_log_and_sign_nothing(cli: Cli) -> None:
    """A check reading a changed entry and `log head` over a changed tail exit 1, naming it."""
    registry = Registry.open(cli.url)
    seq = seq_of(registry, "demo-a1")
    change_body(registry, seq, COURT, COMMENDED)
    heads = one(registry, "SELECT count(*) FROM tree_heads")
    honest = cli.run("check", "110105198503120418", "air", "--at", "2026-11-27", code=0)
    assert "DENIED" in honest.stdout  # served from the projection's row, derived before
    with registry.engine.begin() as conn:  # without rows, a check reads the events
        conn.execute(projections.delete())
    checked = cli.run("check", "110105198503120418", "air", "--at", "2026-11-27", code=1)
    assert f"integrity: leaf {seq - 1} (seq {seq})" in checked.stderr
    last = registry.reader.head()[0]
    change_body(registry, last, "demo-", "demx-")
    retree(registry)
    cli.run("object", "demo-a3", "--grounds", "Paid", "--on", "2026-11-02", code=1)
    signed = cli.run("log", "head", code=1)
    assert f"no longer hashes to signed head {last}" in signed.stderr
    assert one(registry, "SELECT count(*) FROM tree_heads") == heads
    assert registry.reader.head()[0] == last
    registry.engine.dispose()
