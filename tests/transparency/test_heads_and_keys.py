"""Signed tree heads and keys: forgeries rejected by the verifier, rotation keeps old heads."""

from __future__ import annotations

import json
import stat
from dataclasses import replace
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path
from typing import Any

import pytest

from creditreg.transparency import keys, verifier
from creditreg.transparency.heads import SignedTreeHead, head_message, sign_head
from creditreg.transparency.merkle import root

from .trees import leaves

AT = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
ROOT = root(leaves(5))


@pytest.fixture
def signer(tmp_path: Path) -> keys.Signer:
    return keys.ensure_signing_key(tmp_path / "keys")


def _head(signer: keys.Signer, size: int = 5, tree_root: bytes = ROOT) -> dict[str, Any]:
    return sign_head(size, tree_root, signer, AT).to_json()


def _public(signer: keys.Signer) -> list[Any]:
    return verifier.load_keys(signer.public.raw_hex)


def test_a_head_is_signed_over_documented_canonical_bytes(signer: keys.Signer) -> None:
    head = _head(signer)
    assert head["timestamp"] == "2026-03-01T09:30:00.000Z"
    expected = (
        b"creditreg signed tree head v1\n"
        + f'{{"key_id":"{signer.key_id}","root":"{ROOT.hex()}","size":5,'.encode()
        + b'"timestamp":"2026-03-01T09:30:00.000Z"}'
    )
    assert head_message(5, ROOT.hex(), head["timestamp"], signer.key_id) == expected
    assert verifier.head_message(head) == expected
    verifier.verify_head(head, _public(signer))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("root", sha256(b"another tree").hexdigest()),
        ("size", 6),
        ("size", 4),
        ("timestamp", "2026-03-01T09:30:00.001Z"),
    ],
)
def test_an_altered_head_is_rejected(signer: keys.Signer, field: str, value: Any) -> None:
    forged = _head(signer) | {field: value}
    with pytest.raises(verifier.VerificationError, match="signature is not valid"):
        verifier.verify_head(forged, _public(signer))


def test_the_signature_of_another_head_is_rejected(signer: keys.Signer) -> None:
    other = _head(signer, size=6, tree_root=root(leaves(6)))
    forged = _head(signer) | {"signature": other["signature"]}
    with pytest.raises(verifier.VerificationError, match="signature is not valid"):
        verifier.verify_head(forged, _public(signer))


def test_a_head_signed_by_another_key_is_rejected(signer: keys.Signer, tmp_path: Path) -> None:
    intruder = keys.ensure_signing_key(tmp_path / "intruder")
    forged = _head(intruder)
    with pytest.raises(verifier.VerificationError, match="no public key with id"):
        verifier.verify_head(forged, _public(signer))
    claimed = forged | {"key_id": signer.key_id}  # claims the log's key id
    with pytest.raises(verifier.VerificationError, match="signature is not valid"):
        verifier.verify_head(claimed, _public(signer))


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("size", -1, "whole number"),
        ("size", True, "whole number"),
        ("size", "5", "whole number"),
        ("root", "AB" * 32, "root is not 64 lowercase hex"),
        ("signature", "00", "signature is not 128"),
        ("timestamp", "2026-03-01 09:30:00", "timestamp"),
    ],
)
def test_a_malformed_head_is_rejected(
    signer: keys.Signer, field: str, value: Any, problem: str
) -> None:
    with pytest.raises(verifier.VerificationError, match=problem):
        verifier.verify_head(_head(signer) | {field: value}, _public(signer))


def test_keys_live_outside_the_database_private_key_unreadable_to_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(keys.KEYS_ENV, str(tmp_path / "from-env"))
    signer = keys.ensure_signing_key()
    folder = tmp_path / "from-env"
    assert stat.S_IMODE((folder / f"{signer.key_id}.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert keys.ensure_signing_key().key_id == signer.key_id  # idempotent
    raw = bytes.fromhex(signer.public.raw_hex)
    assert signer.key_id == sha256(raw).hexdigest()[:16]
    monkeypatch.delenv(keys.KEYS_ENV)
    assert keys.keys_dir() == Path("creditreg-keys")


def test_rotation_keeps_old_heads_verifiable_and_retires_the_old_private_key(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "keys"
    old = keys.ensure_signing_key(folder)
    old_head = _head(old)
    new = keys.rotate_key(folder)
    new_head = _head(new, size=6, tree_root=root(leaves(6)))
    assert new.key_id != old.key_id
    assert keys.load_signer(folder).key_id == new.key_id
    assert not (folder / f"{old.key_id}.key").exists()
    listed = keys.public_keys(folder)
    assert [(key.key_id, key.active) for key in listed] == [(new.key_id, True), (old.key_id, False)]
    every = [k for key in listed for k in verifier.load_keys(key.pem)]
    verifier.verify_head(old_head, every)
    verifier.verify_head(new_head, every)
    with pytest.raises(verifier.VerificationError, match="no public key"):
        verifier.verify_head(old_head, verifier.load_keys(new.public.pem))


def test_keys_load_from_pem_files_json_and_hex(signer: keys.Signer, tmp_path: Path) -> None:
    pem = tmp_path / "log.pem"
    pem.write_text(f"# key id {signer.key_id}\n{signer.public.pem}", encoding="ascii")
    listing = tmp_path / "keys.json"
    listing.write_text(json.dumps({"keys": [{"public_key": signer.public.raw_hex}]}))
    for source in (str(pem), str(listing), signer.public.raw_hex):
        assert [verifier.key_id(key) for key in verifier.load_keys(source)] == [signer.key_id]
    with pytest.raises(verifier.VerificationError, match="64 hex digits"):
        verifier.load_keys("not a key")


def test_no_key_means_no_signer(tmp_path: Path) -> None:
    with pytest.raises(keys.NoSigningKey, match="creditreg init"):
        keys.load_signer(tmp_path / "empty")


def test_heads_round_trip_as_json(signer: keys.Signer) -> None:
    head = sign_head(5, ROOT, signer, AT)
    assert SignedTreeHead(**json.loads(json.dumps(head.to_json()))) == head
    assert replace(head, size=6) != head
