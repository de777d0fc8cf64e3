"""The README's console blocks as steps a shell can run, and a matcher for what they print.

A block is fenced as ``console``. A line starting with ``$ `` is a command (a trailing
backslash continues it on the next line); the lines after it, up to the next command,
are what it prints (stdout and stderr together, as a terminal shows them). In those
lines the README may write:

- ``<name>`` (lower case, digits, dashes) for a value that differs each run (an id, a
  hash, a time); the same name twice in a block must be the same value both times;
- ``…`` for any text within a line, and a line holding only ``…`` for any lines.

Everything else must match exactly (trailing spaces aside).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

FENCE = re.compile(r"^```console\n(.*?)^```", re.S | re.M)
PLACEHOLDER = re.compile(r"<([a-z][a-z0-9-]*)>")


@dataclass
class Step:
    """One command of the README and what the README says it prints."""

    command: str
    line: int
    expected: list[str] = field(default_factory=list)


@dataclass
class Block:
    """The steps of one console block (placeholders are shared within a block)."""

    line: int
    steps: list[Step]


def blocks(readme: str) -> list[Block]:
    """Every console block of ``readme``, in order."""
    found = []
    for match in FENCE.finditer(readme):
        first = readme.count("\n", 0, match.start(1)) + 1
        found.append(Block(first - 1, _steps(match.group(1).splitlines(), first)))
    return found


def _steps(lines: list[str], first: int) -> list[Step]:
    steps: list[Step] = []
    continuing = False
    for number, text in enumerate(lines, start=first):
        if continuing:
            steps[-1].command += "\n" + text
        elif text.startswith("$ "):
            steps.append(Step(text[2:], number))
        elif steps:
            steps[-1].expected.append(text)
        else:
            raise ValueError(f"README.md:{number}: output before any command")
        continuing = text.startswith("$ ") or continuing
        continuing = continuing and text.endswith("\\")
    return steps


def pattern(expected: list[str], seen: set[str]) -> str:
    """A regular expression for ``expected``; ``seen`` holds the block's names so far."""
    parts = []
    for text in _trimmed(expected):
        if text.strip() == "…":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(_line(text, seen) + r"\n")
    return "".join(parts)


def _line(text: str, seen: set[str]) -> str:
    out = []
    for piece in re.split(r"(<[a-z][a-z0-9-]*>|…)", text):
        if piece == "…":
            out.append(r"[^\n]*?")
        elif PLACEHOLDER.fullmatch(piece):
            name = piece[1:-1].replace("-", "_")
            out.append(f"(?P={name})" if name in seen else rf"(?P<{name}>[^\s]+?)")
            seen.add(name)
        else:
            out.append(re.escape(piece))
    return "".join(out)


def _trimmed(lines: list[str]) -> list[str]:
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def normalised(output: str) -> str:
    """Output as compared: trailing spaces and blank lines dropped, one final newline."""
    lines = _trimmed(output.splitlines())
    return "".join(line + "\n" for line in lines)


def match(expected: list[str], output: str, values: dict[str, str]) -> bool:
    """Whether ``output`` is what ``expected`` says; names already bound must agree.

    ``values`` holds the block's bound names and gains the new ones.
    """
    seen = set(values)
    regex = pattern(expected, seen)
    for name, value in values.items():
        regex = regex.replace(f"(?P={name})", re.escape(value))
    found = re.fullmatch(regex, normalised(output))
    if found is None:
        return False
    values.update({k: v for k, v in found.groupdict().items() if v is not None})
    return True
