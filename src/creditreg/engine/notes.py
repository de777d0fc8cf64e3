"""Notes that go with an answer, so that a plain one is not mistaken for more than it is.

A subject the log knows nothing about gets the rulebook's starting score and no measure:
true, but it should say so. A day before the rulebook took effect gets the rulebook's
answer all the same (the engine applies one rulebook to every day): it should say that
no rulebook was in force then.
"""

from __future__ import annotations

from creditreg.engine.state import SubjectState
from creditreg.rulebook.model import Rulebook


def notes(state: SubjectState, rulebook: Rulebook) -> list[str]:
    """What a reader of ``state`` (or of a decision from it) should know beside it."""
    found = []
    if not state.records:
        found.append(f"no records about {state.subject_id} as of {state.as_of}")
    if state.as_of < rulebook.effective_from:
        found.append(
            f"no rulebook was in force on {state.as_of}: {rulebook.ref} took effect on "
            f"{rulebook.effective_from}, and this is what it would give"
        )
    return found
