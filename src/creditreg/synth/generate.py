"""``synthesize``: a population's records and due-process actions, written to a directory.

Three passes, each cheap in memory: plan every record as one integer (``plan.py``),
turn the plan into columns a chunk at a time and write each chunk (``columns.py``,
``writer.py``), then write the actions of all records in the order they happened.
Nothing reads the clock: the window is given, and the same ``Spec`` gives the same bytes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from creditreg.rulebook.loader import default_rulebook
from creditreg.synth.actions import Action
from creditreg.synth.columns import SCHEMA, Materialiser
from creditreg.synth.plan import MAX_SUBJECTS, counts_by_type, plan, subjects_named
from creditreg.synth.population import Organisations, Persons
from creditreg.synth.progress import Steps
from creditreg.synth.window import Days, Window
from creditreg.synth.writer import ACTIONS, RecordWriter, records_path, write_actions

CHUNK_ROWS = 65_536
"""Rows per Arrow table: per CSV write and per Parquet row group."""


MAX_SEED = 1 << 63
"""Seeds are named in every record id (``syn<seed>-<n>``), which must stay short."""


class BadSpec(ValueError):
    """Sizes or a window that no population can have; the message says which."""


@dataclass(frozen=True, slots=True)
class Spec:
    """Everything the output depends on."""

    seed: int
    persons: int
    organisations: int
    window: Window

    def __post_init__(self) -> None:
        limits = {"seed": MAX_SEED, "persons": MAX_SUBJECTS, "organisations": MAX_SUBJECTS}
        for name, limit in limits.items():
            value = getattr(self, name)
            if not 0 <= value < limit:
                raise BadSpec(f"{name} must be between 0 and {limit - 1}, not {value}")


@dataclass(slots=True)
class Result:
    """What was written: counts per record type and per action, and where."""

    spec: Spec
    records: int = 0
    types: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)
    persons_named: int = 0
    organisations_named: int = 0
    files: dict[str, Path] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        spec = self.spec
        return {
            "seed": spec.seed,
            "persons": spec.persons,
            "orgs": spec.organisations,
            "start": spec.window.start.isoformat(),
            "end": spec.window.end.isoformat(),
            "subjects_with_records": {
                "persons": self.persons_named,
                "orgs": self.organisations_named,
            },
            "records": self.records,
            "actions": sum(self.actions.values()),
            "types": self.types,
            "action_counts": self.actions,
            "files": {name: str(path) for name, path in self.files.items()},
        }


def synthesize(spec: Spec, directory: Path, fmt: str = "csv", progress: bool = False) -> Result:
    """Write ``records.<fmt>`` and ``actions.jsonl`` for ``spec`` into ``directory``."""
    rulebook = default_rulebook().rulebook
    end = spec.window.end
    persons = Persons(spec.seed, spec.persons, end)
    orgs = Organisations(spec.seed, spec.organisations, end)
    result = Result(spec)
    with Steps(progress) as steps:
        planning = steps.add("planning records", len(rulebook.record_types))
        keys = plan(spec.seed, rulebook, persons, orgs, Days(spec.window), planning)
        make = Materialiser(spec.seed, rulebook, persons, orgs, end)
        make.width = max(make.width, len(str(len(keys))))
        writing = steps.add("writing records", len(keys))
        actions: list[Action] = []
        path = records_path(directory, fmt)
        with RecordWriter(path, fmt, SCHEMA) as writer:
            for number, first in enumerate(range(0, len(keys), CHUNK_ROWS)):
                part = keys[first : first + CHUNK_ROWS]
                chunk = make.chunk(number, first + 1, part)
                writer.write(chunk.table())
                actions += chunk.actions
                writing(len(part))
    actions.sort(key=lambda a: (a.on, a.row, a.step))
    write_actions(directory / ACTIONS, actions)
    result.records, result.types = len(keys), counts_by_type(keys, list(rulebook.record_types))
    result.actions = dict(sorted(Counter(a.action for a in actions).items()))
    result.persons_named, result.organisations_named = subjects_named(keys)
    result.files = {"records": path, "actions": directory / ACTIONS}
    return result
