"""Bounds on a JSON body's shape, checked as its bytes arrive, before anything parses it.

A body within the byte limit can still cost many times its size once parsed: 16 MB of
``{},{},…`` is 5.6 million dicts, and a 15 MB string is 15 MB more for every copy made
of it (the error message that quoted it, too). ``ShapeGuard`` looks only at the bytes
that give JSON its structure (brackets, braces, commas, colons, quotes, backslashes,
newlines) and refuses a body as soon as it nests deeper than ``max_depth``, holds more
than ``max_items`` values in one array (or NDJSON lines), more than ``max_members``
members in one object, or a string or bare token longer than ``max_token`` bytes. Its work ends
where the body is refused, so a hostile body costs a few thousand regex matches.

It does not validate JSON: the parser does that afterwards, on a body now known to be
small in shape. A body that is not JSON at all is only held to the token bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STRUCTURE = re.compile(rb'[\[\]{},:"\n]')
IN_STRING = re.compile(rb'["\\]')
OPEN = frozenset(b"[{")
CLOSE = frozenset(b"]}")


class ShapeError(ValueError):
    """The body breaks a bound; ``too_large`` when the bound is a count (a 413)."""

    def __init__(self, detail: str, too_large: bool = False) -> None:
        super().__init__(detail)
        self.too_large = too_large


@dataclass(frozen=True, slots=True)
class Shape:
    max_items: int = 10_000
    max_depth: int = 32
    max_members: int = 64
    # A field is at most 2,000 characters; written as \ud83d\ude00 escapes one character
    # takes 12 bytes. Longer fields below this bound are still refused per field.
    max_token: int = 32 * 1024


class ShapeGuard:
    """Feed it a body's chunks in order; it raises ``ShapeError`` at the first breach."""

    __slots__ = ("arrays", "commas", "escaped", "in_string", "line_open", "lines", "run", "shape")

    def __init__(self, shape: Shape, lines: bool = False) -> None:
        self.shape = shape
        self.lines: int | None = 0 if lines else None  # NDJSON: non-blank lines so far
        self.arrays: list[bool] = []  # the open containers, innermost last: array or object
        self.commas: list[int] = []  # commas seen in each open container
        self.in_string = self.escaped = self.line_open = False
        self.run = 0  # bytes of the string or bare token being read

    def feed(self, chunk: bytes) -> None:
        position = 0
        while position < len(chunk):
            if self.in_string:
                position = self._string(chunk, position)
            else:
                position = self._structure(chunk, position)

    def finish(self) -> None:
        """The body ended: count an NDJSON last line without its newline."""
        self._end_line()

    def _string(self, chunk: bytes, position: int) -> int:
        """Skip to the string's closing quote, counting its bytes as written."""
        if self.escaped:  # the byte after a backslash, perhaps a quote, belongs to the string
            self.escaped = False
            self._grow(1)
            return position + 1
        found = IN_STRING.search(chunk, position)
        end = len(chunk) if found is None else found.start()
        self._grow(end - position)
        if found is None:
            return end
        if chunk[end] == 0x22:  # the closing quote
            self.in_string, self.run = False, 0
        else:
            self.escaped = True
            self._grow(1)
        return end + 1

    def _structure(self, chunk: bytes, position: int) -> int:
        found = STRUCTURE.search(chunk, position)
        end = len(chunk) if found is None else found.start()
        if end > position:
            self._bare(chunk[position:end])
        if found is None:
            return end
        self.run = 0
        self._mark(chunk[end])
        return end + 1

    def _bare(self, text: bytes) -> None:
        """Numbers, true/false/null and whitespace between the structural bytes.

        Whitespace is free: the parser skips it without building anything."""
        token = len(text.strip())
        self._grow(token)
        if token and not self.arrays:
            self.line_open = True

    def _mark(self, byte: int) -> None:
        if byte == 0x22:
            self.in_string = True
            self.line_open = self.line_open or not self.arrays
        elif byte in OPEN:
            self._open(byte == 0x5B)
        elif byte in CLOSE:
            if self.arrays:
                self.arrays.pop()
                self.commas.pop()
        elif byte == 0x2C:
            self._comma()
        elif byte == 0x0A and not self.arrays:  # a newline outside containers ends a line
            self._end_line()

    def _open(self, array: bool) -> None:
        self.line_open = True
        self.arrays.append(array)
        self.commas.append(0)
        # An NDJSON line nested too deeply is rejected by itself when parsed: its
        # neighbours are good input (SPEC §3); the stack is bounded by the body size.
        if len(self.arrays) > self.shape.max_depth and self.lines is None:
            depth = self.shape.max_depth
            raise ShapeError(f"the body nests arrays or objects deeper than {depth} levels")

    def _comma(self) -> None:
        if not self.arrays:
            return
        self.commas[-1] += 1
        if self.arrays[-1] and self.commas[-1] >= self.shape.max_items:
            limit = self.shape.max_items
            raise ShapeError(f"an array in the body holds more than {limit} items", True)
        if not self.arrays[-1] and self.commas[-1] >= self.shape.max_members:
            limit = self.shape.max_members
            raise ShapeError(f"an object in the body has more than {limit} members")

    def _end_line(self) -> None:
        if self.lines is None or not self.line_open:
            return
        self.lines, self.line_open = self.lines + 1, False
        if self.lines > self.shape.max_items:
            limit = self.shape.max_items
            raise ShapeError(f"the body holds more than {limit} lines", True)

    def _grow(self, length: int) -> None:
        self.run += length
        if self.run > self.shape.max_token:
            raise ShapeError(f"a value in the body is longer than {self.shape.max_token} bytes")
