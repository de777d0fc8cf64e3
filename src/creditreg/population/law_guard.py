"""What the population engine refuses of law over time, so it never disagrees with the fold.

The SQL compiler evaluates every record under one rulebook version. A registry with more
than one version in force on or before the day asked needs 从旧兼从轻 per record
(``engine.law``), and a rulebook with ``in_force_from`` needs records without effect:
neither is compiled yet, so both are refused with a message saying what to use instead.
"""

from __future__ import annotations

from datetime import date

from creditreg.log.reader import LogReader
from creditreg.log.rulebook_versions import activations, timeline
from creditreg.population.errors import OneVersionOnly
from creditreg.rulebook.model import Rulebook


def single_version(reader: LogReader, as_of: date) -> None:
    """Refuse a registry with several rulebook versions in force by ``as_of``."""
    with reader.engine.connect() as conn:
        history = activations(conn)
    versions = [row for row in timeline(history) if row.effective_from <= as_of]
    if len(versions) > 1:
        names = ", ".join(f"{row.ref} from {row.effective_from}" for row in versions)
        raise OneVersionOnly(
            f"the population engine evaluates one rulebook version, and by {as_of} this "
            f"registry has {len(versions)} ({names}); 'creditreg file' and 'check' apply "
            "each version to the records it governs"
        )


def no_in_force_from(rulebook: Rulebook) -> None:
    """Refuse a rulebook whose record types start later than the rulebook itself."""
    later = sorted(name for name, t in rulebook.record_types.items() if t.in_force_from)
    if later:
        raise OneVersionOnly(
            f"the population engine does not evaluate in_force_from yet (record types: "
            f"{', '.join(later)}); 'creditreg file' and 'check' do"
        )
