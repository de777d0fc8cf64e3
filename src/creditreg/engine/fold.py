"""``fold``: a subject's events, a rulebook and a day in; the subject's state out.

Pure: no I/O, no clock. The state depends only on events naming this subject (others are
ignored), and not on the order they were stored in (see ``facts.gather``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from creditreg.engine.evaluate import Evaluated, Preparer, prepare
from creditreg.engine.factors import key_factors
from creditreg.engine.facts import RecordFacts
from creditreg.engine.memo import PrepareMemo, gathered
from creditreg.engine.periods import first_day_after
from creditreg.engine.redlist import redlist_state
from creditreg.engine.state import ListEntry, ListStatus, Measure, SubjectState
from creditreg.events import Event
from creditreg.identifiers import parse_subject
from creditreg.rulebook.model import Rulebook


def fold(
    subject_id: str,
    events: Iterable[Event],
    rulebook: Rulebook,
    as_of: date,
    prepared: Preparer = prepare,
) -> SubjectState:
    """The state of ``subject_id`` on ``as_of`` under ``rulebook``.

    ``prepared`` is ``evaluate.prepare`` or a memo of it (``engine.memo``: a timeline
    folds many days of one file and prepares each record once per change of its facts).
    """
    subject = parse_subject(subject_id)
    facts = gathered(subject.id, events, as_of, prepared)
    ordered = sorted(facts.values(), key=lambda f: (f.added.on, f.added.record_id))
    evaluated = [
        prepared(f, rulebook, subject, repeats_before(f, facts, rulebook, as_of, prepared)).on(
            as_of
        )
        for f in ordered
    ]
    score = rulebook.score.base + sum(e.view.points for e in evaluated)
    grade = grade_for(score, rulebook)
    lists = [entry for e in evaluated for entry in e.part("lists", _list_entries, as_of)]
    measures = [m for e in evaluated for m in e.part("measures", _measures, as_of)]
    red = redlist_state(evaluated, rulebook, grade, as_of)
    if red is not None:
        lists.append(red[0])
        measures.extend(red[1])
    return SubjectState(
        subject_id=subject.id,
        kind=subject.kind.value,
        as_of=as_of,
        rulebook=rulebook.ref,
        score=score,
        grade=grade,
        lists=tuple(lists),
        measures=tuple(measures),
        records=tuple(e.view for e in evaluated),
        key_factors=key_factors(evaluated, as_of),
    )


def grade_for(score: int, rulebook: Rulebook) -> str:
    """The first band whose minimum the score reaches (the last band has none)."""
    for band in rulebook.score.grades:
        if band.min is None or score >= band.min:
            return band.grade
    return rulebook.score.grades[-1].grade


def repeats_before(
    record: RecordFacts,
    facts: dict[str, RecordFacts],
    rulebook: Rulebook,
    as_of: date,
    prepared: Preparer = prepare,
) -> int:
    """Other records of the same repeat group decided within the period before this one."""
    if isinstance(prepared, PrepareMemo):  # the same gathered facts on many days
        voided = prepared.kept(
            "repeats",
            (record, facts, rulebook),
            lambda: _earlier_in_group(record, facts, rulebook),
        )
    else:
        voided = _earlier_in_group(record, facts, rulebook)
    return sum(1 for day in voided if day is None or day > as_of)


def _earlier_in_group(
    record: RecordFacts, facts: dict[str, RecordFacts], rulebook: Rulebook
) -> tuple[date | None, ...]:
    """The day each of them is void from (None: not void): what ``as_of`` is compared with."""
    record_type = rulebook.record_types.get(record.added.type)
    repeat = record_type.repeat if record_type else None
    if repeat is None:
        return ()
    decided, order = record.added.on, (record.added.on, record.added.record_id)
    # Strictly earlier, ties broken by record id: of four offences on one day, one is the 4th.
    return tuple(
        other.voided_on
        for other in facts.values()
        if (other.added.on, other.added.record_id) < order
        and _in_group(other, repeat.group, rulebook)
        and decided < first_day_after(other.added.on, repeat.within)
    )


def _in_group(facts: RecordFacts, group: str, rulebook: Rulebook) -> bool:
    record_type = rulebook.record_types.get(facts.added.type)
    return (
        record_type is not None
        and record_type.repeat is not None
        and (record_type.repeat.group == group)
        and record_type.in_force_on(facts.added.on)
        and rulebook.applies(record_type, facts.added.authority)
    )


def _list_entries(evaluated: Evaluated, as_of: date) -> list[ListEntry]:
    entries: list[ListEntry] = []
    if evaluated.suspended:
        return entries  # held with its measures while the objection is open
    for window in evaluated.windows:
        name = window.effect.joins
        if name is None:
            continue
        if window.open_on(as_of):
            status, since = ListStatus.EFFECTIVE, window.start
        elif window.announced_on(as_of) and window.start is not None:
            status, since = ListStatus.PUBLICITY, window.announced
        else:
            continue
        assert since is not None
        basis = window.effect.basis or _basis(evaluated)
        record_id = evaluated.view.record_id
        entries.append(
            ListEntry(
                name,
                status,
                since,
                window.end,
                window.code,
                record_id,
                basis,
                window.effect.deletion_working_days,
                _scheme(evaluated),
            )
        )
    return entries


def _measures(evaluated: Evaluated, as_of: date) -> list[Measure]:
    out: list[Measure] = []
    for window in evaluated.windows:
        if not window.open_on(as_of):
            continue
        assert window.start is not None
        effect = window.effect
        basis = effect.basis or _basis(evaluated)
        kinds: Sequence[tuple[str, list[str]]] = (("grant", effect.grant),)
        if not evaluated.suspended:
            kinds = (("deny", effect.deny), *kinds)
        for kind, services in kinds:
            out.extend(
                Measure(
                    s,
                    kind,
                    window.code,
                    evaluated.view.record_id,
                    basis,
                    window.start,
                    window.end,
                    window.explain,
                    evaluated.contest,
                    _scheme(evaluated),
                )
                for s in services
            )
    return out


def _scheme(evaluated: Evaluated) -> str:
    return evaluated.view.scheme


def _basis(evaluated: Evaluated) -> str:
    return evaluated.record_type.basis if evaluated.record_type else ""
