"""Simulating a draft rulebook: who would gain or lose what if it took effect on a day.

``simulate_registry`` computes the population's snapshot under the active rulebook and
under the draft, from the same events on the same day, and ``compare`` reports the
difference (all of it DuckDB SQL over the two snapshots):

* ``grades``: the transition matrix (before x after, every non-empty cell);
* ``lists``: per list, subjects joining, leaving, or staying under changed terms;
* ``measures``: per service and effect (deny | grant), subjects gaining, losing, changed;
* ``breakdown``: each of those changes by region, age band and subject kind, and
  ``population``: changed subjects against all subjects of each region / band / kind;
* ``samples``: a few changed subjects, masked, with their reasons before and after.

The law the tests hold it to: a rulebook simulated against itself changes nothing.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from creditreg.population.inputs.cache import Snapshot, connect, snapshot_for
from creditreg.population.inputs.registry_view import RegistryView
from creditreg.population.reports.breakdown import register_dimensions
from creditreg.population.simulate.diff import register_changes
from creditreg.population.simulate.samples import samples as sample_subjects
from creditreg.population.simulate.tables import breakdown, grade_matrix, lists, measures
from creditreg.rulebook.model import Rulebook


def simulate_registry(
    registry: RegistryView, draft: Rulebook, as_of: date, samples: int = 5, backend: str = "duckdb"
) -> dict[str, Any]:
    """The simulation report of ``draft`` against the version in force on ``as_of``."""
    active = registry.rulebook_on(as_of)
    # The roster, not a draft's own section, says who the authorities are and where they
    # sit (which local schemes hold for their records): the draft gets the registry's.
    draft = draft.model_copy(update={"authorities": active.authorities or draft.authorities})
    before = snapshot_for(registry, active, as_of, backend)
    after = snapshot_for(registry, draft, as_of, backend)
    report = compare(before, after, grade_order(active, draft), samples)
    return {"as_of": as_of.isoformat(), "active": active.ref, "draft": draft.ref, **report}


def grade_order(active: Rulebook, draft: Rulebook) -> list[str]:
    """Best grade first: the active rulebook's grades, then any the draft adds."""
    grades = [g.grade for g in active.score.grades]
    return grades + [g.grade for g in draft.score.grades if g.grade not in grades]


def compare(
    before: Snapshot, after: Snapshot, grades: list[str], samples: int = 5
) -> dict[str, Any]:
    """Every difference between two snapshots of one population (see the module docstring)."""
    con = connect()
    try:
        register_changes(con, before, after, grades)
        register_dimensions(con, "a_subjects")
        counts = con.sql(
            "SELECT count(*), (SELECT count(DISTINCT subject_id) FROM changes) FROM a_subjects"
        ).fetchall()[0]
        return {
            "subjects": counts[0],
            "changed_subjects": counts[1],
            "grades": grade_matrix(con, grades),
            "lists": lists(con),
            "measures": measures(con),
            **breakdown(con),
            "samples": sample_subjects(con, samples),
        }
    finally:
        con.close()
