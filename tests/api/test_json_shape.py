"""``ShapeGuard`` measures a JSON body's shape from its bytes exactly as a parser would
from its value: the law is checked over random values, serialisations and chunkings."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from creditreg.web.api.json_shape import Shape, ShapeError, ShapeGuard

SMALL = Shape(max_items=4, max_depth=3, max_members=3, max_token=12)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=25,
)


def breaches(value: Any, shape: Shape, depth: int = 0) -> bool:
    """Whether ``value`` breaks ``shape``, measured on the parsed value."""
    if isinstance(value, list | dict):
        members = list(value.items()) if isinstance(value, dict) else [(None, v) for v in value]
        limit = shape.max_members if isinstance(value, dict) else shape.max_items
        keys = [key for key, _ in members if key is not None]
        return (
            depth + 1 > shape.max_depth
            or len(members) > limit
            or any(breaches(key, shape) for key in keys)
            or any(breaches(item, shape, depth + 1) for _, item in members)
        )
    token = json.dumps(value, ensure_ascii=False).encode()  # bytes, as the body holds them
    length = len(token) - 2 if isinstance(value, str) else len(token)
    return length > shape.max_token


def guarded(body: bytes, cuts: list[int], lines: bool = False) -> bool:
    """Whether the guard refuses ``body`` fed in pieces cut at ``cuts``."""
    guard = ShapeGuard(SMALL, lines=lines)
    edges = [0, *sorted(c % (len(body) + 1) for c in cuts), len(body)]
    try:
        for start, end in pairwise(edges):
            guard.feed(body[start:end])
        guard.finish()
    except ShapeError:
        return True
    return False


@given(values, st.lists(st.integers(min_value=0), max_size=8), st.sampled_from([None, 1]))
def test_the_guard_refuses_exactly_the_bodies_whose_value_breaks_the_shape(
    value: Any, cuts: list[int], indent: int | None
) -> None:
    body = json.dumps(value, indent=indent, ensure_ascii=False).encode()
    assert guarded(body, cuts) == breaches(value, SMALL)


@given(st.lists(st.dictionaries(st.text(max_size=3), scalars, max_size=2), max_size=7))
def test_ndjson_lines_count_as_items(rows: list[dict[str, Any]]) -> None:
    body = b"".join(json.dumps(row, ensure_ascii=False).encode() + b"\n\n" for row in rows)
    too_many = len(rows) > SMALL.max_items
    assert guarded(body, [], lines=True) is (too_many or any(breaches(r, SMALL) for r in rows))


def test_an_escaped_quote_split_across_chunks_stays_inside_the_string() -> None:
    body = b'["ab\\"],[[[[[[", 1]'  # the brackets are text, not nesting
    assert not guarded(body, [4])
    assert not guarded(body, [5])


@pytest.mark.parametrize(
    ("body", "too_large"),
    [(b"[" + b"{}," * 4 + b"{}]", True), (b'["' + b"x" * 13 + b'"]', False), (b"[[[[]]]]", False)],
)
def test_each_breach_says_whether_it_is_a_count(body: bytes, too_large: bool) -> None:
    with pytest.raises(ShapeError) as refused:
        ShapeGuard(SMALL).feed(body)
    assert refused.value.too_large is too_large
