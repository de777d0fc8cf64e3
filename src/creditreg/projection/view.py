"""A subject's decision view: what ``engine.decide`` reads of each interval of its timeline,
stored beside the row's body so a check decides without building a ``SubjectState``.

A profile of a served check (issue 14) spent ~70% of its time decoding the body (zlib of
the tables and of every interval, JSON, every part of the state) to answer a question that
reads only the measures, the actions of their records and the state's rulebook. The view
holds just that, per interval of the timeline, equal neighbours merged, laid out so that a
check parses its own interval only (a 50-record subject has ~70 views and ~60 distinct
measures; one JSON document of them all cost ~1 ms to parse)::

    16 bytes     VIEW_FORMAT, n (intervals), m (measures), a (action lists): unsigned
                 32-bit, little-endian
    4n bytes     the intervals' first days (ordinals), ascending
    4(n+m+a+2)   where each part ends in the data: intervals, measures, action lists,
                 covers, tail
    data         interval i: JSON [rulebook, cover, measure, actions, cover, ...]: numbers
                 measure j: JSON, the plain ``Reason`` it gives without its actions
                 (``codec._fields_plainer``: strings and texts by number)
                 action list l: JSON, the numbers of the actions of one record's state
                 covers: JSON [rulebooks, [[service, effect], ...]], what the numbers
                 of the intervals name (the same bytes for many subjects: parsed once)
                 tail: JSON [strings, objects]: the row's strings and actions, once

A check bisects the first days in place (no parse), parses its interval (a few dozen
bytes: most intervals have no measure at all) and, only when a measure decides, the tail
and the parts of the measures that do. A measure and its record's actions are stored
apart: a record's ~10 measures (one per service) share its actions, which change over
time while the measures do not (stored whole, reasons made a 50-record view 120 KB).
No zlib: a few hundred bytes parse faster than they inflate (measured in
bench/served_bench.py). **The law** (tests/projection/test_view.py):
the decision from the view equals ``decide(fold(...))`` for every service and day.
"""

from __future__ import annotations

import json
import struct
import sys
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from creditreg.engine.decide import Decision, Reason, judge, reason, service_path
from creditreg.engine.state import Measure, SubjectState
from creditreg.engine.timeline import Timeline
from creditreg.projection.codec import _JSON, Shared, Tables, _fields_builder, _fields_plainer
from creditreg.rulebook.model import Rulebook

VIEW_FORMAT = 1
_parse = json.JSONDecoder().decode  # ``json.loads`` without its checks of bytes and kwargs
_HEAD = struct.Struct("<4I")
_NATIVE = sys.byteorder == "little"


class _Parts:
    """A view's parts being encoded, each distinct one numbered once."""

    __slots__ = ("actions", "covers", "measures", "refs", "tables")

    def __init__(self) -> None:
        self.tables = Tables()
        self.measures: dict[str, int] = {}
        self.actions: dict[str, int] = {}
        self.covers: dict[tuple[str, str], int] = {}
        self.refs: dict[str, int] = {}

    def interval(self, state: SubjectState) -> str:
        numbers = [self.refs.setdefault(state.rulebook, len(self.refs))]
        for measure in state.measures:
            numbers.extend(self.entry(measure, state))
        return _JSON(numbers)

    def entry(self, measure: Measure, state: SubjectState) -> tuple[int, int, int]:
        plain = _fields_plainer(Reason)(reason(measure, state), self.tables)
        *fields, actions = plain  # ``actions`` is Reason's last field
        cover = self.covers.setdefault((measure.service, measure.effect), len(self.covers))
        number = self.measures.setdefault(_JSON(fields), len(self.measures))
        return cover, number, self.actions.setdefault(_JSON(actions), len(self.actions))

    def covers_part(self) -> str:
        return _JSON([list(self.refs), [list(c) for c in self.covers]])


def encode_view(timeline: Timeline) -> bytes:
    """The view of every interval of ``timeline``, equal neighbours merged."""
    parts = _Parts()
    starts: list[int] = []
    intervals: list[str] = []
    for start, state in zip(timeline.starts, timeline.states, strict=True):
        interval = parts.interval(state)
        if not intervals or intervals[-1] != interval:
            starts.append(start)
            intervals.append(interval)
    tail = _JSON([parts.tables.strings, parts.tables.objects])
    covers = parts.covers_part()
    data = [p.encode() for p in (*intervals, *parts.measures, *parts.actions, covers, tail)]
    ints = array("I", [*starts, *accumulate(len(part) for part in data)])
    if not _NATIVE:
        ints.byteswap()
    head = _HEAD.pack(VIEW_FORMAT, len(intervals), len(parts.measures), len(parts.actions))
    return b"".join([head, ints.tobytes(), *data])


def _ints(raw: bytes, count: int) -> Sequence[int]:
    """The ``count`` little-endian ints after the head, read in place where that is the
    machine's order (a memoryview: nothing unpacked but the few bisected)."""
    if _NATIVE:
        return memoryview(raw)[_HEAD.size : _HEAD.size + 4 * count].cast("I")
    return struct.unpack_from(f"<{count}I", raw, _HEAD.size)


class Entry(NamedTuple):
    """One measure of an interval (``judge`` builds the reasons of the few it chooses)."""

    service: str
    effect: str
    measure: int
    actions: int


_build_reason = _fields_builder(Reason)


@lru_cache(maxsize=1024)
def _covers(part: bytes) -> tuple[list[str], list[tuple[str, str]]]:
    """A view's rulebooks and (service, effect) pairs: few distinct across subjects."""
    refs, covers = _parse(part.decode())
    return refs, [(service, effect) for service, effect in covers]


class DecisionView:
    """A stored view: ``decide`` answers a day from its interval."""

    __slots__ = (
        "_actions",
        "_built",
        "_data",
        "_ends",
        "_measures",
        "_raw",
        "_shared",
        "_starts",
    )

    def __init__(self, raw: bytes) -> None:
        if len(raw) < _HEAD.size:
            raise ValueError("unknown decision view format")
        found, n, m, a = _HEAD.unpack_from(raw)
        count = 2 * n + m + a + 2
        if found != VIEW_FORMAT or len(raw) < _HEAD.size + 4 * count:
            raise ValueError("unknown decision view format")
        ints = _ints(raw, count)
        self._starts, self._ends = ints[:n], ints[n:]
        self._measures, self._actions = n, n + m  # the first part of each kind
        self._data = _HEAD.size + 4 * count
        self._raw = raw
        self._shared: Shared | None = None
        self._built: dict[tuple[int, int], Reason] = {}  # a batch asks one subject often

    def decide(
        self, subject_id: str, day: date, service: str, rulebook: Rulebook
    ) -> Decision | None:
        """The decision on ``day``; None before the subject's first record (the caller
        answers the empty file's)."""
        index = bisect_right(self._starts, day.toordinal()) - 1
        if index < 0:
            return None
        ref, *numbers = _parse(self._part(index).decode())
        refs, covers = _covers(self._part(len(self._ends) - 2))
        covered = service_path(service, rulebook)
        entries = [  # only the measures on the service or its ancestors (most: none)
            Entry(covers[c][0], covers[c][1], numbers[i + 1], numbers[i + 2])
            for i in range(0, len(numbers), 3)
            for c in (numbers[i],)
            if covers[c][0] in covered
        ]
        return judge(subject_id, day, refs[ref], entries, self._reason, service, rulebook)

    def _part(self, index: int) -> bytes:
        start = self._data + (self._ends[index - 1] if index else 0)
        return self._raw[start : self._data + self._ends[index]]

    def _reason(self, entry: Entry) -> Reason:
        found = self._built.get((entry.measure, entry.actions))
        if found is None:
            found = self._built[entry.measure, entry.actions] = self._build(entry)
        return found

    def _build(self, entry: Entry) -> Reason:
        shared = self._shared
        if shared is None:  # the tail, once: only when a measure decides
            strings, objects = _parse(self._part(len(self._ends) - 1).decode())
            shared = self._shared = Shared(strings, objects, "", {})
        fields = _parse(self._part(self._measures + entry.measure).decode())
        fields.append(_parse(self._part(self._actions + entry.actions).decode()))
        built: Reason = _build_reason(fields, shared)
        return built
