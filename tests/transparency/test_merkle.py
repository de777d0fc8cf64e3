"""The pure tree: roots against the RFC's recursive definition, every proof by the verifier."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from creditreg.transparency import merkle, verifier
from creditreg.transparency.compact import CompactRange

from .trees import leaves, naive_root, source

LEAVES = leaves(300)
ROOTS = [naive_root(LEAVES[:size]) for size in range(65)]


def test_the_empty_tree_is_the_hash_of_nothing() -> None:
    assert merkle.root([]).hex() == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_leaves_and_nodes_are_domain_separated() -> None:
    """A node over (a, b) is not the leaf of a || b: a leaf cannot pose as a subtree."""
    a, b = LEAVES[0], LEAVES[1]
    assert merkle.node_hash(a, b) != merkle.leaf_hash(a + b)
    assert merkle.leaf_hash(b"") != merkle.EMPTY_ROOT


@pytest.mark.parametrize("size", range(65))
def test_root_is_the_rfc_definition_for_every_size(size: int) -> None:
    assert merkle.root(LEAVES[:size]) == ROOTS[size]


@pytest.mark.parametrize("size", range(1, 65))
def test_every_inclusion_proof_verifies_independently(size: int) -> None:
    for index in range(size):
        path = merkle.inclusion_proof(index, size, source(LEAVES))
        verifier.verify_inclusion(LEAVES[index], index, size, path, ROOTS[size])


@pytest.mark.parametrize("new", range(65))
def test_every_consistency_proof_verifies_independently(new: int) -> None:
    for old in range(new + 1):
        path = merkle.consistency_proof(old, new, source(LEAVES))
        verifier.verify_consistency(old, new, ROOTS[old], ROOTS[new], path)


@pytest.mark.parametrize("size", [2, 3, 7, 8, 13, 64])
def test_a_proof_for_another_leaf_is_rejected(size: int) -> None:
    for index in range(size):
        path = merkle.inclusion_proof(index, size, source(LEAVES))
        other = (index + 1) % size
        with pytest.raises(verifier.VerificationError):
            verifier.verify_inclusion(LEAVES[other], index, size, path, ROOTS[size])
        with pytest.raises(verifier.VerificationError):
            verifier.verify_inclusion(LEAVES[index], other, size, path, ROOTS[size])


def test_a_consistency_proof_does_not_prove_a_rewritten_prefix() -> None:
    rewritten = [merkle.leaf_hash(b"forged"), *LEAVES[1:64]]
    path = merkle.consistency_proof(5, 64, source(rewritten))
    with pytest.raises(verifier.VerificationError):
        verifier.verify_consistency(5, 64, ROOTS[5], ROOTS[64], path)


@given(st.integers(1, 300).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
@settings(max_examples=60, deadline=None)
def test_random_sizes_up_to_300_prove_consistency_and_inclusion(sizes: tuple[int, int]) -> None:
    old, new = sizes
    roots = {size: merkle.root(LEAVES[:size]) for size in sizes}
    path = merkle.consistency_proof(old, new, source(LEAVES))
    verifier.verify_consistency(old, new, roots[old], roots[new], path)
    for index in {0, max(old - 1, 0), new // 2, new - 1}:
        path = merkle.inclusion_proof(index, new, source(LEAVES))
        verifier.verify_inclusion(LEAVES[index], index, new, path, roots[new])


@given(st.lists(st.integers(0, 40), max_size=12), st.integers(0, 300))
@settings(max_examples=60, deadline=None)
def test_the_compact_range_appends_in_any_batches(batches: list[int], start: int) -> None:
    """However the leaves arrive, the edge's root is the tree's root, and every completed
    subtree it hands back is the subtree of those leaves."""
    edge = CompactRange()
    edge.extend(LEAVES[:start])
    size = start
    for count in batches:
        batch = LEAVES[size : size + count]
        for level, first, hashes in edge.extend(batch):
            for offset, node in enumerate(hashes):
                begin = (first + offset) << level
                assert node == merkle.root(LEAVES[begin : begin + (1 << level)])
        size += len(batch)
        assert edge.size == size
        assert edge.root() == merkle.root(LEAVES[:size])


def test_proof_ranges_split_into_aligned_perfect_subtrees() -> None:
    for new in range(1, 65):
        ranges = [r for i in range(new) for r in merkle.inclusion_ranges(i, new)]
        ranges += [r for old in range(new) for r in merkle.consistency_ranges(old, new)]
        for start, end in ranges:
            pieces = merkle.perfect_pieces(start, end)
            hashes = [merkle.root(LEAVES[i << lv : (i + 1) << lv]) for lv, i in pieces]
            assert merkle.fold_pieces(hashes) == merkle.root(LEAVES[start:end])


@pytest.mark.parametrize(("index", "size"), [(-1, 3), (3, 3), (0, 0)])
def test_no_inclusion_proof_outside_the_tree(index: int, size: int) -> None:
    with pytest.raises(ValueError, match="not in a tree"):
        merkle.inclusion_ranges(index, size)


def test_no_consistency_proof_backwards_or_from_an_unaligned_range() -> None:
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_ranges(5, 4)
    with pytest.raises(ValueError, match="not aligned"):
        merkle.perfect_pieces(1, 4)
    with pytest.raises(ValueError, match="edge levels"):
        CompactRange(3, {0: LEAVES[0]})
