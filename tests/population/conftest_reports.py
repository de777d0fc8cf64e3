"""Building small real registries for the report tests (simulate, stats, publish).

Plain helpers, not fixtures (``conftest.py`` here belongs to the rescore tests): a test
module asks for a registry with ``build_registry``. Registries are real SQLite files,
initialised and filled through the command line's own ``init`` and ``ingest``, and
due-process events go through the real commands too.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from creditreg.cli.app import app
from creditreg.registry import Registry
from creditreg.rulebook.loader import DEFAULT_RULEBOOK, default_rulebook
from tests.engine.conftest import organisation, person

RULEBOOK = default_rulebook().rulebook
FIELDS = (
    "record_id",
    "subject_id",
    "subject_name",
    "type",
    "authority",
    "decision_ref",
    "decided_at",
    "amount",
)

__all__ = ["RULEBOOK", "Reg", "build_registry", "draft", "organisation", "person", "row"]


def authority_for(type_: str) -> str:
    """The first authority that may issue ``type_``, one seated where its scheme holds
    when the rulebook names one (a Rongcheng points record from a Rongcheng authority)."""
    record_type = RULEBOOK.record_types[type_]
    allowed = [c for c, a in RULEBOOK.authorities.items() if a.kind in record_type.issued_by]
    return next((c for c in allowed if RULEBOOK.applies(record_type, c)), allowed[0])


def row(record_id: str, subject_id: str, type_: str, decided: date, **extra: Any) -> dict[str, Any]:
    """One input record with a valid authority, a decision reference and (optional) a name."""
    return {
        "record_id": record_id,
        "subject_id": subject_id,
        "subject_name": extra.get("name", f"姓名{record_id}"),
        "type": type_,
        "authority": extra.get("authority", authority_for(type_)),
        "decision_ref": f"ref-{record_id}",
        "decided_at": decided.isoformat(),
        "amount": extra.get(
            "amount", "10.00" if RULEBOOK.record_types[type_].requires_amount else ""
        ),
    }


@dataclass
class Reg:
    """A real registry and the command line pointed at it."""

    url: str
    path: Path
    runner: CliRunner = field(default_factory=CliRunner)

    def run(self, *args: str, code: int | None = 0) -> Any:
        result = self.runner.invoke(app, ["--db", self.url, *args], catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, (result.stdout, result.stderr)
        return result

    def json(self, *args: str, code: int = 0) -> Any:
        return json.loads(self.run(*args, "--json", code=code).stdout)

    def open(self) -> Registry:
        return Registry.open(self.url)

    def ingest(self, rows: list[dict[str, Any]], name: str = "records.csv") -> None:
        source = self.path / name
        with source.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        summary = self.json("ingest", str(source))
        assert summary["rejected"] == 0, summary


def build_registry(
    directory: Path, rows: list[dict[str, Any]], rulebook: Path | None = None
) -> Reg:
    """A fresh registry in ``directory`` holding ``rows`` (under ``rulebook`` if given)."""
    directory.mkdir(parents=True, exist_ok=True)
    reg = Reg(f"sqlite:///{directory / 'registry.db'}", directory)
    reg.run("init", *(("--rulebook", str(rulebook)) if rulebook else ()))
    if rows:
        reg.ingest(rows)
    return reg


def draft(directory: Path, *replacements: tuple[str, str], name: str = "draft.yaml") -> Path:
    """The default rulebook with each ``(old, new)`` text replaced once (each must occur)."""
    text = default_rulebook_path().read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def default_rulebook_path() -> Path:
    return Path(str(resources.files("creditreg.rulebook").joinpath(DEFAULT_RULEBOOK)))
