"""A bounded cache of folded states, keyed by what they are a pure function of.

``fold(events, rulebook, day)`` is pure and the log is append-only, so a subject's state
on a day can be reused for as long as the subject's (event count, last seq) is the same
and the rulebook is the same. A check then costs one index-only read instead of reading,
decoding and folding the file. Nothing is ever stale: a new event changes the key.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date

from creditreg.engine import SubjectState

Key = tuple[str, date, str]
Version = tuple[int, int]


class StateCache:
    """Least-recently-used states, at most ``size`` of them; safe across threads."""

    __slots__ = ("_entries", "_lock", "_size")

    def __init__(self, size: int = 1 << 16) -> None:
        self._entries: OrderedDict[Key, tuple[Version, SubjectState]] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    @property
    def size(self) -> int:
        return self._size

    def get(self, key: Key, version: Version) -> SubjectState | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] != version:
                return None
            self._entries.move_to_end(key)
            return found[1]

    def put(self, key: Key, version: Version, state: SubjectState) -> None:
        if self._size <= 0:
            return
        with self._lock:
            self._entries[key] = (version, state)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
