"""The log's Ed25519 signing keys, kept outside the database.

A signed tree head is only worth something if whoever can rewrite the database cannot
also sign: so keys live in a directory of their own (``CREDITREG_KEYS``, default
``./creditreg-keys``), which can sit on another volume or be mounted read-only::

    creditreg-keys/
      active                   the key id that signs new heads
      <key id>.key             its private key, PKCS#8 PEM, mode 0600
      <key id>.pub             every public key ever active, SubjectPublicKeyInfo PEM

A key id is the first 16 hex digits of SHA-256 of the raw 32-byte public key, so anyone
holding a public key can compute it. Rotation makes a new active key and deletes the old
private key (a retired key must not sign again), but keeps its public key, so every head
it signed still verifies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)

from creditreg.errors import CreditregError

KEYS_ENV = "CREDITREG_KEYS"
DEFAULT_KEYS_DIR = "creditreg-keys"
_ACTIVE = "active"


class NoSigningKey(CreditregError, LookupError, kind="not-found"):
    """The keys directory has no active signing key: run ``creditreg init``."""


@dataclass(frozen=True, slots=True)
class PublicKey:
    """One public key of the log, as printed by ``creditreg log public-key``."""

    key_id: str
    raw_hex: str
    pem: str
    active: bool


class Signer:
    """The active private key: signs tree heads under its key id."""

    __slots__ = ("_private", "key_id", "public")

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        self.public = describe(private.public_key(), active=True)
        self.key_id = self.public.key_id

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message``."""
        return self._private.sign(message)

    def private_pem(self) -> bytes:
        """The private key as unencrypted PKCS#8 PEM, for the key file only."""
        return self._private.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())


def keys_dir(directory: Path | str | None = None) -> Path:
    """The keys directory: the argument, else ``CREDITREG_KEYS``, else ``./creditreg-keys``."""
    return Path(directory or os.environ.get(KEYS_ENV) or DEFAULT_KEYS_DIR)


def keys_dir_for(database: str | None) -> Path:
    """Where a registry's keys live: ``CREDITREG_KEYS``, else beside its SQLite file.

    ``registry.db`` keeps its keys in ``registry-keys/`` next to it, whatever directory a
    command runs from; a server database (PostgreSQL) uses ``./creditreg-keys`` unless
    ``CREDITREG_KEYS`` says otherwise, which it should in production.
    """
    configured = os.environ.get(KEYS_ENV)
    if configured:
        return Path(configured)
    if database and database not in ("", ":memory:"):
        path = Path(database)
        return path.with_name(f"{path.stem}-keys")
    return Path(DEFAULT_KEYS_DIR)


def key_id(public: Ed25519PublicKey) -> str:
    """The first 16 hex digits of SHA-256 of the raw public key."""
    return sha256(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()[:16]


def describe(public: Ed25519PublicKey, active: bool) -> PublicKey:
    """A public key with its id, raw hex and PEM forms."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
    pem = public.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo).decode()
    return PublicKey(key_id(public), raw, pem, active)


def ensure_signing_key(directory: Path | str | None = None) -> Signer:
    """The active signer, generating the first key when the directory has none."""
    try:
        return load_signer(directory)
    except NoSigningKey:
        return rotate_key(directory)


def load_signer(directory: Path | str | None = None) -> Signer:
    """The active signer; NoSigningKey when there is none."""
    folder = keys_dir(directory)
    try:
        active = (folder / _ACTIVE).read_text(encoding="ascii").strip()
        pem = (folder / f"{active}.key").read_bytes()
    except FileNotFoundError:
        raise NoSigningKey(f"no signing key in {folder}: run 'creditreg init'") from None
    private = load_pem_private_key(pem, password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise NoSigningKey(f"{folder / f'{active}.key'} is not an Ed25519 private key")
    return Signer(private)


def rotate_key(directory: Path | str | None = None) -> Signer:
    """Make a new active key; retire the old one's private key, keep its public key."""
    folder = keys_dir(directory)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    old = folder / _ACTIVE
    retired = old.read_text(encoding="ascii").strip() if old.exists() else None
    signer = Signer(Ed25519PrivateKey.generate())
    _write_new(folder / f"{signer.key_id}.key", signer.private_pem(), 0o600)
    _write_new(folder / f"{signer.key_id}.pub", signer.public.pem.encode(), 0o644)
    temporary = folder / f"{_ACTIVE}.tmp"
    temporary.write_text(signer.key_id + "\n", encoding="ascii")
    temporary.replace(old)
    if retired:
        (folder / f"{retired}.key").unlink(missing_ok=True)
    return signer


def public_keys(directory: Path | str | None = None) -> list[PublicKey]:
    """Every public key in the directory, the active one first."""
    folder = keys_dir(directory)
    active_file = folder / _ACTIVE
    active = active_file.read_text(encoding="ascii").strip() if active_file.exists() else ""
    keys = []
    for path in sorted(folder.glob("*.pub")):
        public = load_pem_public_key(path.read_bytes())
        if isinstance(public, Ed25519PublicKey):
            keys.append(describe(public, active=key_id(public) == active))
    return sorted(keys, key=lambda key: not key.active)


def _write_new(path: Path, data: bytes, mode: int) -> None:
    """Create ``path`` with ``mode`` from the start (never world-readable, even briefly)."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(handle, "wb") as file:
        file.write(data)
