"""Loading a synthetic population into a registry, through the doors every agency uses.

Records go through the ingest pipeline (validation, dedupe, batches of 50,000), exactly
as ``creditreg ingest`` would take them; due-process actions are built by the functions
of ``due_process.py`` that ``creditreg fulfil`` & co. use, each checked against the
record's history (``replay.py``). A refused action is a bug in the generator, not in
the registry: it is counted and reported, never forced in.

An empty database is initialised first with the default rulebook (``creditreg init``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from creditreg.due_process import Refused
from creditreg.ingest.pipeline import ingest_files
from creditreg.ingest.summary import IngestSummary
from creditreg.registry import NotFound, NotInitialised, Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.synth.generate import Result
from creditreg.synth.progress import Steps
from creditreg.synth.replay import Replay
from creditreg.synth.writer import read_actions

SHOWN = 20
"""Refusals kept with their reasons; the count covers all of them."""


@dataclass(slots=True)
class ActionSummary:
    """Actions applied per kind, and the ones the registry refused (with why)."""

    applied: dict[str, int] = field(default_factory=dict)
    duplicates: int = 0
    refused: int = 0
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        counts = {"duplicates": self.duplicates, "refused": self.refused}
        return {"applied": self.applied} | counts | {"reasons": self.reasons}


def ensure_initialised(registry: Registry) -> bool:
    """Initialise an empty registry with the default rulebook; whether it had to."""
    try:
        registry.loaded  # noqa: B018 - reads the active rulebook, or says there is none
    except NotInitialised:
        registry.init(default_rulebook())
        return True
    return False


def ingest(registry: Registry, path: Path, today: date, progress: bool) -> IngestSummary:
    """The records file through the ingest pipeline, as ``creditreg ingest`` runs it."""
    summary = ingest_files(
        [path],
        registry.writer,
        registry.rulebook,
        reader=registry.reader,
        today=today,
        progress=progress,
        roster=registry.roster(),
    )
    registry.catch_up()
    return summary


def apply_actions(
    registry: Registry,
    actions: Iterable[Mapping[str, object]],
    today: date,
    step: Callable[..., None] = lambda count=1: None,
) -> ActionSummary:
    """Replay ``actions`` (as read from ``actions.jsonl``) in order into ``registry``."""
    summary = ActionSummary()
    replay = Replay(registry, today)
    for action in actions:
        kind = str(action["action"])
        try:
            event = replay.apply(action)
        except (Refused, NotFound) as refused:
            summary.refused += 1
            if len(summary.reasons) < SHOWN:
                summary.reasons.append(f"{action['record_id']} {kind} on {action['on']}: {refused}")
        else:
            if event is None:
                summary.duplicates += 1
            else:
                summary.applied[kind] = summary.applied.get(kind, 0) + 1
        step()
    replay.flush()
    summary.applied = dict(sorted(summary.applied.items()))
    return summary


@dataclass(slots=True)
class Loaded:
    """What loading a population did: initialised or not, the ingest, the actions."""

    initialised: bool
    ingest: IngestSummary
    actions: ActionSummary

    @property
    def ok(self) -> bool:
        """Every record accepted (or already there) and every action applied."""
        return self.ingest.rejected == 0 and self.actions.refused == 0

    def as_dict(self) -> dict[str, object]:
        ingested = self.ingest.as_dict()
        return {"initialised": self.initialised, "ingest": ingested} | {
            "actions": self.actions.as_dict()
        }


def load(registry: Registry, made: Result, today: date, progress: bool = False) -> Loaded:
    """Initialise ``registry`` if empty, ingest the records ``made``, then their actions.

    A population without records (too small, or a window without working days) writes a
    file with only a header, which ingest would reject as empty: it is skipped.
    """
    initialised = ensure_initialised(registry)
    records, actions = made.files["records"], made.files["actions"]
    ingested = ingest(registry, records, today, progress) if made.records else IngestSummary()
    todo = read_actions(actions)
    with Steps(progress) as steps:
        applied = apply_actions(registry, todo, today, steps.add("due process", len(todo)))
    return Loaded(initialised, ingested, applied)
