"""The audited reads: a check (one or a batch) and a read of a file, each decided here and
written to the access log here, for every surface.

A surface says who asks, why, and for when; it gets the contract's JSON (``contract``)
and the access-log entries to commit. ``record`` commits them before the answer leaves
(the API and the console through their group-commit recorder); ``record_now`` is the
command line's, in its own thread. Nobody reads a file or gets a decision unlogged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.exc import OperationalError, ProgrammingError

from creditreg.access.entries import CHECK, READ_FILE, AccessEntry, new_decision_id, stamp
from creditreg.access.recorder import AccessRecorder
from creditreg.access.roles import Principal, Role
from creditreg.engine import Decision, SubjectState, decide
from creditreg.engine.notes import notes
from creditreg.errors import CreditregError
from creditreg.identifiers import parse_subject
from creditreg.registry import NotInitialised, Registry
from creditreg.rulebook.model import Rulebook
from creditreg.rulebook.texts import Lang
from creditreg.service.contract import Link, decision_json, file_json, no_link
from creditreg.service.moments import knowledge
from creditreg.service.ownership import serves
from creditreg.timeparse import legal_date


@dataclass(frozen=True, slots=True)
class Asker:
    """Who asks and why; ``notes`` adds the engine's notes to the answer (the command
    line shows them; the API's contract has no such field yet). ``lang`` is the language
    of the answer's texts, ``link`` what the surface adds to each action (the API's link)."""

    who: Principal
    purpose: str | None = None
    notes: bool = False
    lang: Lang = "en"
    link: Link = no_link


@dataclass(frozen=True, slots=True)
class Audited:
    """An answer in the contract's JSON and the access-log entries it must not leave without."""

    data: dict[str, Any]
    entries: list[AccessEntry]
    state: SubjectState | None
    """What ``data`` was written from, when a state was built (a check decided from the
    projection's decision view builds none; no surface reads a check's state)."""
    decision: Decision | None = None


@dataclass(frozen=True, slots=True)
class FileRead:
    """A read of a file: ``Audited`` with the state it always holds (its pages show it)."""

    data: dict[str, Any]
    entries: list[AccessEntry]
    state: SubjectState


def outcome(decision: Decision) -> str:
    return "allowed" if decision.allowed else "denied"


def file_purpose(who: Principal, asked: str | None = None) -> str:
    """Why a file is read when the reader says nothing: a subject's own, or a review."""
    return asked or ("own file" if who.role is Role.SUBJECT else "objection review")


def check(
    registry: Registry,
    asker: Asker,
    subject: str,
    service: str,
    moment: datetime,
    known_at: str | None = None,
) -> Audited:
    """May ``subject`` use ``service`` at ``moment`` (as known at ``known_at``)?"""
    if asker.who.role is Role.CHECKPOINT:  # before reading anything of the subject
        serves(asker.who, service, registry.rulebook)
    day = legal_date(moment)
    rulebook = registry.rulebook_on(day, known_at)
    state: SubjectState | None = None
    if asker.notes:  # the notes read the whole state: build it
        answer = registry.answer(subject, day, known_at)
        state, log_size = answer.state, answer.log_size
        decision = decide(state, service, rulebook)
    else:
        decider = registry.decider(subject, day, known_at)
        decision, log_size = decider.decide(service, rulebook), decider.log_size
    decision_id = new_decision_id()
    extra = notes(state, rulebook) if state is not None else None
    entry = AccessEntry.of(
        asker.who,
        CHECK,
        decision.subject_id,
        purpose=asker.purpose or f"check {service}",
        rulebook=decision.rulebook,
        as_of=decision.as_of.isoformat(),
        service=service,
        decision_id=decision_id,
        outcome=outcome(decision),
        log_size=log_size,
        known_at=known_at,
    )
    data = decision_json(decision, moment, decision_id, extra, lang=asker.lang, link=asker.link)
    return Audited(data, [entry], state, decision)


def read_file(
    registry: Registry,
    asker: Asker,
    subject: str,
    moment: datetime,
    known_at: str | None = None,
) -> FileRead:
    """``subject``'s whole file at ``moment`` (as known at ``known_at``)."""
    answer = registry.answer(subject, legal_date(moment), known_at)
    state = answer.state
    extra = notes(state, registry.rulebook_on(state.as_of, known_at)) if asker.notes else None
    entry = AccessEntry.of(
        asker.who,
        READ_FILE,
        state.subject_id,
        purpose=file_purpose(asker.who, asker.purpose),
        rulebook=state.rulebook,
        as_of=state.as_of.isoformat(),
        log_size=answer.log_size,
        known_at=known_at,
    )
    data = file_json(state, moment, extra, lang=asker.lang, link=asker.link)
    return FileRead(data, [entry], state)


@dataclass(frozen=True, slots=True)
class Item:
    """One check of a batch."""

    subject: str
    service: str


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch's answers, item by item (a decision's JSON, or the error that refused the
    item), with what every answer shares (``head``) and the access-log entries."""

    head: dict[str, str | None]  # known_at is null unless asked
    answers: list[dict[str, Any] | CreditregError]
    entries: list[AccessEntry]
    decisions: list[Decision]


def _subject_or_refusal(who: Principal, item: Item, rulebook: Rulebook) -> str | CreditregError:
    try:
        serves(who, item.service, rulebook)
        return parse_subject(item.subject).id
    except CreditregError as exc:  # a bad identifier, an unknown or unserved service
        return exc


def checks(
    registry: Registry,
    asker: Asker,
    items: Sequence[Item],
    moment: datetime,
    known_at: str | None = None,
) -> Batch:
    """Many checks at once: decision views (or states) read in bulk, one decision and
    access-log entry per item that can be answered; the others keep their error and do
    not stop the rest.
    ``known_at``: only from what was known then (each subject read as the single check
    reads it, since the bulk read and its cache hold everything known now)."""
    day, known = legal_date(moment), knowledge(known_at)
    rulebook = registry.rulebook_on(day, known)  # the version in force on the day asked
    parsed = [_subject_or_refusal(asker.who, item, rulebook) for item in items]
    subjects = [p for p in parsed if isinstance(p, str)]
    deciders = (
        registry.deciders(subjects, day)
        if known is None
        else {s: registry.decider(s, day, known) for s in subjects}
    )
    head = {"at": moment.isoformat(), "as_of": day.isoformat(), "known_at": known}
    batch = Batch({**head, "rulebook": rulebook.ref}, [], [], [])
    when = stamp()
    for item, subject in zip(items, parsed, strict=True):
        if not isinstance(subject, str):
            batch.answers.append(subject)
            continue
        decider, decision_id = deciders[subject], new_decision_id()
        decision = decider.decide(item.service, rulebook)
        batch.answers.append(
            decision_json(decision, moment, decision_id, lang=asker.lang, link=asker.link)
        )
        batch.decisions.append(decision)
        batch.entries.append(
            AccessEntry.of(
                asker.who,
                CHECK,
                subject,
                purpose=asker.purpose or f"batch check {item.service}",
                rulebook=decision.rulebook,
                as_of=day.isoformat(),
                service=item.service,
                decision_id=decision_id,
                outcome=outcome(decision),
                at=when,
                log_size=decider.log_size,
                known_at=known,
            )
        )
    return batch


async def record(recorder: AccessRecorder, audited: Audited | FileRead) -> dict[str, Any]:
    """Commit the entries, then hand back the answer they belong to."""
    await recorder.record(audited.entries)
    return audited.data


def record_now(registry: Registry, audited: Audited | FileRead) -> dict[str, Any]:
    """The command line's commit, in this thread; an old schema is told to upgrade."""
    write_now(registry, audited.entries)
    return audited.data


def write_now(registry: Registry, entries: Sequence[AccessEntry]) -> None:
    """Commit ``entries`` in this thread; an old schema is told to upgrade."""
    try:
        AccessRecorder(registry.engine).record_now(entries)
    except (OperationalError, ProgrammingError) as exc:
        raise NotInitialised(
            "this registry's schema predates the access log: run 'creditreg init' to upgrade it"
        ) from exc
