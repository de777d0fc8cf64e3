"""Reading a rulebook file: YAML in, a checked ``Rulebook`` out, or errors with file:line:field.

Validation happens in two passes: the shape (pydantic, from ``model.py``) and the
cross-references (``references.py``: services, lists and groups that must exist).
Every problem is reported at the line of the YAML node it concerns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from creditreg.errors import CreditregError
from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.references import check_references
from creditreg.rulebook.texts import LANGS, LEGACY

DEFAULT_RULEBOOK = "cn-default.yaml"

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a rulebook, located in its file."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        if not self.line and not self.field:  # the file as a whole (it cannot be read)
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}: {self.field or '(top)'}: {self.message}"


class RulebookError(CreditregError, ValueError):
    """A rulebook that cannot be used; ``problems`` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnreadableRulebook(RulebookError):
    """The file itself cannot be read (missing, unreadable, not UTF-8): an error in what
    was asked (exit 2 on the command line), not a rulebook with problems (exit 1)."""


@dataclass(frozen=True, slots=True)
class LoadedRulebook:
    """A rulebook with its source text and digest, as stored and cited."""

    rulebook: Rulebook
    text: str
    digest: str


def load_rulebook(path: Path | str) -> LoadedRulebook:
    """Read and check the rulebook at ``path``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise UnreadableRulebook(
            [Problem(str(path), 0, "", f"the file cannot be read: {reason}")]
        ) from exc
    return parse_rulebook(text, str(path))


def default_rulebook() -> LoadedRulebook:
    """The rulebook shipped with the package (SPEC §2)."""
    text = resources.files("creditreg.rulebook").joinpath(DEFAULT_RULEBOOK).read_text("utf-8")
    return parse_rulebook(text, DEFAULT_RULEBOOK)


def parse_rulebook(text: str, filename: str, *, stored: bool = False) -> LoadedRulebook:
    """Check ``text`` as a rulebook; ``filename`` is only used in error messages.

    ``stored``: a version read back from the registry, which may predate texts with
    languages (a plain string then stands for both); a new rulebook must give both.
    """
    data, lines = _parse_yaml(text, filename)
    try:
        rulebook = Rulebook.model_validate(data, context={LEGACY: stored})
    except ValidationError as exc:
        raise RulebookError(_shape_problems(exc, lines, filename)) from exc
    problems = [
        Problem(filename, _line_of(lines, path), _dotted(path), message)
        for path, message in check_references(rulebook)
    ]
    if problems:
        raise RulebookError(problems)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return LoadedRulebook(rulebook, text, digest)


def _parse_yaml(text: str, filename: str) -> tuple[Any, dict[PathKey, int]]:
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise RulebookError([Problem(filename, line, "", f"not valid YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise RulebookError([Problem(filename, 1, "", "a rulebook is a YAML mapping")])
    lines: dict[PathKey, int] = {}
    duplicates: list[Problem] = []
    _index_lines(root, (), lines, duplicates, filename)
    if duplicates:
        raise RulebookError(duplicates)
    return data, lines


def _index_lines(
    node: yaml.Node | None,
    path: PathKey,
    lines: dict[PathKey, int],
    duplicates: list[Problem],
    filename: str,
) -> None:
    """Remember the line of every node by its path; a key given twice is a problem.

    YAML parsers keep the last of two equal keys silently; in a rulebook that would
    hide a rule, so it is refused.
    """
    if node is None:
        return
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name, line = str(key.value), key.start_mark.line + 1
            if name in seen and name != "<<":
                field = _dotted((*path, name))
                duplicates.append(Problem(filename, line, field, "key given twice"))
            seen.add(name)
            _index_lines(value, (*path, name), lines, duplicates, filename)
            lines[(*path, name)] = line  # the key's own line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _index_lines(item, (*path, index), lines, duplicates, filename)


def _shape_problems(exc: ValidationError, lines: dict[PathKey, int], name: str) -> list[Problem]:
    problems = []
    for error in exc.errors():
        path = tuple(p for p in error["loc"] if isinstance(p, str | int))
        message = error["msg"]
        if error["type"] == "missing" and path and path[-1] in LANGS:
            message = f"the text lacks its {path[-1]} version (every text needs zh-CN and en)"
        problems.append(Problem(name, _line_of(lines, path), _dotted(path), message))
    return problems


def _line_of(lines: dict[PathKey, int], path: PathKey) -> int:
    """The line of the deepest node of ``path`` that exists in the file."""
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return 0


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
