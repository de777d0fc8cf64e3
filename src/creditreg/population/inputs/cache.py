"""Where simulate, stats and publish get their input: snapshots and the events table.

The reports never fold subjects or read the log themselves. They ask this module for a
population's snapshot (``snapshot_for``) and for its history as one Arrow table
(``events_for``), so the execution underneath can change without them noticing: the
compiled SQL of ``population.rescore`` (engine ``duckdb`` or ``spark``), fed the same
cached events table, or the per-subject fold of ``population.reference`` (engine
``fold``: slow and obviously right, for small registries and for checking the other two).

Both are cached by the log's head (its last seq and hash): the log is append-only, so
an unchanged head means unchanged input, and a repeated ``GET /v1/stats`` costs one
indexed read of the head.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from creditreg.engine.law import Law
from creditreg.population.errors import BACKENDS as COMPILED
from creditreg.population.errors import UnknownBackend
from creditreg.population.inputs.export import log_table
from creditreg.population.inputs.registry_view import RegistryView
from creditreg.population.runs.reference import snapshot_by_fold
from creditreg.population.runs.rescore import rescore
from creditreg.rulebook.model import Rulebook

Snapshot = dict[str, pa.Table]
T = TypeVar("T")
FOLD = "fold"
BACKENDS = (*COMPILED, FOLD)
"""``fold`` is the per-subject reference engine: slow, for small registries and checks."""


class LruCache:
    """A small thread-safe LRU map; values are computed outside the lock (at worst twice)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[no-any-return]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_SNAPSHOTS = LruCache(4)  # a snapshot of millions of subjects is hundreds of MiB
_EVENTS = LruCache(2)


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for one report's queries (no progress bar on the terminal)."""
    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    return con


def log_key(registry: RegistryView) -> tuple[str, int, str]:
    """The registry's identity and its log's head: equal keys mean equal input."""
    url = registry.reader.engine.url.render_as_string(hide_password=False)
    return (url, *registry.reader.head())


def rulebook_key(rulebook: Rulebook) -> str:
    """A digest of the rulebook's content: a draft may reuse the active one's name."""
    return hashlib.sha256(rulebook.model_dump_json().encode()).hexdigest()


def snapshot_for(
    registry: RegistryView, rulebook: Rulebook, as_of: date, backend: str = "duckdb"
) -> Snapshot:
    """The population's three snapshot tables under ``rulebook`` on ``as_of`` (cached).

    When ``rulebook`` is the version in force on ``as_of``, the registry's law is used:
    each record under the version governing it (``law_split``), as ``check`` and ``file``
    answer; a draft (``simulate``) is applied to every record."""
    known = registry.known()
    law = known.law if known.law.on(as_of) == rulebook else None
    rules = known.key if law is not None else rulebook_key(rulebook)
    key = (log_key(registry), rules, as_of, backend)
    return _SNAPSHOTS.get_or_make(key, lambda: _compute(registry, law or rulebook, as_of, backend))


def events_for(registry: RegistryView) -> pa.Table:
    """Every event of the log as one Arrow table (``events_table.EVENTS``), cached."""
    return _EVENTS.get_or_make(log_key(registry), lambda: log_table(registry.reader.engine))


def _compute(
    registry: RegistryView, rulebook: Rulebook | Law, as_of: date, backend: str
) -> Snapshot:
    if backend not in BACKENDS:
        raise UnknownBackend(f"unknown engine '{backend}': choose one of {', '.join(BACKENDS)}")
    if backend == FOLD:
        return snapshot_by_fold(registry.reader.iter_events(), rulebook, as_of)
    return rescore(events_for(registry), rulebook, as_of, backend)
