"""What a check may take from the projection, and how often it could (``counts``).

A current row answers with the state of its interval; no row and no entry is a subject
without records; a row behind the log, of another law or refused is never served: the
caller folds the log. Every outcome is counted here and told to ``listener`` (the API's
``/metrics``), so a projection falling behind, or edited, shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from creditreg.engine.law import Law, fold_in_time
from creditreg.engine.state import SubjectState
from creditreg.projection.rows import law_digest
from creditreg.projection.store import Found, ProjectionStore

SERVED = ("current", "none", "behind", "refused")
"""What a check found in the projection (``ProjectionStore.read``)."""

Served = tuple[SubjectState, int]
"""A state and the subject's log position it reflects."""


def _ignore(status: str) -> None:
    """No listener (a registry outside the API)."""


class Serving:
    """Answers from ``store``'s rows, counted by outcome."""

    __slots__ = ("counts", "listener", "store")

    def __init__(self, store: ProjectionStore) -> None:
        self.store = store
        self.counts: dict[str, int] = dict.fromkeys(SERVED, 0)
        self.listener: Callable[[str], None] = _ignore

    def one(self, subject_id: str, on: date, law: Law, law_key: str) -> Served | None:
        """The answer from the subject's row, or None when it may not be served."""
        return self._take(subject_id, self.store.read(subject_id, law_digest(law_key)), on, law)

    def many(
        self, subject_ids: Sequence[str], on: date, law: Law, law_key: str
    ) -> tuple[dict[str, Served], list[str]]:
        """``one`` of many subjects, their rows read in bulk; and those left to fold."""
        answers: dict[str, Served] = {}
        rest: list[str] = []
        for subject_id, found in self.store.read_many(subject_ids, law_digest(law_key)).items():
            served = self._take(subject_id, found, on, law)
            if served is None:
                rest.append(subject_id)
            else:
                answers[subject_id] = served
        return answers, rest

    def _take(self, subject_id: str, found: Found, on: date, law: Law) -> Served | None:
        self.counts[found.status] += 1
        self.listener(found.status)
        if found.timeline is not None:
            return found.timeline.at(on, law), found.position
        if found.status == "none":
            return fold_in_time(subject_id, (), law, on), 0
        return None
