"""The dimensions reports break a population down by: region, age band and subject kind.

``register_dimensions`` adds a DuckDB view ``dims`` (``subject_id``, ``kind``,
``region``, ``region_name``, ``age_band``) over a snapshot's ``subjects`` table. Ages are
computed in SQL from each subject's birth date and the snapshot's ``as_of``, exactly as
``identifiers.is_minor_on`` counts them (a birthday not yet reached this year does not
count, 29 February comes after 28 February), so "<18" means what the engine means by
a minor. Organisations have no age: their band is ``organisation``.
"""

from __future__ import annotations

import duckdb

from creditreg.population.reports.regions import regions_table

AGE_BANDS: tuple[tuple[int | None, str], ...] = (
    (18, "<18"),
    (30, "18-29"),
    (45, "30-44"),
    (60, "45-59"),
    (None, "60+"),
)
"""Upper bounds (exclusive) of the persons' age bands, youngest first."""

ORGANISATION_BAND = "organisation"
BAND_ORDER = (*(label for _, label in AGE_BANDS), ORGANISATION_BAND)
DIMENSIONS = ("region", "age_band", "kind")

_AGE = (
    "year(s.as_of) - year(s.birth_date) - CASE WHEN (month(s.as_of), day(s.as_of)) "
    "< (month(s.birth_date), day(s.birth_date)) THEN 1 ELSE 0 END"
)


def age_band_sql(age: str = _AGE) -> str:
    """A SQL CASE giving the band of a subject (aliased ``s``) from its ``age``."""
    arms = [f"WHEN {age} < {bound} THEN '{label}'" for bound, label in AGE_BANDS if bound]
    last = AGE_BANDS[-1][1]
    return (
        f"CASE WHEN s.birth_date IS NULL THEN '{ORGANISATION_BAND}' "
        f"{' '.join(arms)} ELSE '{last}' END"
    )


def register_dimensions(con: duckdb.DuckDBPyConnection, subjects: str, view: str = "dims") -> None:
    """Create view ``view`` of every subject of table ``subjects`` with its dimensions."""
    divisions = con.sql(f"SELECT DISTINCT substr(division, 1, 2) FROM {subjects}").fetchall()
    con.register(f"{view}_regions", regions_table(str(row[0]) for row in divisions))
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {view} AS "
        f"SELECT s.subject_id, s.kind, substr(s.division, 1, 2) AS region, "
        f"coalesce(r.region_name, substr(s.division, 1, 2)) AS region_name, "
        f"{age_band_sql()} AS age_band "
        f"FROM {subjects} s LEFT JOIN {view}_regions r ON r.region = substr(s.division, 1, 2)"
    )
