"""API tokens: created by an admin, shown once, stored hashed, expiring and revocable.

A token reads ``crg_<id>_<secret>``. The id is public (it names the token in lists and
in the access log); the secret is 256 random bits of which only a SHA-256 is stored.
Checking a token is one primary-key read and a constant-time comparison; the answer is
kept for ``cache_seconds`` (default 1 s) so a busy checkpoint does not read the table on
every request, which bounds how long a revoked token can still be used.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update

from creditreg.access.roles import Principal, Role
from creditreg.db.access_tables import api_tokens
from creditreg.timeparse import CHINA

PREFIX = "crg_"


class BadToken(ValueError):
    """The token is malformed, unknown, revoked or expired (never says which secret)."""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A stored token, without its secret."""

    token_id: str
    role: Role
    name: str
    authority: str | None
    services: tuple[str, ...]
    subject_id: str | None
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def principal(self) -> Principal:
        return Principal(
            role=self.role,
            actor=f"token:{self.token_id} ({self.name})",
            authority=self.authority,
            services=frozenset(self.services),
            subject_id=self.subject_id,
        )

    def to_json(self, token: str | None = None) -> dict[str, object]:
        """The token as the API and ``--json`` show it; ``token`` only when just created."""
        return {
            "token_id": self.token_id,
            "role": self.role.value,
            "name": self.name,
            "authority": self.authority,
            "services": list(self.services),
            "subject_id": self.subject_id,
            "created_at": _china(self.created_at),
            "expires_at": _china(self.expires_at) if self.expires_at else None,
            "revoked_at": _china(self.revoked_at) if self.revoked_at else None,
            "token": token,
        }

    def usable_at(self, moment: datetime) -> bool:
        expired = self.expires_at is not None and self.expires_at <= moment
        return self.revoked_at is None and not expired


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _text(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)) if value else None


def split_token(token: str) -> tuple[str, str]:
    """``(id, secret)`` of a token string, or BadToken when it is not shaped like one."""
    if not token.startswith(PREFIX) or len(token) > 200:
        raise BadToken("not a creditreg API token")
    token_id, _, secret = token[len(PREFIX) :].partition("_")
    if not token_id or not secret:
        raise BadToken("not a creditreg API token")
    return token_id, secret


class TokenStore:
    """The ``api_tokens`` table; safe to share between threads."""

    __slots__ = ("_cache", "_cache_seconds", "_engine", "_gates", "_lock")

    def __init__(self, engine: Engine, cache_seconds: float = 1.0) -> None:
        self._engine = engine
        self._cache_seconds = cache_seconds
        self._cache: dict[str, tuple[float, TokenInfo, str]] = {}
        self._lock = threading.Lock()
        self._gates: dict[str, threading.Lock] = {}

    def create(
        self,
        role: Role,
        name: str,
        *,
        authority: str | None = None,
        services: tuple[str, ...] = (),
        subject_id: str | None = None,
        expires_at: datetime | None = None,
    ) -> tuple[TokenInfo, str]:
        """Store a new token; returns it and the token string, which is never shown again."""
        token_id, secret = secrets.token_hex(6), secrets.token_urlsafe(32)
        created = datetime.now(UTC).replace(microsecond=0)
        if expires_at is not None and expires_at <= created:
            raise ValueError(f"the token would expire at {expires_at.isoformat()}, in the past")
        row = {
            "token_id": token_id,
            "secret_hash": _digest(secret),
            "role": role.value,
            "name": name,
            "authority": authority,
            "services": json.dumps(sorted(services)) if services else None,
            "subject_id": subject_id,
            "created_at": _text(created),
            "expires_at": _text(expires_at),
            "revoked_at": None,
        }
        with self._engine.begin() as conn:
            conn.execute(insert(api_tokens), [row])
        return _info(row), f"{PREFIX}{token_id}_{secret}"

    def list(self) -> list[TokenInfo]:
        with self._engine.connect() as conn:
            rows = conn.execute(select(api_tokens).order_by(api_tokens.c.created_at))
            return [_info(dict(row._mapping)) for row in rows]

    def revoke(self, token_id: str) -> TokenInfo:
        """Revoke ``token_id`` (KeyError when unknown); revoking twice keeps the first time."""
        now = _text(datetime.now(UTC))
        with self._engine.begin() as conn:
            conn.execute(
                update(api_tokens)
                .where(api_tokens.c.token_id == token_id, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=now)
            )
            row = conn.execute(select(api_tokens).where(api_tokens.c.token_id == token_id))
            found = row.first()
        if found is None:
            raise KeyError(token_id)
        with self._lock:
            self._cache.pop(token_id, None)
        return _info(dict(found._mapping))

    def authenticate(self, token: str, moment: datetime | None = None) -> Principal:
        """The principal ``token`` stands for, or BadToken."""
        token_id, secret = split_token(token)
        info, digest = self._lookup(token_id)
        if not hmac.compare_digest(digest, _digest(secret)):
            raise BadToken("unknown token")
        if not info.usable_at(moment or datetime.now(UTC)):
            raise BadToken("the token was revoked or has expired")
        return info.principal()

    def _lookup(self, token_id: str) -> tuple[TokenInfo, str]:
        cached = self._fresh(token_id)
        if cached is not None:
            return cached
        # One read per token and expiry: a server's thread pool (PostgreSQL checks) has
        # dozens of checks of one checkpoint token in flight, and each read the table
        # itself when the cached answer expired (py-spy: ~19% of a check's samples). The
        # gate is per token id, so reads of other (or unknown) tokens never queue here.
        with self._lock:
            gate = self._gates.setdefault(token_id, threading.Lock())
        try:
            with gate:
                cached = self._fresh(token_id)  # read by another thread while this waited
                return cached if cached is not None else self._read(token_id)
        finally:
            with self._lock:
                if self._gates.get(token_id) is gate:
                    del self._gates[token_id]

    def _fresh(self, token_id: str) -> tuple[TokenInfo, str] | None:
        with self._lock:
            cached = self._cache.get(token_id)
        if cached is not None and time.monotonic() - cached[0] < self._cache_seconds:
            return cached[1], cached[2]
        return None

    def _read(self, token_id: str) -> tuple[TokenInfo, str]:
        now = time.monotonic()
        with self._engine.connect() as conn:
            row = conn.execute(select(api_tokens).where(api_tokens.c.token_id == token_id))
            found = row.first()
        if found is None:
            raise BadToken("unknown token")
        values = dict(found._mapping)
        entry = (now, _info(values), str(values["secret_hash"]))
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[token_id] = entry
        return entry[1], entry[2]


def _info(row: Mapping[str, object]) -> TokenInfo:
    services = row.get("services")
    return TokenInfo(
        token_id=str(row["token_id"]),
        role=Role(str(row["role"])),
        name=str(row["name"]),
        authority=str(row["authority"]) if row.get("authority") else None,
        services=tuple(json.loads(str(services))) if services else (),
        subject_id=str(row["subject_id"]) if row.get("subject_id") else None,
        created_at=_moment(row["created_at"]) or datetime.now(UTC),
        expires_at=_moment(row["expires_at"]),
        revoked_at=_moment(row["revoked_at"]),
    )


def _china(moment: datetime) -> str:
    """Times are shown in China Standard Time, written +08:00, as everywhere else."""
    return moment.astimezone(CHINA).isoformat()
