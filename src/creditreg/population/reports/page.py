"""One page of a published list, searched and paged over the cached publication.

Kept apart from ``publish`` (which decides what may be published) because it only ever
sees an already-published table: nothing here can add a column or unmask a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from creditreg.population.reports.errors import BadPage
from creditreg.rulebook.texts import Lang, Text, text

MAX_PAGE_SIZE = 1000
SEARCHABLE = ("subject_id", "subject_name", "authority")
"""The published columns a search looks at (only those the publication has)."""


@dataclass(frozen=True, slots=True)
class PublicPage:
    """A page of a public list: ``rows`` hold only the ``fields`` the rulebook allows."""

    name: str  # the list's name ("list" in the JSON)
    label: Text
    basis: str
    as_of: date
    rulebook: str
    fields: tuple[str, ...]
    total: int  # entries matching the query, on every page
    page: int
    page_size: int
    query: str | None
    rows: list[dict[str, Any]]

    def as_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """The JSON body of ``GET /v1/lists/{list}``, its label in ``lang``."""
        return {
            "list": self.name,
            "label": text(self.label, lang),
            "basis": self.basis,
            "as_of": self.as_of.isoformat(),
            "rulebook": self.rulebook,
            "fields": list(self.fields),
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "query": self.query,
            "rows": self.rows,
        }


def page_rows(
    table: pa.Table, page: int, page_size: int, term: str | None
) -> tuple[int, list[dict[str, Any]]]:
    """How many rows match ``term``, and the ``page``-th ``page_size`` of them, in order.

    Filtering and slicing are Arrow compute kernels over the columns, not a Python loop
    over rows, and keep the publication's order.
    """
    if page < 1 or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise BadPage(f"page must be ≥ 1 and page_size 1..{MAX_PAGE_SIZE}")
    if term is not None:
        table = table.filter(_matches(table, term))
    return table.num_rows, rows_json(table.slice((page - 1) * page_size, page_size))


def _matches(table: pa.Table, term: str) -> pa.ChunkedArray:
    """Rows where a searchable published column contains ``term``, ignoring case."""
    found = pa.chunked_array([pa.array([False] * table.num_rows, pa.bool_())])
    for column in SEARCHABLE:
        if column in table.column_names:
            hit = pc.match_substring(table[column], term, ignore_case=True)
            found = pc.or_(found, pc.fill_null(hit, False))
    return found


def rows_json(table: pa.Table) -> list[dict[str, Any]]:
    """A publication's rows as JSON values (dates as ISO text)."""
    return [
        {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
        for row in table.to_pylist()
    ]
