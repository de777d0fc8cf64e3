"""``creditreg demo``: a fresh registry with the bundled sample, and what three subjects see."""

from __future__ import annotations

import tempfile
import uuid
from datetime import date
from importlib import resources
from pathlib import Path

import typer

from creditreg.cli.common import err, out, user_errors
from creditreg.cli.queries import print_file
from creditreg.cli.render import decision_json, file_json
from creditreg.events import Outcome
from creditreg.ingest.pipeline import ingest_files
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.synth.generate import Spec, synthesize
from creditreg.synth.load import load
from creditreg.synth.window import Window, default_start
from creditreg.timeparse import legal_date, parse_instant

DEMO_DB = "creditreg-demo.db"
DEMO_DAY = "2026-11-27"
SYNTH = {"persons": 2_000, "orgs": 200, "seed": 2026}
"""The synthetic population beside the sample: ``creditreg synth`` with these options."""
SUBJECTS = {
    "110105198503120418": (
        "a person on the court list, in a rail publicity window",
        ["rail", "air", "star_hotel"],
    ),
    "371082199007150029": (
        "a person with two commendations (grade AAA)",
        ["deposit_waiver", "rail"],
    ),
    "91310115MA1K4CQ3A3": (
        "a company with a major tax violation",
        ["public_procurement", "bond_issuance"],
    ),
}


def register(app: typer.Typer) -> None:
    app.command("demo")(user_errors(demo))


def demo(
    at: str = typer.Option(DEMO_DAY, "--at", help="The day the demo looks at."),
    path: Path = typer.Option(Path(DEMO_DB), "--path", help="The demo's SQLite file (recreated)."),
) -> None:
    """Build a demo registry from the bundled sample and show three subjects' files and checks."""
    registry = _fresh_registry(path)
    sample = resources.files("creditreg.demo").joinpath("sample.csv")
    with resources.as_file(sample) as sample_path:
        summary = ingest_files(
            [sample_path],
            registry.writer,
            registry.rulebook,
            reader=registry.reader,
            today=date.fromisoformat(DEMO_DAY),
        )
    out.print(f"ingested the sample: {summary.accepted} records into {path}")
    _due_process(registry)
    _synthetic(registry)
    moment = parse_instant(at)
    for subject_id, (about, services) in SUBJECTS.items():
        out.rule(f"{subject_id}: {about}")
        state = registry.state(subject_id, legal_date(moment))
        print_file(file_json(state, moment))
        for service in services:
            decision = registry.check(subject_id, service, legal_date(moment))
            data = decision_json(decision, moment, "dec_" + uuid.uuid4().hex)
            verdict = "allowed" if decision.allowed else "DENIED"
            codes = ", ".join(
                f"{r['code']} until {r['until'] or 'performed'}" for r in data["reasons"]
            )
            out.print(f"check {service}: {verdict}" + (f" — {codes}" if codes else ""))
    err.print(
        f"\nexplore: .venv/bin/creditreg --db sqlite:///{path} file 110105198503120418 --json"
    )


def _fresh_registry(path: Path) -> Registry:
    if path.exists():
        path.unlink()
    registry = Registry.open(f"sqlite:///{path}", create=True)
    registry.init(default_rulebook())
    return registry


def _synthetic(registry: Registry) -> None:
    """A small synthetic population beside the curated sample, so that lists, statistics
    and the console have a crowd in them; the sample's subjects are not touched."""
    day = date.fromisoformat(DEMO_DAY)
    spec = Spec(SYNTH["seed"], SYNTH["persons"], SYNTH["orgs"], Window(default_start(day), day))
    with tempfile.TemporaryDirectory(prefix="creditreg-demo-") as scratch:
        made = synthesize(spec, Path(scratch))
        loaded = load(registry, made, day)
    options = " ".join(f"--{name} {value}" for name, value in SYNTH.items())
    out.print(
        f"added a synthetic population (creditreg synth {options}): "
        f"{loaded.ingest.accepted:,} records about {made.persons_named:,} persons and "
        f"{made.organisations_named:,} organisations, "
        f"{sum(loaded.actions.applied.values()):,} due-process events"
    )


def _due_process(registry: Registry) -> None:
    """A few due-process events, so the files show each status."""
    registry.fulfil("demo-d4", date(2026, 10, 1))  # the 4th fare offence: 90 days after paying
    registry.repair("demo-g1", date(2026, 7, 1))  # a general penalty, repaired after 3 months
    upheld = registry.object("demo-f9", date(2026, 7, 20), "The equipment was already broken")
    assert upheld.event.objection_id
    registry.decide_objection(
        upheld.event.objection_id,
        date(2026, 8, 1),
        Outcome.UPHELD,
        "The maintenance log shows the damage predates the incident",
    )
    registry.object("demo-c2", date(2026, 11, 2), "The penalty was paid and corrected")
