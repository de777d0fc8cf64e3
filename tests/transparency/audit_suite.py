"""Tampering directly in the database, caught by ``check_tree`` at the right leaf.

Each test publishes signed heads over twelve entries (the last six without personal
data, so the attacker can renumber them freely), then edits the tables the way an
attacker with database access would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from creditreg.transparency import keys, verifier
from creditreg.transparency.audit import check_tree
from creditreg.transparency.extend import catch_up
from creditreg.transparency.heads import publish_head
from creditreg.transparency.hook import tree_writer
from creditreg.transparency.leaves import entries_after, leaf_hashes_of_rows
from tests.log.helpers import AT, added, sample

NewEngine = Callable[[], Engine]


def _sql(engine: Engine, *statements: str) -> None:
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))


def _retree(engine: Engine) -> None:
    """The thorough attacker: rebuild the stored leaves, the tree's and the rows', from
    the edited entries."""
    with engine.connect() as conn:
        hashes = leaf_hashes_of_rows(entries_after(conn, 0, 100))
    with engine.begin() as conn:
        conn.execute(
            text("UPDATE tree_leaves SET hashes = :h WHERE chunk = 0"), {"h": b"".join(hashes)}
        )
        update = text("UPDATE events SET leaf = :h WHERE seq = :s")
        conn.execute(update, [{"h": leaf, "s": seq} for seq, leaf in enumerate(hashes, 1)])


class AuditTests:
    """Runs with ``new_engine`` from the backend's test class."""

    @pytest.fixture
    def signer(self, tmp_path: Path) -> keys.Signer:
        return keys.ensure_signing_key(tmp_path / "audit-keys")

    @pytest.fixture
    def logged(self, new_engine: NewEngine, signer: keys.Signer) -> Engine:
        engine = new_engine()
        writer = tree_writer(engine)
        writer.append(sample(), AT)
        catch_up(engine)
        publish_head(engine, signer)
        writer.append([added(f"R{i}", f"S{i}") for i in range(7, 13)], AT)
        catch_up(engine)
        publish_head(engine, signer)
        return engine

    def _first_bad(self, engine: Engine) -> tuple[int | None, str]:
        result = check_tree(engine)
        assert result.ok is (result.first_bad_index is None)
        return result.first_bad_index, result.reason

    def test_an_untouched_log_agrees_with_its_heads(
        self, logged: Engine, signer: keys.Signer
    ) -> None:
        result = check_tree(logged, verifier.load_keys(signer.public.raw_hex))
        assert (result.ok, result.checked) == (True, 12)

    def test_a_changed_field(self, logged: Engine) -> None:
        _sql(
            logged,
            "UPDATE events SET body = replace(body, 'rail.smoking', 'rail.other') WHERE seq = 4",
        )
        assert self._first_bad(logged) == (
            3,
            "leaf 3 (seq 4): its entry no longer hashes to its stored leaf hash",
        )

    def test_a_deleted_event(self, logged: Engine) -> None:
        _sql(logged, "DELETE FROM events WHERE seq = 9")
        assert self._first_bad(logged) == (8, "entry seq 9 is missing")

    def test_two_events_swapped(self, logged: Engine) -> None:
        _sql(
            logged,
            "UPDATE events SET seq = 100 WHERE seq = 8",
            "UPDATE events SET seq = 8 WHERE seq = 10",
            "UPDATE events SET seq = 10 WHERE seq = 100",
        )
        assert self._first_bad(logged)[0] == 7

    def test_an_event_inserted_in_the_middle(self, logged: Engine) -> None:
        statements = [f"UPDATE events SET seq = {s + 1} WHERE seq = {s}" for s in range(12, 8, -1)]
        copy = "INSERT INTO events SELECT 9, kind, subject_id, 'R99', on_date, recorded_at, body, "
        copy += "personal_commitment, prev_hash, hash, leaf FROM events WHERE seq = 7"
        _sql(logged, *statements, copy)
        assert self._first_bad(logged)[0] == 8

    def test_a_truncated_tail(self, logged: Engine) -> None:
        _sql(
            logged,
            "DELETE FROM events WHERE seq > 9",
            "UPDATE tree_leaves SET hashes = substr(hashes, 1, 9 * 32)",
        )
        assert self._first_bad(logged) == (
            9,
            "signed head 12 covers them but entries 10..12 were removed",
        )

    def test_a_rewritten_tree_still_disagrees_with_the_signed_heads(self, logged: Engine) -> None:
        _sql(
            logged,
            "UPDATE events SET body = replace(body, 'rail.smoking', 'rail.other') WHERE seq = 8",
        )
        _retree(logged)
        assert self._first_bad(logged) == (
            6,
            "the log no longer hashes to signed head 12: a leaf from 6 to 11 was changed",
        )

    def test_a_forged_head(self, logged: Engine, signer: keys.Signer) -> None:
        _sql(logged, "UPDATE tree_heads SET size = 11 WHERE size = 12")
        result = check_tree(logged, verifier.load_keys(signer.public.raw_hex))
        assert (result.ok, result.reason) == (
            False,
            "signed head 11: the head's signature is not valid",
        )
