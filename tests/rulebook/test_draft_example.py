"""``examples/draft.yaml`` is a draft of the bundled rulebook with one intended change.

The README's tour simulates it; if the default rulebook gains something (a scheme, a
text) the draft lacks, the tour would show changes the draft never meant (the first
round's draft, without schemes, moved the Rongcheng points onto everyone).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from creditreg.rulebook.loader import default_rulebook, load_rulebook

DRAFT = Path(__file__).parents[2] / "examples" / "draft.yaml"


def _without_the_change(data: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in data.items() if k not in ("version", "effective_from")}
    grades = kept["score"]["grades"]
    kept["score"] = {**kept["score"], "grades": [g for g in grades if g["grade"] != "B"]}
    return kept


def test_the_draft_is_the_default_rulebook_but_for_grade_b() -> None:
    draft = load_rulebook(DRAFT).rulebook.model_dump()
    shipped = default_rulebook().rulebook.model_dump()
    assert _without_the_change(draft) == _without_the_change(shipped)
    bands = [
        (s["min"], d["min"])
        for s, d in zip(shipped["score"]["grades"], draft["score"]["grades"], strict=True)
        if s["grade"] == "B"
    ]
    assert bands == [(850, 925)]
    assert (draft["version"], str(draft["effective_from"])) == ("2027.1", "2027-01-01")
