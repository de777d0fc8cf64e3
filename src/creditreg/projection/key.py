"""The projection's HMAC key, kept beside the log's signing keys, outside the database.

Whoever can edit the database must not be able to bind a row: so the key lives in the
keys directory (``CREDITREG_KEYS``; ``transparency.keys``), as ``projection.key`` (32
random bytes, hex, mode 0600), made by ``creditreg init``. Without it the projection is
off and every check folds the log, as before.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

KEY_FILE = "projection.key"


def load_key(directory: Path) -> bytes | None:
    path = directory / KEY_FILE
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        return None


def ensure_key(directory: Path) -> bytes:
    """The key, made on first use."""
    found = load_key(directory)
    if found is not None:
        return found
    directory.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    path = directory / KEY_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(key.hex())
    return key
