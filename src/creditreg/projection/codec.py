"""A timeline as bytes, laid out so that a check builds only the interval it asks for.

Format 3 (``FORMAT``), after profiling a served check (issue 14 item 3): format 2 was the
whole timeline as one zlib JSON document, every interval repeating every record with its
two-language texts (~150 KB of JSON for a 5-record subject), and a check spent ~90% of
its time decompressing and parsing all of it to build one state. Now::

    byte 0           FORMAT
    bytes 1..4       H, the head's length (big-endian)
    head (H bytes)   JSON [subject, starts, S, chunk_ends]
    tables (S bytes) zlib of JSON [strings, parts]: every distinct string and every
                     distinct part (record view, measure, action...) once
    intervals        zlib of the intervals' JSON, end to end (``chunk_ends``, characters)

An interval refers to strings and parts by number, so it is a few hundred bytes of ints;
a check parses the tables and its own interval only, and builds only the parts that
interval holds. The state's dataclasses drive the layout (``_fields_plainer`` /
``_fields_builder``, compiled once per class from the type hints), so a field added to
the engine's state is encoded without a change here.

A row of another format raises ``ValueError``: the store treats it as behind (folded,
never misread) until it is rebuilt. The row's HMAC (``rows.binding``) covers these bytes
whatever their layout.
"""

from __future__ import annotations

import json
import struct
import typing
import zlib
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from datetime import date
from enum import Enum
from functools import cache, lru_cache
from types import NoneType, UnionType
from typing import Any

from creditreg.engine.actions import Action
from creditreg.engine.law import Law, fold_in_time
from creditreg.engine.state import SubjectState
from creditreg.engine.timeline import NEUTRAL, Timeline
from creditreg.rulebook.texts import Text, both

FORMAT = 3

NAMES = {"Action": Action, "Text": Text}
"""Names the state modules import only for type checking, for resolving their hints."""

_LENGTH = struct.Struct(">I")
_JSON = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


class Tables:
    """What a timeline's intervals share, numbered in order of first use: its distinct
    strings, and its distinct parts (a record view, a measure, an action...), each
    stored once however many intervals hold it (format 2 repeated every record, with its
    two-language texts, in every interval: ~150 KB of JSON for 5 records).

    A part is numbered by identity first, then by value: consecutive intervals hold the
    same part objects (``Prepared.on`` returns one ``Evaluated`` per span of a record),
    and a part refolded equal on another breakpoint is found by its hash (the state's
    parts are frozen dataclasses of hashable fields). Only a part never seen is made
    plain. Keying every part by its JSON text, as before, walked and serialised every
    part of every interval (~35% of deriving a row, py-spy of the rebuild).
    """

    __slots__ = ("_by_id", "_by_value", "_kept", "_strings", "objects", "strings")

    def __init__(self) -> None:
        self._strings: dict[str, int] = {}
        self._by_id: dict[int, int] = {}
        self._by_value: dict[Any, int] = {}
        self._kept: list[Any] = []  # every part keyed by id: its id stays its own meanwhile
        self.strings: list[str] = []
        self.objects: list[list[Any]] = []

    def string(self, value: str) -> int:
        found = self._strings.get(value)
        if found is None:
            found = self._strings[value] = len(self.strings)
            self.strings.append(value)
        return found

    def part(self, value: Any, plain: Callable[[Any, Tables], list[Any]]) -> int:
        """The number of ``value`` (a frozen dataclass), made plain by ``plain`` once."""
        found = self._by_id.get(id(value))
        if found is not None:
            return found
        found = self._by_value.get(value)
        if found is None:
            made = plain(value, self)  # numbers its own parts first
            found = self._by_value[value] = len(self.objects)
            self.objects.append(made)
        self._by_id[id(value)] = found
        self._kept.append(value)
        return found


def encode(timeline: Timeline) -> bytes:
    tables = Tables()
    plain = _fields_plainer(SubjectState)
    chunks = [_JSON(plain(s, tables)) for s in timeline.states]
    shared = zlib.compress(_JSON([tables.strings, tables.objects]).encode())
    head = [timeline.subject_id, list(timeline.starts), len(shared), _ends(chunks)]
    head_bytes = _JSON(head).encode()
    intervals = zlib.compress("".join(chunks).encode())
    return b"".join([bytes([FORMAT]), _LENGTH.pack(len(head_bytes)), head_bytes, shared, intervals])


def _ends(parts: list[str]) -> list[int]:
    """Where each part ends (in characters), counted from the first's start."""
    ends, at = [], 0
    for part in parts:
        at += len(part)
        ends.append(at)
    return ends


class Encoded:
    """A row's body: the head read at once, the rest when an interval is asked."""

    __slots__ = (
        "_body",
        "_chunk_ends",
        "_intervals_from",
        "_shared",
        "_shared_from",
        "starts",
        "subject_id",
    )

    def __init__(self, body: bytes) -> None:
        if not body or body[0] != FORMAT:
            raise ValueError("unknown projection format")
        (size,) = _LENGTH.unpack_from(body, 1)
        self.subject_id, self.starts, shared_size, self._chunk_ends = json.loads(body[5 : 5 + size])
        self._shared_from = 5 + size
        self._intervals_from = 5 + size + shared_size
        self._body = body
        self._shared: Shared | None = None

    def at(self, day: date, law: Law) -> SubjectState:
        index = bisect_right(self.starts, day.toordinal()) - 1
        if index < 0:
            return fold_in_time(self.subject_id, (), law, day)
        state: SubjectState = self._state(index)
        object.__setattr__(state, "as_of", day)  # a fresh object of ours: no copy needed
        return state

    def timeline(self) -> Timeline:
        states = tuple(self._state(i) for i in range(len(self.starts)))
        return Timeline(self.subject_id, tuple(self.starts), states)

    def _state(self, index: int) -> SubjectState:
        shared = self._read_shared()
        start = self._chunk_ends[index - 1] if index else 0
        raw = json.loads(shared.chunks[start : self._chunk_ends[index]])
        built: SubjectState = _fields_builder(SubjectState)(raw, shared)
        return built

    def _read_shared(self) -> Shared:
        if self._shared is None:
            body = self._body
            tables = body[self._shared_from : self._intervals_from]
            strings, objects = json.loads(zlib.decompress(tables))
            chunks = zlib.decompress(body[self._intervals_from :]).decode()
            self._shared = Shared(strings, objects, chunks, {})
        return self._shared


class Shared:
    """The decoded tables of one row, and the parts built from them so far (an interval
    asked twice, or parts shared by intervals, are built once)."""

    __slots__ = ("built", "chunks", "objects", "strings")

    def __init__(
        self, strings: list[str], objects: list[list[Any]], chunks: str, built: dict[int, Any]
    ) -> None:
        self.strings, self.objects, self.chunks, self.built = strings, objects, chunks, built


def decode(body: bytes) -> Timeline:
    return Encoded(body).timeline()


Plain = Callable[[Any, Tables], Any]
Make = Callable[[Any, Shared], Any]


@cache
def _fields_plainer(cls: type) -> Callable[[Any, Tables], list[Any]]:
    """A function from an instance of ``cls`` to the plain list of its fields.

    Compiled once per class from its type hints (like ``_fields_builder``): probing every
    value with ``is_dataclass`` cost more than building the timeline (profile of the
    rebuild).
    """
    hints = typing.get_type_hints(cls, localns=NAMES)
    named = [(f.name, _unmaker(hints[f.name])) for f in fields(cls)]

    def plain(value: Any, tables: Tables) -> list[Any]:
        return [unmake(getattr(value, name), tables) for name, unmake in named]

    return plain


def _string_number(value: str, tables: Tables) -> int:
    return tables.string(value)


def _ordinal(value: date, tables: Tables) -> int:
    return value.toordinal()


def _text_numbers(value: Text, tables: Tables) -> list[int]:
    return [tables.string(value.zh), tables.string(value.en)]


def _enum_value(value: Enum, tables: Tables) -> Any:
    return value.value


def _same(value: Any, tables: Any) -> Any:
    return value


@cache
def _fields_builder(cls: type) -> Callable[[list[Any], Shared], Any]:
    """A function from the plain list of ``cls``'s fields back to an instance."""
    hints = typing.get_type_hints(cls, localns=NAMES)
    makers = [_maker(hints[f.name]) for f in fields(cls)]

    def build(raw: list[Any], shared: Shared) -> Any:
        return cls(*[make(value, shared) for make, value in zip(makers, raw, strict=True)])

    return build


def _maker(hint: Any) -> Make:
    """A value of type ``hint`` from its JSON (the inverse of ``_unmaker``)."""
    return _converter(hint, BUILD)


def _unmaker(hint: Any) -> Plain:
    """A value of type ``hint`` as JSON."""
    return _converter(hint, PLAIN)


class Way(typing.NamedTuple):
    """One direction of the codec: what ``_converter`` does at each kind of hint (the
    walk over the type hints is the same both ways)."""

    items: Callable[[Any], Convert]  # the converter of a tuple from that of its items
    leaves: dict[Any, Convert]  # str, date, Text
    enum: Callable[[type[Enum]], Convert]
    dataclass: Callable[[type], Convert]


Convert = Callable[[Any, Any], Any]


def _converter(hint: Any, way: Way) -> Convert:
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, UnionType):
        inner = _converter(next(a for a in args if a is not NoneType), way)
        return lambda value, ctx: None if value is None else inner(value, ctx)
    if origin is tuple:
        return way.items(_converter(args[0], way))
    if hint in way.leaves:
        return way.leaves[hint]
    if isinstance(hint, type) and issubclass(hint, Enum):
        return way.enum(hint)
    if isinstance(hint, type) and is_dataclass(hint):
        return way.dataclass(hint)
    return _same


def _plain_items(item: Plain) -> Plain:
    return lambda value, tables: [item(v, tables) for v in value]


def _built_items(item: Make) -> Make:
    return lambda value, shared: tuple([item(v, shared) for v in value])


def _plain_object(hint: type) -> Plain:
    plain = _fields_plainer(hint)
    return lambda value, tables: tables.part(value, plain)


def _enum_member(hint: type[Enum]) -> Make:
    member = hint._value2member_map_.__getitem__  # Enum(value) without its checks
    return lambda value, shared: member(value)


def _object_maker(build: Callable[[list[Any], Shared], Any]) -> Make:
    """A shared part, built once per row however many intervals hold it (frozen, so
    sharing one instance is safe)."""

    def make(number: int, shared: Shared) -> Any:
        found = shared.built.get(number)
        if found is None:
            found = shared.built[number] = build(shared.objects[number], shared)
        return found

    return make


def _string_of(value: int, shared: Shared) -> str:
    return shared.strings[value]


def _date_of(value: int, shared: Shared) -> date:
    return date.fromordinal(value)


def _text_of(value: list[int], shared: Shared) -> Text:
    strings = shared.strings
    return _text(strings[value[0]], strings[value[1]])


@lru_cache(maxsize=4096)
def _text(zh: str, en: str) -> Text:
    """One ``Text`` per distinct pair, shared (it is frozen): the rulebook's sentences and
    the roster's names recur across subjects, and building one costs ~2 µs."""
    return both(zh, en)


__all__ = ["NEUTRAL", "Encoded", "decode", "encode"]


PLAIN = Way(
    _plain_items,
    {str: _string_number, date: _ordinal, Text: _text_numbers},
    lambda hint: _enum_value,
    _plain_object,
)
BUILD = Way(
    _built_items,
    {str: _string_of, date: _date_of, Text: _text_of},
    _enum_member,
    lambda hint: _object_maker(_fields_builder(hint)),
)
