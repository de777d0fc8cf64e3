"""Importing authorities: the bundled roster, and each kind of bad row refused by line."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

from creditreg.db.connection import connect, migrate
from creditreg.registry import Registry
from creditreg.roster.manage import bundled_path, import_file
from creditreg.roster.store import RosterStore
from creditreg.rulebook.loader import default_rulebook

RULEBOOK = default_rulebook().rulebook
HEADER = ["id", "name", "name_en", "kind", "region", "parent", "source"]


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def test_the_bundled_roster_imports_whole_into_an_empty_roster(registry_url: str) -> None:
    engine = connect(registry_url)
    migrate(engine)  # no rulebook stored yet: the migration seeds nothing
    store = RosterStore(engine)
    assert store.all() == {}
    outcome = import_file(store, RULEBOOK, bundled_path())
    assert outcome.rejected == []
    roster = store.all()
    assert len(roster) == 106
    kinds = Counter(entry.kind for entry in roster.values())
    assert (kinds["court"], kinds["railway"], kinds["aviation"], kinds["tax"]) == (36, 19, 8, 37)
    assert all(entry.source for entry in roster.values())
    higher = [e for e in roster.values() if e.kind == "court" and e.parent == "court.spc"]
    assert len(higher) == 32  # 31 provincial higher courts and the XPCC branch
    rail = [e for e in roster.values() if e.parent == "rail.china-railway"]
    assert len(rail) == 18
    caac = [e for e in roster.values() if e.parent == "air.caac"]
    assert len(caac) == 7
    tax = [e for e in roster.values() if e.parent == "tax.sta"]
    assert len(tax) == 36  # 31 provinces and 5 separately listed cities
    for key, seeded in RULEBOOK.authorities.items():  # the 14 of the rulebook, unchanged
        assert (roster[key].name, roster[key].kind) == (seeded.name, seeded.kind)
    engine.dispose()


def test_init_loads_the_bundled_roster_once(registry: Registry) -> None:
    assert len(registry.roster()) == 106
    registry.init(default_rulebook())  # init again: nothing added, nothing refused
    assert len(registry.roster()) == 106


def test_each_bad_row_is_refused_with_line_field_and_reason(
    registry: Registry, tmp_path: Path
) -> None:
    path = _csv(
        tmp_path / "roster.csv",
        [
            ["court.sd-weihai", "威海市中级人民法院", "", "court", "3710", "court.sd-higher", "s"],
            ["court.sd-higher", "山东省高级人民法院", "", "court", "37", "court.spc", "s"],
            ["court.sd-weihai", "威海市中级人民法院", "", "court", "3710", "", "s"],
            ["air.chengdu", "成都航空", "", "airline", "5101", "", "s"],
            ["court.x1", "某法院", "", "court", "379", "", "s"],
            ["court.x2", "某法院", "", "court", "99", "", "s"],
            ["court.x3", "某法院", "", "court", "3399", "", "s"],
            ["court.x4", "某法院", "", "court", "37", "court.nowhere", "s"],
            ["court.x5", "", "", "court", "37", "", "s"],
            ["court.sd-yantai", "烟台市中级人民法院", "", "court", "3706", "court.sd-weihai", "s"],
        ],
    )
    outcome = import_file(registry.authorities, registry.rulebook, path)
    refused = {(e.line, e.field): e.reason for e in outcome.rejected}
    assert set(refused) == {
        (3, "id"), (4, "id"), (5, "kind"), (6, "region"), (7, "region"), (8, "region"),
        (9, "parent"), (10, "name"),
    }  # fmt: skip
    assert "already in the roster" in refused[(3, "id")]  # in the roster before
    assert "already in the roster" in refused[(4, "id")]  # earlier in the same file
    assert "unknown kind 'airline'" in refused[(5, "kind")]
    assert "2, 4 or 6 digits" in refused[(6, "region")]
    assert "not a known administrative division" in refused[(7, "region")]
    assert "not a known administrative division" in refused[(8, "region")]
    assert "unknown parent 'court.nowhere'" in refused[(9, "parent")]
    roster = registry.roster()
    assert [e.id for e in outcome.accepted] == ["court.sd-weihai", "court.sd-yantai"]
    assert roster["court.sd-yantai"].parent == "court.sd-weihai"  # a parent from the file
    assert "court.x1" not in roster and len(roster) == 108


def test_json_lines_are_read_like_csv(registry: Registry, tmp_path: Path) -> None:
    path = tmp_path / "roster.jsonl"
    rows = [
        {"id": "tax.weihai", "name": "国家税务总局威海市税务局", "kind": "tax", "region": "3710",
         "parent": "tax.shandong", "source": "国家税务总局 www.chinatax.gov.cn"},
        {"id": "tax.weihai", "name": "again", "kind": "tax", "region": "3710"},
        ["not", "an", "object"],
        {"id": "tax.x", "name": "x", "kind": "tax", "region": 37},
        {"id": "tax.y", "name": "y", "kind": "tax", "region": "37", "rank": "deputy"},
    ]  # fmt: skip
    text = "\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n{broken\n"
    path.write_text(text, encoding="utf-8")
    outcome = import_file(registry.authorities, registry.rulebook, path)
    assert [e.id for e in outcome.accepted] == ["tax.weihai"]
    assert [(e.line, e.field) for e in outcome.rejected] == [
        (2, "id"), (3, "record"), (4, "region"), (5, "rank"), (6, "record"),
    ]  # fmt: skip


def test_a_file_of_another_type_is_one_reject(registry: Registry, tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"PK")
    outcome = import_file(registry.authorities, registry.rulebook, path)
    assert [(e.line, e.field) for e in outcome.rejected] == [(0, "file")]
    assert len(registry.roster()) == 106


def test_migration_turns_the_active_rulebooks_authorities_into_roster_entries(
    registry_url: str,
) -> None:
    """A registry made before the roster (schema 0004) keeps its 14 authorities."""
    from alembic import command
    from alembic.config import Config

    import creditreg.db.connection as database

    engine = connect(registry_url)
    config = Config()
    config.set_main_option("script_location", str(database._MIGRATIONS))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
    loaded = default_rulebook()
    Registry(engine).writer.store_rulebook(loaded.rulebook.ref, loaded.digest, loaded.text)
    migrate(engine)
    roster = RosterStore(engine).all()
    assert set(roster) == set(loaded.rulebook.authorities)
    assert {e.source for e in roster.values()} == {f"rulebook {loaded.rulebook.ref}"}
    engine.dispose()
