"""Publishing a list: who is on it on a day, with only the fields the rulebook allows.

A list is public when its rulebook entry names ``publish_fields`` (the default rulebook
publishes all five); the publication has exactly those columns, in that order, and
nothing else. Identifiers are always masked (``identifiers.mask``: the birth date and
serial of a resident number are hidden), names appear only when ``subject_name`` is
allowed, and searching looks only at published columns, so a search can never reveal a
field the publication hides.

``publication`` builds the whole list (cached per log head, rulebook and day);
``public_list`` pages and searches it, for ``GET /v1/lists/{list}``.
"""

from __future__ import annotations

from datetime import date

import pyarrow as pa

from creditreg.identifiers import InvalidIdentifier, mask
from creditreg.population.inputs.cache import (
    LruCache,
    connect,
    events_for,
    log_key,
    snapshot_for,
)
from creditreg.population.inputs.names import names_table
from creditreg.population.inputs.registry_view import RegistryView
from creditreg.population.reports.errors import BadPage, NotPublic
from creditreg.population.reports.page import PublicPage, page_rows
from creditreg.rulebook.model import ListDef, Rulebook
from creditreg.rulebook.suggest import did_you_mean

__all__ = ["BadPage", "NotPublic", "PublicPage", "public_list", "publication"]

MASK_SQL = (
    "CASE WHEN s.kind = 'person' THEN left(l.subject_id, 6) || repeat('*', 8) "
    "ELSE left(l.subject_id, 4) || repeat('*', 10) END || right(l.subject_id, 4)"
)
"""``identifiers.mask`` in SQL (held equal to it by a property test): 6+4 or 4+4 kept."""

_COLUMNS = {
    "subject_id": MASK_SQL,
    "subject_name": "coalesce(n.subject_name, sn.subject_name)",
    "kind": "s.kind",
    "type": "r.type",
    "authority": "r.authority",
    "decision_ref": "r.decision_ref",
    "decided_at": 'r."on"',
    "status": "l.status",
    "since": "l.since",
    "until": "l.until",
}
_FROM = """
FROM lists l JOIN subjects s USING (subject_id)
LEFT JOIN events r ON r.kind = 'record.added' AND r.record_id = l.record_id
     AND r.subject_id = l.subject_id
"""
_NAMES = """
LEFT JOIN names n ON n.record_id = l.record_id AND n.subject_id = l.subject_id
LEFT JOIN (SELECT subject_id, arg_max(subject_name, seq) AS subject_name FROM names
           GROUP BY subject_id) sn ON sn.subject_id = l.subject_id
"""
# Newest first; ties by the masked identifier, then by a hash: the order of the hidden
# digits never shows, not even when subject_id is not a published column.
_ORDER = f"ORDER BY l.since DESC, {MASK_SQL}, md5(l.subject_id || coalesce(l.record_id, ''))"

_PUBLICATIONS = LruCache(8)


def published_fields(rulebook: Rulebook, list_name: str) -> tuple[str, ...]:
    """The columns ``list_name``'s publication shows; NotPublic if it may not be published."""
    found: ListDef | None = rulebook.lists.get(list_name)
    public = sorted(name for name, spec in rulebook.lists.items() if spec.publish_fields)
    if found is None:
        raise NotPublic(
            f"no list '{list_name}' in rulebook {rulebook.ref}"
            f"{did_you_mean(list_name, public)}; public lists: "
            f"{', '.join(public) or 'none'}"
        )
    if not found.publish_fields:
        raise NotPublic(
            f"list '{list_name}' is not public under rulebook {rulebook.ref} "
            f"(it has no publish_fields); public lists: {', '.join(public)}"
        )
    return tuple(dict.fromkeys(found.publish_fields))


def publication(
    registry: RegistryView, list_name: str, as_of: date, backend: str = "duckdb"
) -> pa.Table:
    """Every entry of ``list_name`` on ``as_of``, newest first, only its published fields."""
    fields = published_fields(registry.rulebook, list_name)
    key = (log_key(registry), registry.loaded.digest, list_name, as_of, backend)
    return _PUBLICATIONS.get_or_make(
        key, lambda: _build(registry, list_name, fields, as_of, backend)
    )


def _build(
    registry: RegistryView, list_name: str, fields: tuple[str, ...], as_of: date, backend: str
) -> pa.Table:
    snapshot = snapshot_for(registry, registry.rulebook, as_of, backend)
    con = connect()
    try:
        con.register("lists", snapshot["lists"])
        con.register("subjects", snapshot["subjects"])
        con.register("events", events_for(registry))
        joins = _FROM
        if "subject_name" in fields:
            con.register("names", names_table(registry.reader.engine))
            joins += _NAMES
        columns = ", ".join(f"{_COLUMNS[field]} AS {field}" for field in fields)
        sql = f"SELECT {columns} {joins} WHERE l.list = $list {_ORDER}"
        return con.sql(sql, params={"list": list_name}).to_arrow_table()
    finally:
        con.close()


def public_list(
    registry: RegistryView,
    list_name: str,
    as_of: date,
    page: int = 1,
    page_size: int = 50,
    query: str | None = None,
) -> PublicPage:
    """One page of the public list, optionally filtered by ``query`` (what the API serves).

    ``query`` matches, case-insensitively, part of a masked identifier, a name or an
    authority, when that column is published. A full identifier is masked first, so it
    finds what its masked form finds and nothing more (and the page echoes it masked).
    """
    table = publication(registry, list_name, as_of)
    spec = registry.rulebook.lists[list_name]
    term = _search_term(query)
    total, found = page_rows(table, page, page_size, term)
    return PublicPage(
        name=list_name,
        label=spec.label,
        basis=spec.basis,
        as_of=as_of,
        rulebook=registry.rulebook.ref,
        fields=tuple(table.column_names),
        total=total,
        page=page,
        page_size=page_size,
        query=term,
        rows=found,
    )


def _search_term(query: str | None) -> str | None:
    if query is None or not query.strip():
        return None
    try:
        return mask(query)
    except InvalidIdentifier:
        return query.strip()
