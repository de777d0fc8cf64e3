"""The tree over real entries: appended by the log's writer, leaves hashed from stored rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from hashlib import sha256
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from creditreg.db.connection import write_transaction
from creditreg.events import Event
from creditreg.log import connect
from creditreg.log.batch import EVENT_COLUMNS, build_batch
from creditreg.log.erasure import delete_personal_data
from creditreg.log.integrity import LogIntegrityError
from creditreg.log.reader import LogReader
from creditreg.log.writer import _insert, _stamp, read_head
from creditreg.transparency import keys, merkle, verifier
from creditreg.transparency.extend import catch_up, extend_tree
from creditreg.transparency.heads import all_heads, publish_head
from creditreg.transparency.hook import tree_writer
from creditreg.transparency.leaves import entries_after, entry_of, leaf_hashes_of_rows
from creditreg.transparency.proofs import consistency_document, inclusion_document
from creditreg.transparency.store import TreeError, TreeReader
from tests.log.helpers import AT, added, sample

NewEngine = Callable[[], Engine]


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return entries_after(conn, 0, 1_000_000)


def _stored_leaves(engine: Engine) -> list[bytes]:
    with engine.connect() as conn:
        reader = TreeReader(conn)
        return reader.leaves(0, reader.size())


class LogTreeTests:
    """Runs with ``new_engine`` (fresh migrated databases) from the backend's test class."""

    @pytest.fixture
    def signer(self, tmp_path: Path) -> keys.Signer:
        return keys.ensure_signing_key(tmp_path / "keys")

    def test_a_leaf_hashes_exactly_the_bytes_the_chain_hash_covers(
        self, new_engine: NewEngine
    ) -> None:
        engine = new_engine()
        tree_writer(engine).append(sample(), AT)
        assert catch_up(engine) == 0  # the writer extended the tree in its transaction
        with engine.connect() as conn:
            chain = conn.exec_driver_sql("SELECT prev_hash, hash FROM events ORDER BY seq").all()
        entries = [entry_of(row) for row in _rows(engine)]
        for (prev, digest), entry in zip(chain, entries, strict=True):
            assert sha256(bytes.fromhex(prev) + entry).hexdigest() == digest
        assert _stored_leaves(engine) == [merkle.leaf_hash(entry) for entry in entries]

    def test_catch_up_adds_only_what_is_missing(self, new_engine: NewEngine) -> None:
        engine = new_engine()
        assert catch_up(engine) == 0
        append_without_tree(engine, sample())
        assert (catch_up(engine, page=4), catch_up(engine)) == (6, 0)
        append_without_tree(engine, [added(f"R{i}", f"S{i}") for i in range(10, 20)])
        assert catch_up(engine, page=3) == 10
        assert _stored_leaves(engine) == leaf_hashes_of_rows(_rows(engine))

    def test_an_append_first_hashes_entries_written_without_the_tree(
        self, new_engine: NewEngine
    ) -> None:
        """The writer's extend_tree, on a log whose older entries (written before the tree
        existed) have no leaves yet, hashes those first."""
        engine = new_engine()
        append_without_tree(engine, sample())
        tree_writer(engine).append([added("R7", "S7"), added("R8", "S8")], AT)
        fresh = leaf_hashes_of_rows(_rows(engine)[6:])
        assert _stored_leaves(engine) == leaf_hashes_of_rows(_rows(engine))
        assert [row[4] for row in _rows(engine)] == _stored_leaves(engine)  # rows filled too
        with write_transaction(engine) as conn, pytest.raises(TreeError, match="log ends"):
            extend_tree(conn, 12, fresh)

    def test_a_writer_with_a_signer_publishes_a_head_after_every_append(
        self, new_engine: NewEngine, signer: keys.Signer
    ) -> None:
        engine = new_engine()
        writer = tree_writer(engine, signer)
        writer.append(sample(), AT)
        writer.append([added("R7", "S7"), added("R8", "S8")], AT)
        writer.append([added("R7", "S7")], AT)  # a duplicate: nothing new to sign
        with engine.connect() as conn:
            assert [head.size for head in all_heads(conn)] == [6, 8]

    def test_heads_are_published_once_per_size_and_prove_every_entry(
        self, new_engine: NewEngine, signer: keys.Signer
    ) -> None:
        engine = new_engine()
        writer = tree_writer(engine)
        writer.append(sample(), AT)
        catch_up(engine)
        first = publish_head(engine, signer)
        assert publish_head(engine, signer) == first
        writer.append([added(f"R{i}", f"S{i}") for i in range(10, 17)], AT)
        catch_up(engine)
        second = publish_head(engine, signer)
        assert (first.size, second.size) == (6, 13)
        with engine.connect() as conn:
            assert all_heads(conn) == [first, second]
            public = verifier.load_keys(signer.public.raw_hex)
            for head in (first, second):
                verifier.verify_head(head.to_json(), public)
            for index in range(13):
                proof = inclusion_document(conn, index, second)
                verifier.verify_inclusion_proof(proof, second.to_json())
            proof = consistency_document(conn, first, second)
        verifier.verify_consistency_proof(proof, first.to_json(), second.to_json())

    def test_a_rewritten_or_truncated_tree_gets_no_new_head(
        self, new_engine: NewEngine, signer: keys.Signer
    ) -> None:
        engine = new_engine()
        tree_writer(engine).append(sample(), AT)
        catch_up(engine)
        publish_head(engine, signer)
        stored = _stored_leaves(engine)
        _rewrite_leaves(engine, [*stored[:2], merkle.leaf_hash(b"forged"), *stored[3:]])
        with pytest.raises(TreeError, match="no longer matches its signed head"):
            publish_head(engine, signer)
        _rewrite_leaves(engine, stored[:4])
        with pytest.raises(TreeError, match="fewer than signed head 6"):
            publish_head(engine, signer)

    def test_erasing_personal_data_changes_no_leaf_and_no_proof(
        self, new_engine: NewEngine, signer: keys.Signer
    ) -> None:
        engine = new_engine()
        tree_writer(engine).append(sample(), AT)
        catch_up(engine)
        head = publish_head(engine, signer)
        assert delete_personal_data(engine, [("S1", "R1"), ("S2", "R2")]) == 4
        assert leaf_hashes_of_rows(_rows(engine)) == _stored_leaves(engine)
        assert publish_head(engine, signer) == head
        with engine.connect() as conn:
            proof = inclusion_document(conn, 0, head)
        verifier.verify_inclusion_proof(proof, head.to_json())

    def test_a_database_from_before_the_tree_upgrades_and_catches_up(
        self, database_urls: Callable[[], str]
    ) -> None:
        engine = connect(database_urls())
        _migrate_to(engine, "0001")
        append_without_tree(engine, sample())
        _migrate_to(engine, "head")
        assert [row[4] for row in _rows(engine)] == [None] * 6  # 0009 had no tree to copy
        assert catch_up(engine) == 6
        assert _stored_leaves(engine) == leaf_hashes_of_rows(_rows(engine))
        assert [row[4] for row in _rows(engine)] == _stored_leaves(engine)
        engine.dispose()

    def test_the_leaf_column_is_filled_from_the_tree_not_from_the_bodies(
        self, database_urls: Callable[[], str]
    ) -> None:
        """Migration 0009 copies each entry's leaf from the tree into its row: a body
        changed before the upgrade still fails the read check; entries the tree does not
        hold yet stay NULL (the last chunk may be unfinished)."""
        engine = connect(database_urls())
        _migrate_to(engine, "0008")
        leaves = append_without_tree(engine, [added(f"R{i}", f"S{i % 3}") for i in range(20)])
        packed = [b"".join(leaves[:16]), leaves[16]]  # a tree of 17 leaves
        with engine.begin() as conn:
            mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
            sql = f"INSERT INTO tree_leaves (chunk, hashes) VALUES ({mark}, {mark})"
            conn.exec_driver_sql(sql, list(enumerate(packed)))
            conn.exec_driver_sql("UPDATE events SET body = replace(body, 'R2', 'R9') WHERE seq = 3")
        _migrate_to(engine, "head")
        assert [row[4] for row in _rows(engine)] == [*leaves[:17], None, None, None]
        reader = LogReader(engine)
        assert [event.record_id for event in reader.subject_events("S1")] == [
            f"R{i}" for i in range(1, 20, 3)
        ]
        with pytest.raises(LogIntegrityError, match="leaf 2 "):
            reader.subject_events("S2")
        engine.dispose()


def append_without_tree(engine: Engine, events: list[Event]) -> list[bytes]:
    """Append as a version before the Merkle tree did: entries and chain, no leaves (in
    the tree or in the rows, which had no ``leaf`` column before 0009)."""
    with write_transaction(engine) as conn:
        last, head = read_head(conn)
        batch = build_batch(events, last + 1, head, _stamp(AT))
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        columns = EVENT_COLUMNS.removesuffix(", leaf")
        sql = f"INSERT INTO events ({columns}) VALUES ({', '.join([mark] * 10)})"
        conn.exec_driver_sql(sql, [row[:-1] for row in batch.events])
        _insert(conn, replace(batch, events=[]))
    return batch.leaves


def _rewrite_leaves(engine: Engine, hashes: list[bytes]) -> None:
    """The attacker's edit: replace the (single) chunk of leaf hashes."""
    with engine.begin() as conn:
        mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
        sql = f"UPDATE tree_leaves SET hashes = {mark} WHERE chunk = 0"
        conn.exec_driver_sql(sql, (b"".join(hashes),))


def _migrate_to(engine: Engine, revision: str) -> None:
    """``creditreg.log.migrate`` stopping at ``revision``."""
    from creditreg.db import connection as database

    config = Config()
    config.set_main_option("script_location", str(database._MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
