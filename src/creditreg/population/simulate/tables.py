"""The figures of a simulation, each one SQL query over ``changes`` and ``grade_moves``.

Every function returns JSON-ready rows (lists of dicts), in a stable order, so the
command line, the HTML report and the tests read the same values. Lists and measures
only appear when something about them changes: a rulebook simulated against itself
gives empty lists here and a matrix with only its diagonal.
"""

from __future__ import annotations

from typing import Any

import duckdb

from creditreg.population.reports.breakdown import BAND_ORDER, DIMENSIONS

Rows = list[dict[str, Any]]


def rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> Rows:
    """The result of ``sql`` as a list of dicts keyed by column name."""
    return table(con, sql, params)[1]


def table(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any] | None = None
) -> tuple[list[str], Rows]:
    """The column names of ``sql``'s result, and its rows as dicts (even when it is empty)."""
    relation = con.sql(sql, params=params)
    names = list(relation.columns)
    return names, [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def grade_matrix(con: duckdb.DuckDBPyConnection, grades: list[str]) -> dict[str, Any]:
    """The grade transition matrix: every (before, after) cell with its subjects."""
    cells = rows(
        con,
        "SELECT m.before, m.after, count(*) AS subjects FROM grade_moves m "
        "LEFT JOIN grade_order ob ON ob.grade = m.before "
        "LEFT JOIN grade_order oa ON oa.grade = m.after "
        "GROUP BY ALL ORDER BY min(ob.rank), min(oa.rank)",
    )
    changed = sum(c["subjects"] for c in cells if c["before"] != c["after"])
    return {"order": grades, "matrix": cells, "changed": changed}


def lists(con: duckdb.DuckDBPyConnection) -> Rows:
    """Per list: subjects joining, leaving, and on it under changed terms."""
    return rows(
        con,
        "SELECT item AS list, count(*) FILTER (change = 'joined') AS joined, "
        "count(*) FILTER (change = 'left') AS left, "
        "count(*) FILTER (change = 'changed') AS changed "
        "FROM changes WHERE what = 'list' GROUP BY item ORDER BY item",
    )


def measures(con: duckdb.DuckDBPyConnection) -> Rows:
    """Per service and effect: subjects gaining, losing and keeping it under changed terms."""
    return rows(
        con,
        "SELECT item AS service, effect, count(*) FILTER (change = 'gained') AS gained, "
        "count(*) FILTER (change = 'lost') AS lost, "
        "count(*) FILTER (change = 'changed') AS changed "
        "FROM changes WHERE what = 'measure' GROUP BY item, effect ORDER BY effect, item",
    )


def breakdown(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Rows]]:
    """Each change by region, age band and kind; and changed subjects of each group."""
    by: dict[str, Rows] = {}
    population: dict[str, Rows] = {}
    for dimension in DIMENSIONS:
        label = "region_name" if dimension == "region" else dimension
        by[dimension] = rows(
            con,
            f"SELECT d.{dimension} AS value, any_value(d.{label}) AS label, c.what, c.item, "
            f"c.effect, c.change, count(*) AS subjects FROM changes c "
            f"JOIN dims d USING (subject_id) GROUP BY d.{dimension}, c.what, c.item, c.effect, "
            f"c.change "
            f"ORDER BY {_order(dimension)}, c.what, c.item, c.effect, c.change",
        )
        population[dimension] = rows(
            con,
            f"SELECT d.{dimension} AS value, any_value(d.{label}) AS label, "
            f"count(*) AS subjects, count(*) FILTER (subject_id IN "
            f"(SELECT subject_id FROM changes)) AS changed FROM dims d "
            f"GROUP BY d.{dimension} ORDER BY {_order(dimension)}",
        )
    return {"breakdown": by, "population": population}


def _order(dimension: str) -> str:
    """Age bands sort youngest first, everything else by value."""
    if dimension != "age_band":
        return f"d.{dimension}"
    bands = ", ".join(f"'{band}'" for band in BAND_ORDER)
    return f"list_position([{bands}], d.age_band)"
