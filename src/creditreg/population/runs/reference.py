"""A population's snapshot computed subject by subject with the engine's own ``fold``.

This is the definition the compiled SQL must agree with (the equivalence law,
``tests/population/test_equivalence.py``), and a correct, if slow, way to rescore a small registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

import pyarrow as pa

from creditreg.engine import SubjectState
from creditreg.engine.law import Law, fold_in_time
from creditreg.events import Event
from creditreg.identifiers import parse_subject
from creditreg.population.snapshot import SORT_KEYS, TABLES
from creditreg.rulebook.model import Rulebook

Rows = dict[str, list[dict[str, Any]]]


def snapshot_by_fold(
    events: Iterable[Event], rulebook: Rulebook | Law, as_of: date
) -> dict[str, pa.Table]:
    """Every subject's state on ``as_of``, as the three snapshot tables, sorted; given a
    ``Law``, each record under the version governing it (``fold_in_time``)."""
    law = rulebook if isinstance(rulebook, Law) else Law.single(rulebook)
    by_subject: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        by_subject[event.subject_id].append(event)
    rows: Rows = {name: [] for name in TABLES}
    for subject_id, subject_events in by_subject.items():
        _add_state(rows, fold_in_time(subject_id, subject_events, law, as_of))
    return {name: _table(name, rows[name]) for name in TABLES}


def _add_state(rows: Rows, state: SubjectState) -> None:
    subject = parse_subject(state.subject_id)
    rows["subjects"].append(
        {
            "subject_id": state.subject_id,
            "kind": state.kind,
            "division": subject.division,
            "birth_date": subject.birth_date,
            "as_of": state.as_of,
            "rulebook": state.rulebook,
            "score": state.score,
            "grade": state.grade,
        }
    )
    for entry in state.lists:
        rows["lists"].append(
            {
                "subject_id": state.subject_id,
                "list": entry.list,
                "status": entry.status.value,
                "since": entry.since,
                "until": entry.until,
                "code": entry.code,
                "record_id": entry.record_id,
            }
        )
    for measure in state.measures:
        rows["measures"].append(
            {
                "subject_id": state.subject_id,
                "service": measure.service,
                "effect": measure.effect,
                "code": measure.code,
                "record_id": measure.record_id,
                "basis": measure.basis,
                "since": measure.since,
                "until": measure.until,
            }
        )


def _table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    table = pa.Table.from_pylist(rows, schema=TABLES[name])
    if table.num_rows == 0:
        return table
    return table.sort_by([(key, "ascending") for key in SORT_KEYS[name]])
