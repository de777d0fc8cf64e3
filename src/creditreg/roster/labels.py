"""Display names from the roster, where the engine looks them up.

The engine is pure and names an authority in contest texts (``$authority``) from the
rulebook it is given. The registry hands it the rulebook with its ``authorities``
replaced by the roster's names, so every text shows the roster's name and the rulebook
file stays the law alone. The roster's region (the seat) decides where a local
scheme's rules hold (``Rulebook.applies``). The digest (what decisions cite) is the
file's, unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from creditreg.roster.entry import Authority
from creditreg.rulebook.loader import LoadedRulebook
from creditreg.rulebook.model import Authority as Named


def with_roster_names(loaded: LoadedRulebook, roster: Mapping[str, Authority]) -> LoadedRulebook:
    """``loaded`` with the roster's names (the rulebook's own where the roster is empty)."""
    if not roster:
        return loaded
    names = {
        key: Named(
            name=entry.name,
            kind=entry.kind,
            name_en=entry.name_en or None,
            region=entry.region or None,
        )
        for key, entry in roster.items()
    }
    rulebook = loaded.rulebook.model_copy(update={"authorities": names})
    return replace(loaded, rulebook=rulebook)
