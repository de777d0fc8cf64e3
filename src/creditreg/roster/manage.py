"""The roster's use cases, written once for every surface (command line, HTTP).

* ``add_authority`` and ``import_authorities``: new entries, checked by ``admission``.
* ``retire_authority``: from a day on, the authority issues no new records; its records
  already in the log stay in force (SPEC §3: retiring only stops new ones).
* ``load_bundled``: the roster shipped with the package, for ``creditreg init``: ids not
  yet in the roster are added, entries already there are left as they are.
* ``seed_from_rulebook``: a rulebook's own ``authorities`` section (the only place
  authorities lived before the roster) seeds ids the roster lacks, then is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from importlib import resources
from pathlib import Path

from creditreg.roster.admission import Admission, admit, entry_of
from creditreg.roster.entry import Authority
from creditreg.roster.reading import Row, RowError, read_roster
from creditreg.roster.store import RosterStore
from creditreg.rulebook.model import Rulebook

BUNDLED = "authorities.csv"


def issuing_kinds(rulebook: Rulebook) -> frozenset[str]:
    """The kinds of authority some record type of ``rulebook`` may be issued by."""
    return frozenset(kind for t in rulebook.record_types.values() for kind in t.issued_by)


def add_authority(store: RosterStore, rulebook: Rulebook, fields: Mapping[str, str]) -> Authority:
    """Add the one entry ``fields`` describe; InvalidAuthority names the field at fault."""
    entry = entry_of(fields, issuing_kinds(rulebook), set(store.all()))
    store.add([entry])
    return entry


def import_authorities(
    store: RosterStore, rulebook: Rulebook, rows: Iterable[Row | RowError]
) -> Admission:
    """Add every good row of ``rows`` (one transaction); the others come back rejected."""
    outcome = admit(rows, issuing_kinds(rulebook), store.all())
    store.add(outcome.accepted)
    return outcome


def import_file(store: RosterStore, rulebook: Rulebook, path: Path) -> Admission:
    return import_authorities(store, rulebook, read_roster(path))


def retire_authority(store: RosterStore, authority_id: str, on: date) -> Authority:
    """Retire ``authority_id`` from ``on``; KeyError when the roster does not hold it."""
    return store.retire(authority_id, on)


def bundled_path() -> Path:
    return Path(str(resources.files("creditreg.roster").joinpath(BUNDLED)))


def load_bundled(store: RosterStore, rulebook: Rulebook) -> Admission:
    """Add the bundled roster's entries that the roster does not hold yet."""
    held = store.all()
    rows = [row for row in read_roster(bundled_path()) if not _held(row, held)]
    return import_authorities(store, rulebook, rows)


def seed_from_rulebook(store: RosterStore, rulebook: Rulebook) -> int:
    """Add the rulebook's own authorities that the roster lacks (no parent)."""
    held = store.all()
    source = f"rulebook {rulebook.ref}"
    return store.add(
        Authority(
            id=key,
            name=a.name,
            name_en=a.name_en or "",
            kind=a.kind,
            region=a.region or "",
            source=source,
        )
        for key, a in sorted(rulebook.authorities.items())
        if key not in held
    )


def _held(row: Row | RowError, held: Mapping[str, Authority]) -> bool:
    return isinstance(row, Row) and row.fields["id"] in held
