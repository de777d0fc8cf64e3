"""``prepare`` remembered: a record is prepared once per state of its facts.

A timeline folds one file on every breakpoint (``engine.timeline``), and under several
rulebook versions ``fold_in_time`` folds each record alone under two of them to weigh
从旧兼从轻. Between two of the file's event days a record's facts do not change, so its
``Prepared`` (windows, term ends, texts: the costly part of ``evaluate``) does not either;
only ``Prepared.on`` depends on the day. The memo is keyed by everything ``prepare``
reads: the rulebook (by identity), the subject, the repeats counted and the facts'
content, so it can only return what ``prepare`` would.

One memo serves one pass over one subject: it grows with the states of that file.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Any, TypeVar, cast

from creditreg.engine.evaluate import Prepared, Preparer, prepare
from creditreg.engine.facts import ObjectionFacts, RecordFacts, gather
from creditreg.events import Event
from creditreg.identifiers import Subject
from creditreg.rulebook.model import Rulebook

Facts = dict[str, RecordFacts]
T = TypeVar("T")

Governing = tuple[Any, Rulebook, date, tuple[Event, ...]]
"""What ``engine.law`` asks about: the law (a ``Law``), the version in force, the day, the
events."""


class PrepareMemo:
    """A ``Preparer`` (``evaluate.prepare``) that remembers its answers."""

    __slots__ = ("_found", "_gathered", "_governed", "_kept", "_mine", "_rulebooks")

    def __init__(self) -> None:
        self._found: dict[Hashable, Prepared] = {}
        self._mine: dict[tuple[Hashable, ...], tuple[RecordFacts, Prepared]] = {}
        self._gathered: dict[tuple[Hashable, ...], tuple[tuple[Event, ...], Facts]] = {}
        self._kept: dict[tuple[Hashable, ...], tuple[object, Any]] = {}
        self._rulebooks: dict[int, Rulebook] = {}  # keeps each id() in a key meaning one book
        self._governed: dict[tuple[int, ...], tuple[Governing, dict[str, Rulebook]]] = {}

    def governed(
        self, asked: Governing, find: Callable[[], dict[str, Rulebook]]
    ) -> dict[str, Rulebook]:
        """``find()``, remembered by ``asked``: the law, the version in force, the day and
        the events (``engine.law``: which records an older version governs; the timeline's
        breakpoint collectors and its fold on each breakpoint both ask it)."""
        law, current, day, events = asked
        key = (id(law), id(current), day.toordinal(), *map(id, events))
        found = self._governed.get(key)
        if found is None or not _same_objects(found[0], asked):
            found = self._governed[key] = (asked, find())  # ``asked`` keeps the ids in use
        return dict(found[1])

    def gathered(self, subject_id: str, events: Iterable[Event], as_of: date) -> Facts:
        """``facts.gather``, remembered by the events it keeps (those of ``subject_id`` on or
        before ``as_of``): between two event days every breakpoint gathers the same facts,
        and building them again was ~8% of a timeline (py-spy). The facts are shared, so
        nothing may change them after ``gather`` (the fold only reads them)."""
        mine = tuple(e for e in events if e.subject_id == subject_id and e.on <= as_of)
        key = (subject_id, *map(id, mine))
        found = self._gathered.get(key)
        if found is None:  # ``mine`` is kept with the facts: its ids mean these events
            found = self._gathered[key] = (mine, gather(subject_id, mine, as_of))
        return found[1]

    def kept(self, name: str, objects: tuple[object, ...], make: Callable[[], T]) -> T:
        """``make()``, remembered by ``name`` and the identities of ``objects`` (which it
        keeps, so their ids keep meaning them): for what depends on those objects only,
        e.g. a record's repeat group in gathered facts (``fold.repeats_before``)."""
        key = (name, *map(id, objects))
        found = self._kept.get(key)
        if found is None:
            found = self._kept[key] = (objects, make())
        return cast(T, found[1])

    def __call__(
        self, facts: RecordFacts, rulebook: Rulebook, subject: Subject, repeats: int
    ) -> Prepared:
        # the same facts object (``gathered``) first, then the facts' content
        mine = (id(facts), id(rulebook), subject.id, repeats)
        same = self._mine.get(mine)
        if same is not None and same[0] is facts:
            return same[1]
        key = (id(rulebook), subject.id, repeats, *facts_key(facts))
        found = self._found.get(key)
        if found is None:
            self._rulebooks[id(rulebook)] = rulebook
            found = self._found[key] = prepare(facts, rulebook, subject, repeats)
        self._mine[mine] = (facts, found)  # keeps ``facts``: its id stays its own
        return found


def gathered(subject_id: str, events: Iterable[Event], as_of: date, prepared: Preparer) -> Facts:
    """``facts.gather``, through the memo when ``prepared`` is one (``fold`` and the
    breakpoint collectors ask it for every day they look at)."""
    if isinstance(prepared, PrepareMemo):
        return prepared.gathered(subject_id, events, as_of)
    return gather(subject_id, events, as_of)


def _same_objects(one: Governing, other: Governing) -> bool:
    return (
        one[0] is other[0]
        and one[1] is other[1]
        and one[2] == other[2]
        and len(one[3]) == len(other[3])
        and all(a is b for a, b in zip(one[3], other[3], strict=True))
    )


def facts_key(facts: RecordFacts) -> tuple[Hashable, ...]:
    """Everything of ``facts`` that ``prepare`` and ``Prepared.on`` read."""
    added = facts.added
    return (
        added.record_id,
        added.type,
        added.on,
        added.authority,
        added.decision_ref,
        facts.revoked_on,
        facts.fulfilled_on,
        tuple(facts.repaired_on),
        facts.extension_years,
        _cases(facts.objections),
        _cases(facts.reconsiderations),
        _cases(facts.applications),
    )


def _cases(cases: dict[str, ObjectionFacts]) -> tuple[Hashable, ...]:
    return tuple((o.objection_id, o.filed_on, o.decided_on, o.outcome) for o in cases.values())
