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
from dataclasses import fields, is_dataclass
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
    plain = _state_plainer()
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

    Compiled once per class from its type hints (like ``_build``): probing every value
    with ``is_dataclass`` cost more than building the timeline (profile of the rebuild).
    """
    hints = typing.get_type_hints(cls, localns=NAMES)
    named = [(f.name, _unmaker(hints[f.name])) for f in fields(cls)]

    def plain(value: Any) -> list[Any]:
        return [unmake(getattr(value, name)) for name, unmake in named]

    return plain


def _state_plainer() -> Callable[[SubjectState], list[Any]]:
    """``_plainer(SubjectState)`` that makes the plain list of each of a state's parts
    (records, measures...) once per object: a timeline's intervals share the parts that
    did not change (``engine.timeline``), and making them is most of encoding. The JSON
    is the same; only the work is not repeated. Fresh for each timeline."""
    seen: dict[int, list[Any]] = {}
    named = [(name, _unmaker(hint, seen)) for name, hint in _fields(SubjectState)]

    def plain(state: SubjectState) -> list[Any]:
        return [unmake(getattr(state, name)) for name, unmake in named]

    return plain


@cache
def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    """``cls``'s fields and their resolved type hints."""
    hints = typing.get_type_hints(cls, localns=NAMES)
    return tuple((f.name, hints[f.name]) for f in fields(cls))


def _once(inner: Callable[[Any], list[Any]], seen: dict[int, list[Any]]) -> Callable[[Any], Any]:
    def plain(value: Any) -> list[Any]:
        found = seen.get(id(value))  # the objects outlive ``seen``: an id names one object
        if found is None:
            found = seen[id(value)] = inner(value)
        return found

    return plain


def _unmaker(hint: Any, seen: dict[int, list[Any]] | None = None) -> Callable[[Any], Any]:
    """The inverse of ``_maker``: a value of type ``hint`` as JSON."""
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, UnionType):
        inner = _unmaker(next(a for a in args if a is not NoneType))
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = _unmaker(args[0], seen)
        return lambda value: [item(v) for v in value]
    if hint is date:
        return date.toordinal
    if hint is Text:
        return _text_pair
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum_value
    if isinstance(hint, type) and is_dataclass(hint):
        return _plainer(hint) if seen is None else _once(_plainer(hint), seen)
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
    makers = [_maker(hints[f.name]) for f in fields(cls)]

    def build(raw: list[Any]) -> Any:
        return cls(*[make(value) for make, value in zip(makers, raw, strict=True)])

    return build


def _maker(hint: Any) -> Callable[[Any], Any]:
    args = typing.get_args(hint)
    origin = typing.get_origin(hint)
    if origin in (typing.Union, UnionType):
        inner = _maker(next(a for a in args if a is not NoneType))
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        item = _maker(args[0])
        return lambda value: tuple(item(v) for v in value)
    if hint is date:
        return date.fromordinal
    if hint is Text:
        return _text_of
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if isinstance(hint, type) and is_dataclass(hint):
        return _build(hint)
    return _same


def _same(value: Any) -> Any:
    return value


__all__ = ["NEUTRAL", "Encoded", "decode", "encode"]
