"""What a check may take from the projection, and how often it could (``counts``).

A current row answers with the state of its interval; no row and no entry is a subject
without records; a row behind the log, of another law or refused is never served: the
caller folds the log. A check takes less than the state: ``decider``/``deciders`` read the
row's decision view (``projection.view``) and decide from it, building no state; the
days before a subject's first record, and subjects without records, get the empty file's
decision, whose state is folded once per law, day and kind of subject (``EmptyFiles``).
Every outcome is counted here and told to ``listener`` (the API's
``/metrics``), so a projection falling behind, or edited, shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol

from creditreg.engine.decide import Decision, decide
from creditreg.engine.law import Law, fold_in_time
from creditreg.engine.state import SubjectState
from creditreg.identifiers import parse_subject
from creditreg.projection.rows import law_digest
from creditreg.projection.store import Found, ProjectionStore
from creditreg.projection.view import DecisionView
from creditreg.rulebook.model import Rulebook

SERVED = ("current", "none", "behind", "refused")
"""What a check found in the projection (``ProjectionStore.read``)."""

Served = tuple[SubjectState, int]
"""A state and the subject's log position it reflects."""


class Decider(Protocol):
    """One subject's answer on one day, for any service: what a check needs of it."""

    @property
    def log_size(self) -> int:
        """The subject's log position the answer reflects (the access log's prefix)."""
        ...

    def decide(self, service: str, rulebook: Rulebook) -> Decision: ...


class FromState:
    """A decider from a built state (folded, or the whole file served): ``decide``."""

    __slots__ = ("log_size", "state")

    def __init__(self, state: SubjectState, log_size: int) -> None:
        self.state, self.log_size = state, log_size

    def decide(self, service: str, rulebook: Rulebook) -> Decision:
        return decide(self.state, service, rulebook)


class FromView:
    """A decider from a row's decision view; before the first record, the empty file's."""

    __slots__ = ("day", "empty", "log_size", "subject_id", "view")

    def __init__(
        self,
        subject_id: str,
        day: date,
        view: DecisionView,
        empty: Callable[[], EmptyFile],
        log_size: int,
    ) -> None:
        self.subject_id, self.day, self.view = subject_id, day, view
        self.empty, self.log_size = empty, log_size

    def decide(self, service: str, rulebook: Rulebook) -> Decision:
        found = self.view.decide(self.subject_id, self.day, service, rulebook)
        return self.empty().decide(service, rulebook) if found is None else found


class EmptyFile:
    """The empty file's decider for one subject: the state memoised per law, day and kind
    (``EmptyFiles``), the subject's id put in the decision."""

    __slots__ = ("log_size", "state", "subject_id")

    def __init__(self, subject_id: str, state: SubjectState) -> None:
        self.subject_id, self.state, self.log_size = subject_id, state, 0

    def decide(self, service: str, rulebook: Rulebook) -> Decision:
        return decide(self.state, service, rulebook, self.subject_id)


class EmptyFiles:
    """The state of a file without records, folded once per (law, day, kind of subject):
    it depends on nothing else of the subject (no record, so no age or region is read),
    and folding it costs ~40 µs, more than the rest of a served check."""

    __slots__ = ("_states",)
    LIMIT = 4096

    def __init__(self) -> None:
        self._states: dict[tuple[str, date, str], SubjectState] = {}

    def of(self, subject_id: str, day: date, law: Law, law_key: str) -> EmptyFile:
        kind = parse_subject(subject_id).kind.value
        state = self._states.get((law_key, day, kind))
        if state is None:
            if len(self._states) >= self.LIMIT:
                self._states.clear()  # days asked cluster around today: rarely reached
            state = fold_in_time(subject_id, (), law, day)
            self._states[(law_key, day, kind)] = state
        return EmptyFile(subject_id, state)


def _ignore(status: str) -> None:
    """No listener (a registry outside the API)."""


class Serving:
    """Answers from ``store``'s rows, counted by outcome."""

    __slots__ = ("counts", "empty", "listener", "store")

    def __init__(self, store: ProjectionStore) -> None:
        self.store = store
        self.empty = EmptyFiles()
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

    def decider(self, subject_id: str, on: date, law: Law, law_key: str) -> Decider | None:
        """``one``'s decider, from the row's view: no state is built."""
        found = self.store.read_view(subject_id, law_digest(law_key))
        return self._decider(subject_id, found, on, law, law_key)

    def deciders(
        self, subject_ids: Sequence[str], on: date, law: Law, law_key: str
    ) -> tuple[dict[str, Decider], list[str]]:
        """``decider`` of many subjects, their views read in bulk; and those left to fold."""
        answers: dict[str, Decider] = {}
        rest: list[str] = []
        for subject_id, found in self.store.read_views(subject_ids, law_digest(law_key)).items():
            served = self._decider(subject_id, found, on, law, law_key)
            if served is None:
                rest.append(subject_id)
            else:
                answers[subject_id] = served
        return answers, rest

    def _decider(
        self, subject_id: str, found: Found, on: date, law: Law, law_key: str
    ) -> Decider | None:
        self.counts[found.status] += 1
        self.listener(found.status)
        if found.view is not None:
            files = self.empty
            return FromView(
                subject_id,
                on,
                found.view,
                lambda: files.of(subject_id, on, law, law_key),  # only before the first record
                found.position,
            )
        if found.status == "none":
            return self.empty.of(subject_id, on, law, law_key)
        return None
