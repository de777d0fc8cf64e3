"""A registry made with an earlier release keeps the rulebook it stored across an upgrade.

``creditreg init`` on an existing registry migrates it and adds the roster's new
entries, but the law in force changes only when someone activates a version: the
release's own rulebook (``rulebook activate --bundled``) or any other. Every decision
answered under the stored release replays under it, before and after.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook, parse_rulebook
from tests.cli.conftest import PERSON_A, SAMPLE, Cli

EARLIER = "cn-default@2026.1"
FIXTURE = Path(__file__).parents[1] / "rulebook" / "fixtures" / "cn-default-2026.1.yaml"
SHIPPED = default_rulebook().rulebook.ref


@pytest.fixture(params=["sqlite", "postgres"])
def earlier(request: pytest.FixtureRequest, tmp_path: Path) -> Cli:
    """A registry initialised by the earlier release (its rulebook as it stored it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'registry.db'}"
    else:
        url = request.getfixturevalue("postgres_urls")()
    registry = Registry.open(url, create=True)
    registry.init(parse_rulebook(FIXTURE.read_text("utf-8"), EARLIER, stored=True))
    registry.engine.dispose()
    tool = Cli(url, CliRunner())
    tool.run("ingest", str(SAMPLE))
    return tool


def _history(cli: Cli) -> list[tuple[str, str]]:
    return [(h["rulebook"], h["status"]) for h in cli.json("rulebook", "history")]


def test_init_upgrades_without_changing_the_law_in_force(earlier: Cli) -> None:
    answered = earlier.json("check", PERSON_A, "air", "--at", "2026-11-27")
    assert answered["rulebook"] == EARLIER
    upgrade = earlier.run("init")
    assert f"the rulebook in force stays {EARLIER}" in upgrade.stdout
    assert f"{SHIPPED} is not in force: 'creditreg rulebook activate --bundled'" in upgrade.stdout
    assert _history(earlier) == [(EARLIER, "in_force")]
    again = earlier.json("check", PERSON_A, "air", "--at", "2026-11-27")
    assert again["rulebook"] == EARLIER
    assert earlier.json("replay", answered["decision_id"])["equal"] is True


def test_the_bundled_release_is_put_in_force_explicitly_and_old_answers_still_replay(
    earlier: Cli,
) -> None:
    # The earlier release applied the Rongcheng points to every record; demo-a3 (a
    # Rongcheng rule, decided by a Beijing court) costs the subject 20 points under it.
    old = earlier.json("file", PERSON_A, "--at", "2026-11-27")
    answered = earlier.json("check", PERSON_A, "air", "--at", "2026-11-27")
    earlier.run("init")
    activated = earlier.json("rulebook", "activate", "--bundled")
    assert (activated["rulebook"], activated["effective_from"]) == (SHIPPED, "2018-05-01")
    assert _history(earlier) == [(EARLIER, "replaced"), (SHIPPED, "in_force")]
    new = earlier.json("file", PERSON_A, "--at", "2026-11-27")
    assert (old["rulebook"], new["rulebook"]) == (EARLIER, SHIPPED)
    assert (old["score"], new["score"]) == (920, 940)
    replay = earlier.json("replay", answered["decision_id"])
    assert replay["equal"] is True and replay["replayed"]["rulebook"] == EARLIER


def test_activate_takes_a_file_or_the_bundled_rulebook_not_both(
    earlier: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "copy.yaml"
    path.write_text(default_rulebook().text, encoding="utf-8")
    for wrong in ((), (str(path), "--bundled")):
        result = earlier.run("rulebook", "activate", *wrong, code=2)
        assert "give a rulebook file or --bundled" in result.stderr
    assert _history(earlier) == [(EARLIER, "in_force")]


def test_init_names_the_rows_written_before_the_decision_view(cli: Cli) -> None:
    """Rows of a release before migration 0010 have no view: never served, they fold; the
    upgrade says so and names the command that rewrites them, and that command does."""
    cli.run("ingest", str(SAMPLE))
    cli.run("project", "--workers", "1")
    registry = Registry.open(cli.url)
    with registry.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE projections SET view = NULL")
    stale = registry.projection.rows_without_view()
    registry.engine.dispose()
    assert stale > 0
    assert f"{stale} projection rows predate the decision view" in cli.run("init").stdout
    cli.run("project", "--workers", "1")
    assert cli.json("init")["rows_without_view"] == 0
