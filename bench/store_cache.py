"""Bench stores built once and kept between runs, keyed by everything they are made of.

Building a 1M-record store takes minutes; what a bench measures on it (an activation, a
check) takes seconds. A store is kept under ``$CREDITREG_BENCH_CACHE`` (default
``/tmp/creditreg-bench-cache``) in a folder named by the bench's own parts (size, seed) and
a digest of the package's sources and data files (code, rulebook, roster, migrations):
any change to what builds or reads the store builds it anew, so a cached store is always
one the current code would build. Each run works on a copy (benches change their store).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import creditreg

CACHE = Path(
    os.environ.get("CREDITREG_BENCH_CACHE", Path(tempfile.gettempdir()) / "creditreg-bench-cache")
)
SOURCES = (".py", ".yaml", ".csv", ".json", ".sql")
DB = "bench.db"


def source_digest() -> str:
    """A digest of every source and data file of the installed ``creditreg`` package."""
    root = Path(creditreg.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in SOURCES and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_store(
    name: str, parts: dict[str, object], build: Callable[[Path], None], into: Path
) -> tuple[Path, bool]:
    """A copy in ``into`` of the store ``build(db_path)`` makes: the database path, and
    whether it came from the cache. ``build`` writes ``db_path`` (and its keys beside it)."""
    label = "-".join(f"{key}{value}" for key, value in parts.items())
    folder = CACHE / f"{name}-{label}-{source_digest()}"
    hit = (folder / DB).exists()
    if not hit:
        building = folder.with_name(folder.name + f".building-{os.getpid()}")
        shutil.rmtree(building, ignore_errors=True)
        building.mkdir(parents=True)
        build(building / DB)
        # SQLite leaves no -wal/-shm once every connection is closed; rename is atomic, so a
        # run killed mid-build never leaves a folder that looks complete.
        shutil.rmtree(folder, ignore_errors=True)
        building.rename(folder)
    shutil.copytree(folder, into, dirs_exist_ok=True)
    return into / DB, hit
