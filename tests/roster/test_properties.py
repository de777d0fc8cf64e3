"""Laws of importing: whatever part of the bundled roster comes first, the roster ends
whole, re-importing adds nothing, and no entry ever names a parent the roster lacks."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from creditreg.db.connection import connect, migrate
from creditreg.roster.manage import bundled_path, import_authorities
from creditreg.roster.reading import Row, read_roster
from creditreg.roster.store import RosterStore
from creditreg.rulebook.loader import default_rulebook

RULEBOOK = default_rulebook().rulebook
ROWS = [row for row in read_roster(bundled_path()) if isinstance(row, Row)]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=st.lists(st.sampled_from(ROWS), unique_by=lambda r: r.fields["id"]))
def test_any_part_first_then_the_whole_file_gives_the_whole_roster(first: list[Row]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        engine = connect(f"sqlite:///{Path(directory) / 'r.db'}")
        migrate(engine)
        store = RosterStore(engine)
        early = import_authorities(store, RULEBOOK, first)
        roster = store.all()
        assert all(not e.parent or e.parent in roster for e in roster.values())
        # A row is refused only for a parent not yet imported (the part may omit it).
        assert {e.field for e in early.rejected} <= {"parent"}
        rest = import_authorities(store, RULEBOOK, ROWS)
        assert len(store.all()) == len(ROWS) == 106
        assert len(rest.accepted) == 106 - len(early.accepted)
        again = import_authorities(store, RULEBOOK, ROWS)
        assert again.accepted == [] and {e.field for e in again.rejected} == {"id"}
        engine.dispose()
