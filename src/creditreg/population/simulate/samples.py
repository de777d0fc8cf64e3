"""Sample subjects of a simulation: who concretely changes, and their reasons before and after.

Samples are picked in SQL so every kind of change is shown before any is shown twice:
within each (what, item, effect, change) the subjects are ranked by a hash of their id
(stable from run to run, unrelated to the id's order), and the subjects first in some
kind come first. For these few subjects the list entries and measures that change are
read before and after (with their reason codes, legal basis and dates), with their
score and grade; identifiers are published masked (``identifiers.mask``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from creditreg.identifiers import mask
from creditreg.population.simulate.tables import Rows, rows

_PICK = """
CREATE OR REPLACE TEMP TABLE samples AS
WITH ranked AS (
  SELECT subject_id, row_number() OVER (
    PARTITION BY what, item, effect, change ORDER BY md5(subject_id), subject_id) AS n
  FROM changes)
SELECT subject_id, min(n) AS n FROM ranked GROUP BY subject_id
ORDER BY min(n), md5(subject_id) LIMIT ?
"""

_CHANGED = (
    "(SELECT DISTINCT subject_id, item, effect FROM changes WHERE what = '{what}' "
    "AND subject_id IN (SELECT subject_id FROM samples)) c"
)
_LISTS = (
    "SELECT x.subject_id, x.list, x.status, x.since, x.until, x.code FROM {side}_lists x "
    f"JOIN {_CHANGED.format(what='list')} ON c.subject_id = x.subject_id AND c.item = x.list "
    "ORDER BY x.list, x.since, x.code"
)
_MEASURES = (
    "SELECT x.subject_id, x.effect, x.service, x.code, x.basis, x.since, x.until "
    f"FROM {{side}}_measures x JOIN {_CHANGED.format(what='measure')} "
    "ON c.subject_id = x.subject_id AND c.item = x.service AND c.effect = x.effect "
    "ORDER BY x.effect, x.service, x.code"
)
_SUBJECTS = (
    "SELECT s.subject_id, d.kind, d.region, d.region_name, d.age_band, "
    "b.score AS score_before, b.grade AS grade_before, a.score AS score_after, "
    "a.grade AS grade_after FROM samples s JOIN dims d USING (subject_id) "
    "LEFT JOIN b_subjects b USING (subject_id) LEFT JOIN a_subjects a USING (subject_id) "
    "ORDER BY s.n, md5(s.subject_id)"
)
_CHANGES = (
    "SELECT subject_id, what, item, effect, change FROM changes "
    "WHERE subject_id IN (SELECT subject_id FROM samples) ORDER BY what, item, effect"
)


def samples(con: duckdb.DuckDBPyConnection, count: int) -> Rows:
    """Up to ``count`` changed subjects, masked, with their state before and after."""
    con.execute(_PICK, [max(count, 0)])
    details = {
        name: _by_subject(rows(con, sql))
        for name, sql in (
            ("lists_before", _LISTS.format(side="b")),
            ("lists_after", _LISTS.format(side="a")),
            ("measures_before", _MEASURES.format(side="b")),
            ("measures_after", _MEASURES.format(side="a")),
            ("changes", _CHANGES),
        )
    }
    return [_sample(subject, details) for subject in rows(con, _SUBJECTS)]


def _by_subject(found: Rows) -> dict[str, Rows]:
    grouped: dict[str, Rows] = defaultdict(list)
    for row in found:
        grouped[row.pop("subject_id")].append(_plain(row))
    return grouped


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()}


def _sample(subject: dict[str, Any], details: dict[str, dict[str, Rows]]) -> dict[str, Any]:
    subject_id = subject["subject_id"]
    return {
        "subject": mask(subject_id),
        "kind": subject["kind"],
        "region": subject["region"],
        "region_name": subject["region_name"],
        "age_band": subject["age_band"],
        "changes": details["changes"].get(subject_id, []),
        "before": _side(subject, details, subject_id, "before"),
        "after": _side(subject, details, subject_id, "after"),
    }


def _side(
    subject: dict[str, Any], details: dict[str, dict[str, Rows]], subject_id: str, side: str
) -> dict[str, Any]:
    return {
        "score": subject[f"score_{side}"],
        "grade": subject[f"grade_{side}"],
        "lists": details[f"lists_{side}"].get(subject_id, []),
        "measures": details[f"measures_{side}"].get(subject_id, []),
    }
