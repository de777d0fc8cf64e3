"""An ingest the database stops mid-run says what it stored (issue 10, finding 8).

A real SQLite database that can grow by only a few pages (``max_page_count``, set on
every connection the command opens, as a full disk would leave it): the first batches
are committed, a later one fails. The command prints how many records it stored of how
many it read and why it stopped, exits 2, and what it stored stays stored.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event

from tests.ingest.builders import good_row, write_csv

from .conftest import Cli

GROWTH = 6  # pages of 16 KiB the database may still take: a few batches of 20 rows


def stored(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])


@pytest.fixture
def nearly_full(tmp_path: Path) -> Iterator[tuple[Cli, Path]]:
    from typer.testing import CliRunner

    path = tmp_path / "registry.db"
    tool = Cli(f"sqlite:///{path}", CliRunner())
    tool.run("init")
    with sqlite3.connect(path) as conn:
        conn.execute("VACUUM")
        (pages,) = conn.execute("PRAGMA page_count").fetchone()

    def limit(dbapi_connection: Any, _record: Any) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.execute(f"PRAGMA max_page_count={pages + GROWTH}")

    event.listen(Engine, "connect", limit)
    try:
        yield tool, path
    finally:
        event.remove(Engine, "connect", limit)


@pytest.mark.parametrize("as_json", [False, True])
def test_ingest_says_what_it_stored_before_the_database_failed(
    nearly_full: tuple[Cli, Path], tmp_path: Path, as_json: bool
) -> None:
    tool, path = nearly_full
    before = stored(path)
    rows = write_csv(tmp_path / "many.csv", [good_row(n) for n in range(1, 2001)])
    options = ["--batch-size", "20"] + (["--json"] if as_json else [])
    result = tool.run("ingest", str(rows), *options, code=2)
    said = re.search(r"stored (\d+) of (\d+) records read before: (.+)", result.stderr)
    assert said, result.stderr
    kept, read = int(said[1]), int(said[2])
    assert "full" in said[3]
    assert 0 < kept < read <= 2000
    assert kept % 20 == 0  # whole batches: the one that failed left nothing behind
    assert stored(path) - before == kept  # what it said is what is there
    if as_json:
        data = json.loads(result.stdout)
        assert (data["accepted"], data["read"]) == (kept, read)
        assert "full" in data["stopped"]
