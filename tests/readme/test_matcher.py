"""The tour's matcher: placeholders and elisions match what they say and nothing else."""

from __future__ import annotations

from tests.readme.tour import blocks, match

README = """intro
```console
$ echo one \\
    two
one two
$ true
```
```sh
$ not a console block
```
"""


def test_blocks_split_commands_continuations_and_output() -> None:
    (block,) = blocks(README)
    assert [step.command for step in block.steps] == ["echo one \\\n    two", "true"]
    assert block.steps[0].expected == ["one two"]
    assert block.steps[0].line == 3
    assert block.steps[1].expected == []


def test_exact_lines_must_match_exactly() -> None:
    assert match(["read 37"], "read 37\n", {})
    assert not match(["read 37"], "read 40\n", {})
    assert not match(["read 37"], "read 37\nmore\n", {})
    assert not match([], "anything\n", {})


def test_a_placeholder_binds_one_value_for_the_whole_block() -> None:
    values: dict[str, str] = {}
    assert match(["key <key-id> at <time>"], "key ab12 at 10:00\n", values)
    assert values == {"key_id": "ab12", "time": "10:00"}
    assert match(["again <key-id>"], "again ab12\n", values)
    assert not match(["again <key-id>"], "again cd34\n", values)
    assert not match(["<a> <a>"], "x y\n", {})


def test_elisions_cover_text_and_lines() -> None:
    assert match(['"contest": "Object …",'], '"contest": "Object in writing",\n', {})
    assert match(["{", "…", "}"], "{\n  a\n  b\n}\n", {})
    assert not match(["{", "…", "}"], "{\n  a\n", {})
