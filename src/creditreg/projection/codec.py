"""A timeline as bytes: compact JSON of its intervals, zlib-compressed.

Driven by the state dataclasses' own fields (dates as ordinals, enums as values,
tuples of dataclasses as lists, a two-language ``Text`` as ``[zh-CN, en]``), so a field
added to the engine's state is encoded without a change here. Decoding builds only the
interval asked for (``Encoded.at``).
"""

from __future__ import annotations

import json
import typing
import zlib
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from enum import Enum
from functools import cache
from types import NoneType, UnionType
from typing import Any

from creditreg.engine.actions import Action
from creditreg.engine.law import Law, fold_in_time
from creditreg.engine.state import SubjectState
from creditreg.engine.timeline import NEUTRAL, Timeline
from creditreg.rulebook.texts import Text, both

FORMAT = 2

NAMES = {"Action": Action, "Text": Text}
"""Names the state modules import only for type checking, for resolving their hints."""


def encode(timeline: Timeline) -> bytes:
    """``[format, subject, starts, states]`` as compact JSON, compressed."""
    plain = _plainer(SubjectState)
    states = [plain(state) for state in timeline.states]
    body = [FORMAT, timeline.subject_id, list(timeline.starts), states]
    return zlib.compress(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode(), 6)


class Encoded:
    """A decoded body: the interval starts, and states built only when asked."""

    __slots__ = ("_raw", "starts", "subject_id")

    def __init__(self, body: bytes) -> None:
        version, self.subject_id, self.starts, self._raw = json.loads(zlib.decompress(body))
        if version != FORMAT:
            raise ValueError(f"unknown projection format {version}")

    def at(self, day: date, law: Law) -> SubjectState:
        index = bisect_right(self.starts, day.toordinal()) - 1
        if index < 0:
            return fold_in_time(self.subject_id, (), law, day)
        state: SubjectState = _build(SubjectState)(self._raw[index])
        object.__setattr__(state, "as_of", day)  # a fresh object of ours: no copy needed
        return state

    def timeline(self) -> Timeline:
        states = tuple(_build(SubjectState)(raw) for raw in self._raw)
        return Timeline(self.subject_id, tuple(self.starts), states)


def decode(body: bytes) -> Timeline:
    return Encoded(body).timeline()


@cache
def _plainer(cls: type) -> Callable[[Any], list[Any]]:
    """A function from an instance of ``cls`` to the plain list of its fields.

    Compiled once per class from its type hints (like ``_build``; both by ``_converter``):
    probing every value with ``is_dataclass`` cost more than building the timeline (profile
    of the rebuild).
    """
    hints = typing.get_type_hints(cls, localns=NAMES)
    named = [(f.name, _converter(hints[f.name], ENCODING)) for f in fields(cls)]

    def plain(value: Any) -> list[Any]:
        return [unmake(getattr(value, name)) for name, unmake in named]

    return plain


@dataclass(frozen=True, slots=True)
class _Way:
    """One direction of the codec: what it does to each kind of value a hint names."""

    sequence: Callable[[Callable[[Any], Any]], Callable[[Any], Any]]
    day: Callable[[Any], Any]
    text: Callable[[Any], Any]
    enum: Callable[[type[Enum]], Callable[[Any], Any]]
    record: Callable[[type], Callable[[Any], Any]]


def _converter(hint: Any, way: _Way) -> Callable[[Any], Any]:
    """A value of type ``hint`` converted one ``way``: to JSON or back."""
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, UnionType):
        inner = _converter(next(a for a in args if a is not NoneType), way)
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        return way.sequence(_converter(args[0], way))
    if hint is date:
        return way.day
    if hint is Text:
        return way.text
    if isinstance(hint, type) and issubclass(hint, Enum):
        return way.enum(hint)
    if isinstance(hint, type) and is_dataclass(hint):
        return way.record(hint)
    return _same


def _text_pair(value: Text) -> list[str]:
    return [value.zh, value.en]


def _text_of(value: list[str]) -> Text:
    return both(value[0], value[1])


def _enum_value(value: Enum) -> Any:
    return value.value


@cache
def _build(cls: type) -> Callable[[list[Any]], Any]:
    """A function from the plain list of ``cls``'s fields back to an instance."""
    hints = typing.get_type_hints(cls, localns=NAMES)
    makers = [_converter(hints[f.name], DECODING) for f in fields(cls)]

    def build(raw: list[Any]) -> Any:
        return cls(*[make(value) for make, value in zip(makers, raw, strict=True)])

    return build


def _same(value: Any) -> Any:
    return value


def _lists(item: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
    return lambda value: [item(v) for v in value]


def _tuples(item: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda value: tuple(item(v) for v in value)


def _enum_values(_: type[Enum]) -> Callable[[Enum], Any]:
    return _enum_value


def _enum_members(hint: type[Enum]) -> Callable[[Any], Enum]:
    return hint


ENCODING = _Way(_lists, date.toordinal, _text_pair, _enum_values, _plainer)
DECODING = _Way(_tuples, date.fromordinal, _text_of, _enum_members, _build)


__all__ = ["NEUTRAL", "Encoded", "decode", "encode"]
