"""The parts of a rulebook that validation needs, compiled into dicts and sets.

Looking a record type up in the pydantic model for every row would be cheap enough
once, but not a million times: the per-type and per-authority facts are copied here
once per run, and their failure messages name the nearest valid code.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from creditreg.identifiers import Subject
from creditreg.ingest.rows import suggest
from creditreg.ingest.values import Invalid
from creditreg.roster.entry import Authority
from creditreg.rulebook.model import Rulebook, SubjectKind

_KIND_NAMES = {SubjectKind.PERSON: "a person", SubjectKind.ORGANISATION: "an organisation"}
_PLURAL = {SubjectKind.PERSON: "persons", SubjectKind.ORGANISATION: "organisations"}


class Rules:
    """Which types exist, whom they may name, who may issue them, which need an amount."""

    __slots__ = (
        "_authorities",
        "_codes",
        "_issuers",
        "_needs_amount",
        "_ref",
        "_retired",
        "_subjects",
    )

    def __init__(
        self,
        rulebook: Rulebook,
        roster: Mapping[str, Authority] | None = None,
        today: date | None = None,
    ) -> None:
        """``roster``: the registry's authorities (without one, the rulebook's seed section,
        for checking files against a rulebook alone); ``today`` decides who is retired."""
        types = rulebook.record_types
        self._ref = rulebook.ref
        self._codes = sorted(types)
        self._subjects = {code: frozenset(t.subjects) for code, t in types.items()}
        self._issuers = {code: frozenset(t.issued_by) for code, t in types.items()}
        self._needs_amount = frozenset(code for code, t in types.items() if t.requires_amount)
        issuers = rulebook.authorities if roster is None else roster
        self._authorities = {key: a.kind for key, a in issuers.items()}
        self._retired = {
            key: a.retired_on
            for key, a in (roster or {}).items()
            if a.retired_on is not None and (today is None or a.retired_on <= today)
        }

    def check_type(self, code: str, subject: Subject) -> str:
        """``code`` when it is a type of the rulebook that may name ``subject``."""
        allowed = self._subjects.get(code)
        if allowed is None:
            reason = f"type '{code}' is not a record type of rulebook {self._ref}"
            raise Invalid("type", reason + suggest(code, self._codes))
        if subject.kind not in allowed:
            whom = " and ".join(_PLURAL[kind] for kind in sorted(allowed))
            reason = (
                f"subject_id {subject.id} is {_KIND_NAMES[subject.kind]}, "
                f"but type '{code}' applies to {whom} only"
            )
            raise Invalid("subject_id", reason)
        return code

    def check_authority(self, authority: str, code: str) -> str:
        """``authority`` when it is in the roster, not retired, and of a kind that may issue
        ``code``."""
        kind = self._authorities.get(authority)
        if kind is None:
            known = sorted(self._authorities)
            reason = f"authority '{authority}' is not in the authority roster"
            raise Invalid("authority", reason + suggest(authority, known))
        retired = self._retired.get(authority)
        if retired is not None:
            reason = (
                f"authority '{authority}' was retired on {retired}: it issues no new records "
                "(its records already in the registry stay in force)"
            )
            raise Invalid("authority", reason)
        issuers = self._issuers[code]
        if kind not in issuers:
            reason = (
                f"authority '{authority}' is a {kind} authority and may not issue "
                f"'{code}' records (issued by: {', '.join(sorted(issuers))})"
            )
            raise Invalid("authority", reason)
        return authority

    def requires_amount(self, code: str) -> bool:
        """Whether records of type ``code`` must state the sum owed."""
        return code in self._needs_amount
