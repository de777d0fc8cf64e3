"""The stored tree, written once and run on every backend (as ``tests/log/suite.py`` is).

Most tests build trees from synthetic leaf hashes (``extend_tree`` never reads the log
when the tree is complete), large enough to have stored subtrees up to level 10;
the rest append real events through the writer and bring the tree up to date.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from creditreg.db.connection import write_transaction
from creditreg.db.tree_tables import STORED_LEVEL
from creditreg.log import connect, migrate
from creditreg.transparency import merkle, verifier
from creditreg.transparency.extend import extend_tree
from creditreg.transparency.store import TreeError, TreeReader

from .trees import leaves

LEAVES = leaves(1100)
SPLITS = [1, 254, 1, 300, 2, 542]  # sums to 1100; crosses every stored boundary mid-batch
NewEngine = Callable[[], Engine]


def grow(engine: Engine, hashes: Sequence[bytes], splits: Sequence[int], first: int = 0) -> None:
    """Extend the stored tree with ``hashes[first:]`` in batches of ``splits``."""
    start = first
    for count in splits:
        with write_transaction(engine) as conn:
            extend_tree(conn, start + 1, hashes[start : start + count])
        start += count


def _root(size: int) -> bytes:
    return merkle.root(LEAVES[:size])


def _subtree(start: int, end: int) -> bytes:
    return merkle.root(LEAVES[start:end])


class TreeStorageTests:
    """Every storage test of the tree; a subclass per backend supplies ``database_urls``."""

    examples: ClassVar[int] = 15

    @pytest.fixture
    def database_urls(self) -> Callable[[], str]:
        raise NotImplementedError("a backend's test class supplies database_urls")

    @pytest.fixture
    def new_engine(self, database_urls: Callable[[], str]) -> Iterator[NewEngine]:
        made: list[Engine] = []

        def new() -> Engine:
            made.append(connect(database_urls()))
            migrate(made[-1])
            return made[-1]

        yield new
        for engine in made:
            engine.dispose()

    @pytest.fixture
    def tree(self, new_engine: NewEngine) -> Engine:
        """A stored tree of 1100 synthetic leaves, grown in uneven batches."""
        engine = new_engine()
        grow(engine, LEAVES, SPLITS)
        return engine

    def test_batches_store_every_leaf_and_exactly_the_large_perfect_subtrees(
        self, tree: Engine
    ) -> None:
        with tree.connect() as conn:
            stored = {
                (int(r[0]), int(r[1])): bytes(r[2])
                for r in conn.exec_driver_sql("SELECT level, idx, hash FROM tree_nodes")
            }
            reader = TreeReader(conn)
            assert reader.size() == len(LEAVES)
            assert reader.leaves(0, len(LEAVES)) == LEAVES
            roots = {size: reader.root(size) for size in (0, 1, 255, 256, 257, 1024, 1100)}
        expected = {
            (level, index): _subtree(index << level, (index + 1) << level)
            for level in range(STORED_LEVEL, 11)
            for index in range(len(LEAVES) >> level)
        }
        assert stored == expected
        assert roots == {size: _root(size) for size in roots}

    @pytest.mark.parametrize("size", [1, 255, 256, 257, 700, 1024, 1100])
    def test_stored_inclusion_proofs_are_the_reference_proofs(
        self, tree: Engine, size: int
    ) -> None:
        indices = {0, 1, 254, 255, 256, 511, 512, 699, 1023, 1024, 1099}
        with tree.connect() as conn:
            reader = TreeReader(conn)
            for index in sorted(i for i in indices if i < size):
                path = reader.hashes(merkle.inclusion_ranges(index, size))
                assert path == merkle.inclusion_proof(index, size, _subtree)
                verifier.verify_inclusion(LEAVES[index], index, size, path, _root(size))

    def test_stored_consistency_proofs_are_the_reference_proofs(self, tree: Engine) -> None:
        sizes = [1, 2, 255, 256, 257, 511, 700, 1024, 1025, 1100]
        with tree.connect() as conn:
            reader = TreeReader(conn)
            for new in sizes:
                for old in (s for s in sizes if s <= new):
                    path = reader.hashes(merkle.consistency_ranges(old, new))
                    assert path == merkle.consistency_proof(old, new, _subtree)
                    verifier.verify_consistency(old, new, _root(old), _root(new), path)

    def test_a_proof_reads_two_chunks_of_leaves_and_log_n_nodes(self, tree: Engine) -> None:
        with tree.connect() as conn:
            for index in (0, 300, 1099):
                reader = TreeReader(conn)
                reader.hashes(merkle.inclusion_ranges(index, 1100))
                # the leaf's chunk, the unfinished tail chunk, at most two nodes a level
                assert reader.rows_read <= 2 + 2 * (1100).bit_length()

    def test_the_tree_refuses_an_overlap_and_names_a_missing_node(self, tree: Engine) -> None:
        with write_transaction(tree) as conn, pytest.raises(TreeError, match="already holds"):
            extend_tree(conn, 1100, [LEAVES[0]])
        with tree.begin() as conn:
            conn.exec_driver_sql("DELETE FROM tree_nodes WHERE level = 10")
        with tree.connect() as conn, pytest.raises(TreeError, match=r"\(10, 0\)"):
            TreeReader(conn).root(1100)
        with write_transaction(tree) as conn, pytest.raises(TreeError, match="missing"):
            extend_tree(conn, 1101, [LEAVES[0]])

    def test_any_batching_gives_the_same_tree(self, new_engine: NewEngine) -> None:
        @given(st.lists(st.integers(1, 400), min_size=1, max_size=5))
        @settings(max_examples=self.examples, deadline=None)
        def check(splits: list[int]) -> None:
            engine = new_engine()
            hashes = leaves(sum(splits), salt=str(splits))
            grow(engine, hashes, splits)
            size = len(hashes)
            with engine.connect() as conn:
                reader = TreeReader(conn)
                assert reader.root(size) == merkle.root(hashes)
                for index in {0, size // 3, size - 1}:
                    path = reader.hashes(merkle.inclusion_ranges(index, size))
                    verifier.verify_inclusion(hashes[index], index, size, path, merkle.root(hashes))
            engine.dispose()

        check()
