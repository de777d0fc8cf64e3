"""The rulebook compiled to set-based SQL: a plan of named stages and three outputs.

``compile_rulebook(rulebook, as_of)`` returns a ``Plan``: the small tables derived from
the rulebook, the stages (each a sqlglot query over the ``events`` table and the stages
before it) and the three snapshot queries. The plan is built once, as sqlglot trees; a
``Backend`` (``backends``) renders each tree in its engine's dialect, materialises the
stages it is told to and fetches the outputs. Nothing in a plan depends on the engine.

The stages follow the per-subject engine step by step (see each module's docstring):

1. ``type_days``, ``effect_days`` — dates per (type, decision day) (compile_days)
2. ``added``, ``process``, ``facts`` — ``engine.facts.gather`` (compile_facts)
3. ``records``, ``live``, ``repeats`` — void days, points, repeat counts (compile_records)
4. ``totals``, ``subject_base`` — score, redlist period, kind (compile_outputs)
5. ``windows`` — ``engine.windows`` per effect (compile_windows)
6. ``subject_state`` — negative records, grade, redlist (compile_outputs)
7. ``subjects``, ``lists``, ``measures`` — the snapshot (compile_entries)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pyarrow as pa
from sqlglot import exp

from creditreg.population.compiler import entries
from creditreg.population.compiler.calendar import counts_table, divisions_table, wd_add_query
from creditreg.population.compiler.days import effect_days_query, type_days_query
from creditreg.population.compiler.facts import added_query, facts_query, process_query
from creditreg.population.compiler.jurisdiction import local_redlist
from creditreg.population.compiler.outputs import (
    subject_base_query,
    subject_state_query,
    totals_query,
)
from creditreg.population.compiler.records import live_query, records_query, repeats_query
from creditreg.population.compiler.rules_tables import Slot, rule_tables, slots, working_day_counts
from creditreg.population.compiler.windows import windows_query
from creditreg.rulebook.model import RecordType, Rulebook


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    query: exp.Select
    materialise: bool  # a table (read several times or costly) rather than a view


@dataclass(frozen=True, slots=True)
class Plan:
    """What a backend runs: register ``tables`` and a ``calendar``, run ``stages``, fetch."""

    tables: dict[str, pa.Table]
    stages: tuple[Stage, ...]
    outputs: dict[str, exp.Select]


def _merge(a: Slot, b: Slot, prefix: str) -> Slot:
    return Slot(prefix, a.months or b.months, a.days or b.days, a.working_days or b.working_days)


def _slots(tables: dict[str, pa.Table]) -> dict[str, Slot]:
    found = slots(tables["rb_types"], ("pts", "win", "rmin", "within"))
    effect = slots(tables["rb_effects"], ("term", "rterm", "aft", "raft"))
    found |= effect
    found["uterm"] = _merge(effect["term"], effect["rterm"], "uterm")
    found["uaft"] = _merge(effect["aft"], effect["raft"], "uaft")
    return found


def _kind_matters(effects: pa.Table) -> bool:
    """Whether any effect depends on the subject's kind or age (then identifiers are parsed)."""
    rows = effects.select(["person_ok", "org_ok", "no_minors"]).to_pylist()
    return any(not (r["person_ok"] and r["org_ok"]) or r["no_minors"] for r in rows)


def _types(rulebook: Rulebook, keep: Callable[[RecordType], bool]) -> list[str]:
    return sorted(name for name, spec in rulebook.record_types.items() if keep(spec))


def _fulfilment_starts(effects: pa.Table) -> bool:
    return "fulfilment" in effects["starts"].to_pylist()


def compile_rulebook(rulebook: Rulebook, as_of: date, retyped: bool = False) -> Plan:
    """The plan computing ``rulebook``'s snapshot on ``as_of`` from an ``events`` table
    (and a ``law_types`` table when ``retyped``: ``population.law_split``)."""
    tables = rule_tables(rulebook)
    found = _slots(tables)
    counts = working_day_counts(tables)
    effects = tables["rb_effects"]
    tables |= {"divisions": divisions_table(), "wd_counts": counts_table(counts)}
    stages = [Stage("wd_add", wd_add_query(), True)] if counts else []
    stages += [
        Stage("type_days", type_days_query(as_of, found), True),
        Stage("effect_days", effect_days_query(found), True),
        Stage("added", added_query(as_of, rulebook, retyped), False),
        Stage("process", process_query(as_of), True),
        Stage("facts", facts_query(_types(rulebook, lambda t: t.publicity is not None)), True),
        Stage("records", records_query(as_of), False),
        Stage("totals", totals_query(as_of, local_redlist(rulebook)), False),
        Stage("subject_base", subject_base_query(rulebook, as_of), True),
        Stage("live", live_query(_types(rulebook, lambda t: bool(t.effects or t.repeat))), True),
        Stage("repeats", repeats_query(), True),
        Stage(
            "windows",
            windows_query(as_of, found, _kind_matters(effects), _fulfilment_starts(effects)),
            True,
        ),
        Stage("subject_state", subject_state_query(rulebook), True),
    ]
    outputs = {
        "subjects": entries.subjects_query(rulebook, as_of),
        "lists": entries.lists_query(rulebook),
        "measures": entries.measures_query(rulebook),
    }
    return Plan(tables, tuple(stages), outputs)


def render(plan: Plan, dialect: str) -> str:
    """The whole plan as SQL text in ``dialect`` (for reading and auditing, ``--show-sql``)."""
    parts = [
        f"-- stage {s.name}\nCREATE {'TABLE' if s.materialise else 'VIEW'} {s.name} AS\n"
        + s.query.sql(dialect=dialect, pretty=True)
        + ";"
        for s in plan.stages
    ]
    parts += [
        f"-- output {n}\n" + q.sql(dialect=dialect, pretty=True) + ";"
        for n, q in plan.outputs.items()
    ]
    return "\n\n".join(parts)
