"""Loading a synthetic population: every record ingested, every action accepted by the rules."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from creditreg.due_process import Refused
from creditreg.events import Outcome
from creditreg.log.verify import verify
from creditreg.registry import Registry, Written
from creditreg.synth.generate import Result, Spec, synthesize
from creditreg.synth.load import load
from creditreg.synth.writer import read_actions
from tests.synth.conftest import WINDOW
from tests.synth.conftest import Written as Population

TODAY = WINDOW.end


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Result:
    """20,000 persons and 2,000 organisations: about 1,900 records and 350 actions."""
    return synthesize(Spec(23, 20_000, 2_000, WINDOW), tmp_path_factory.mktemp("small"))


def _registry(url: str) -> Registry:
    return Registry.open(url, create=True)


def test_a_population_loads_with_nothing_rejected_or_refused(
    population: Population, sqlite_urls: Callable[[], str]
) -> None:
    registry = _registry(sqlite_urls())
    loaded = load(registry, population.parquet, TODAY)
    assert loaded.initialised and loaded.ok
    assert loaded.ingest.accepted == population.parquet.records
    assert loaded.actions.applied == population.parquet.actions
    assert sum(loaded.actions.applied.values()) > 1_000
    assert set(loaded.actions.applied) == {
        "decide",
        "extend",
        "fulfil",
        "object",
        "repair",
        "revoke",
    }
    assert verify(registry.engine).ok


def test_loading_twice_adds_nothing(small: Result, sqlite_urls: Callable[[], str]) -> None:
    registry = _registry(sqlite_urls())
    assert load(registry, small, TODAY).ok
    again = load(registry, small, TODAY)
    assert not again.initialised and again.ok
    assert again.ingest.accepted == 0 and again.ingest.duplicates == small.records
    assert again.actions.applied == {} and again.actions.duplicates == sum(small.actions.values())


def test_the_registry_accepts_every_action_one_at_a_time(
    small: Result, sqlite_urls: Callable[[], str]
) -> None:
    """The oracle: the same actions through ``Registry``'s own commands, as a clerk types
    them, are all accepted, and leave every subject as the bulk load does."""
    registry = _registry(sqlite_urls())
    load(registry, _without_actions(small), TODAY)
    objections: dict[str, str] = {}
    done: Counter[str] = Counter()
    subjects = set()
    for action in read_actions(small.files["actions"]):
        written = _command(registry, action, objections)
        if written.event.objection_id and action["action"] == "object":
            objections[written.event.record_id] = written.event.objection_id
        done[str(action["action"])] += 1
        subjects.add(written.event.subject_id)
    assert dict(done) == small.actions and done["object"] > 10
    bulk = _registry(sqlite_urls())
    assert load(bulk, small, TODAY).ok
    for subject in subjects:
        assert _summary(bulk, subject) == _summary(registry, subject), subject


def test_a_refused_action_is_reported_not_forced(
    small: Result, sqlite_urls: Callable[[], str], tmp_path: Path
) -> None:
    registry = _registry(sqlite_urls())
    load(registry, _without_actions(small), TODAY)
    first = read_actions(small.files["actions"])[0]
    bad = tmp_path / "actions.jsonl"
    lines = [
        {"record_id": first["record_id"], "action": "repair", "on": "2000-01-01"},
        {"record_id": "nope", "action": "fulfil", "on": "2025-01-01"},
    ]
    bad.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    made = Result(small.spec, records=0, files={"records": bad, "actions": bad})
    loaded = load(registry, made, TODAY)
    assert loaded.actions.refused == 2 and not loaded.ok
    assert "before the decision" in loaded.actions.reasons[0]
    assert "no record 'nope'" in loaded.actions.reasons[1]


def _summary(registry: Registry, subject_id: str) -> tuple[object, ...]:
    """What a subject's file says on the last day, but the (random) objection ids."""
    state = registry.state(subject_id, TODAY)
    records = sorted((r.record_id, r.status, r.points, r.codes) for r in state.records)
    return state.score, state.grade, state.lists, state.measures, records


def _without_actions(made: Result) -> Result:
    empty = made.files["actions"].with_name("none.jsonl")
    empty.write_text("", encoding="utf-8")
    return Result(
        made.spec, made.records, files={"records": made.files["records"], "actions": empty}
    )


def _command(registry: Registry, action: dict[str, object], objections: dict[str, str]) -> Written:
    record_id, kind = str(action["record_id"]), action["action"]
    on = date.fromisoformat(str(action["on"]))
    if kind == "object":
        return registry.object(record_id, on, str(action["grounds"]))
    if kind == "decide":
        outcome = Outcome(str(action["outcome"]))
        return registry.decide_objection(objections.pop(record_id), on, outcome, "reason")
    if kind == "fulfil":
        return registry.fulfil(record_id, on)
    if kind == "repair":
        return registry.repair(record_id, on)
    if kind == "extend":
        return registry.extend(record_id, on, int(str(action["years"])))
    if kind == "revoke":
        return registry.revoke(record_id, on, str(action["reason"]))
    raise Refused(f"unknown action {kind}")
