"""The rulebook language: what a rulebook file may say, as pydantic models.

A rulebook is data, never code: every rule is one of the shapes below, and every
rule that can fire carries a stable reason ``code`` and a one-line ``explain``. Every text
a subject reads is a ``Text``: a language map with ``zh-CN`` and ``en`` (``texts.py``).
The JSON Schema published in ``docs/rulebook.schema.json`` is generated from these.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from creditreg.rulebook.texts import Text, both

Code = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{2,63}$", description="Stable reason code")]
Name = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]{1,63}$")]
Region = Annotated[
    str,
    Field(
        pattern=r"^[0-9]{2}([0-9]{2}){0,2}$",
        description="A GB/T 2260 division-code prefix: 2 (province), 4 (prefecture) or 6 digits",
    ),
]
NATIONAL = "national"
"""The name of the national scheme: it has no region and applies to every record."""


class Strict(BaseModel):
    """Base of every rulebook model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SubjectKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class Period(Strict):
    """A length of time: calendar years, months and days, or working days (PRC calendar)."""

    years: int = Field(0, ge=0, le=100)
    months: int = Field(0, ge=0, le=1200)
    days: int = Field(0, ge=0, le=36500)
    working_days: int = Field(0, ge=0, le=1000)

    @model_validator(mode="after")
    def _not_mixed(self) -> Period:
        if self.working_days and (self.years or self.months or self.days):
            raise ValueError("working_days cannot be mixed with calendar years/months/days")
        return self


class Start(StrEnum):
    """When an effect begins."""

    DECISION = "decision"  # the decision date of the record
    PUBLICITY_END = "publicity_end"  # the day after the publicity window closes
    FULFILMENT = "fulfilment"  # the day the obligation was performed


class Until(Strict):
    """When an effect ends (the first day it no longer applies).

    Either a fixed ``term`` after the start, or ``fulfilment`` (plus an optional delay),
    or both: then it ends at whichever comes first.
    """

    term: Period | None = None
    fulfilment: bool = False
    after_fulfilment: Period | None = None

    @model_validator(mode="after")
    def _has_end(self) -> Until:
        if self.term is None and not self.fulfilment:
            raise ValueError("an effect must end: give a term, fulfilment, or both")
        if self.after_fulfilment is not None and not self.fulfilment:
            raise ValueError("after_fulfilment needs fulfilment: true")
        return self


class Repeat(Strict):
    """Escalation when the subject has ``more`` other records of the group ``within`` a period."""

    code: Code
    explain: Text
    group: str = Field(description="Record types sharing this group count towards the repeat")
    more: int = Field(ge=1, le=100)
    within: Period
    until: Until


class Extension(Strict):
    """The issuing authority may extend the term by ``min_years``..``max_years`` in total."""

    min_years: int = Field(ge=1)
    max_years: int = Field(ge=1)


class Effect(Strict):
    """One consequence of a record: a list membership, denied or granted services, or both."""

    code: Code
    explain: Text
    basis: str | None = Field(None, description="Legal basis; defaults to the record type's")
    subjects: list[SubjectKind] | None = Field(None, description="Only for these subject kinds")
    joins: Name | None = Field(None, description="The list this effect puts the subject on")
    deny: list[Name] = Field(default_factory=list)
    grant: list[Name] = Field(default_factory=list)
    starts: Start = Start.DECISION
    until: Until
    repeat: Repeat | None = None
    extension: Extension | None = None
    exclude_minors: bool = Field(False, description="Never applies to a subject under 18")
    deletion_working_days: int | None = Field(
        None, ge=0, description="After fulfilment, the entry must leave public lists within this"
    )

    @model_validator(mode="after")
    def _does_something(self) -> Effect:
        if not (self.joins or self.deny or self.grant):
            raise ValueError("an effect must put on a list, deny or grant something")
        return self


class Publicity(Strict):
    """Publication of the record itself: a minimum before repair, a maximum when it stops."""

    minimum: Period
    maximum: Period
    repair_code: Code
    repair_explain: Text


class Reconsideration(Strict):
    """Who decides the second instance after a rejected objection, and where it is written
    (e.g. SPC-2017-7 第12条: the court one level up). Its days are the objection's
    ``reconsider_within_days`` and ``reconsideration_answer_days``."""

    authority: Text = Field(description="Who decides, e.g. the court one level up")
    basis: str = Field(min_length=3)


class Objection(Strict):
    """How objections to records of this type are handled."""

    answer_within_days: int = Field(15, ge=1)
    suspends_effects: bool = Field(
        False,
        description="While an objection (or a reconsideration) is open, deny measures do not apply",
    )
    reconsider_within_days: int = Field(
        10,
        ge=1,
        description="After a rejected objection, the days to apply for reconsideration to the "
        "authority one level up (SPC-2017 第十二条: 10 days)",
    )
    reconsideration_answer_days: int = Field(
        15, ge=1, description="The days to decide a reconsideration (SPC-2017 第十二条: 15)"
    )
    repair_answer_days: int = Field(
        15,
        ge=1,
        description="The days to decide an application for credit repair (NDRC Order 58)",
    )
    basis: str | None = Field(None, description="Where the right to object is written")
    reconsideration: Reconsideration | None = None


class Scheme(Strict):
    """A body of rules: the national scheme, or a local one that holds only in its region.

    A local scheme's record types have effect only for records issued by an authority
    whose region (its seat, a division code) lies within the scheme's ``region``.
    """

    label: Text
    region: Region | None = Field(None, description="Division-code prefix; none: national")
    basis: str | None = Field(None, description="The local regulation that sets the scheme up")


class RecordType(Strict):
    """A kind of adjudicated record an agency may submit."""

    label: Text
    scheme: Name = Field(NATIONAL, description="The scheme whose rule this is (a key of schemes)")
    basis: str = Field(min_length=3, description="The legal source; required (SPEC red line)")
    subjects: list[SubjectKind] = Field(min_length=1)
    issued_by: list[Name] = Field(min_length=1, description="Authority kinds allowed to issue")
    negative: bool = True
    points: int = Field(0, ge=-100, le=100)
    points_term: Period | None = Field(None, description="How long points count (default: score)")
    publicity_window: Period | None = Field(
        None, description="Working days during which the record is public before effects start"
    )
    publicity: Publicity | None = None
    effects: list[Effect] = Field(default_factory=list)
    objection: Objection = Objection()
    contest: Text = Field(
        description="How to contest, shown with every reason; $authority names the issuer. "
        "Never a command line: the surfaces render the record's actions their own way"
    )
    requires_amount: bool = False
    retention: Period | None = Field(
        None, description="Keep personal data this long after the record's last effect"
    )
    in_force_from: date | None = Field(
        None,
        description="The day the rule for this type took effect; a record decided before it "
        "is stored but has no effect (status not_in_force): law is not retroactive",
    )

    def in_force_on(self, decided: date) -> bool:
        """Whether a record decided on ``decided`` falls under this type's rule at all."""
        return self.in_force_from is None or decided >= self.in_force_from

    @cached_property
    def fulfillable(self) -> bool:
        """Whether performing an obligation changes anything for records of this type."""
        return self.requires_amount or any(e.until.fulfilment for e in self.effects)

    @cached_property
    def repeat(self) -> Repeat | None:
        """The repeat rule of this type's effects, if any (at most one is meaningful)."""
        return next((e.repeat for e in self.effects if e.repeat is not None), None)


class Service(Strict):
    label: Text
    parent: Name | None = None
    benefit: bool = Field(False, description="Denied unless a measure grants it")


PublishField = Literal[
    "subject_id",  # always published masked (identifiers.mask)
    "subject_name",
    "kind",
    "type",
    "authority",
    "decision_ref",
    "decided_at",
    "status",
    "since",
    "until",
]
"""The fields a published list can show (``creditreg publish``, ``GET /v1/lists/{list}``)."""


class ListDef(Strict):
    label: Text
    kind: Literal["blacklist", "redlist"]
    basis: str
    publish_fields: list[PublishField] = Field(
        default_factory=list,
        description="The fields its publication shows, in this order; empty: never published",
    )


class Grade(Strict):
    grade: Annotated[str, Field(pattern=r"^[A-Z]{1,4}$")]
    min: int | None = Field(None, description="Lowest score of the band; null for the last")


class Score(Strict):
    base: int
    points_term: Period
    grades: list[Grade] = Field(min_length=1)

    @model_validator(mode="after")
    def _bands_descend(self) -> Score:
        mins = [g.min for g in self.grades]
        if mins[-1] is not None or any(m is None for m in mins[:-1]):
            raise ValueError("every grade but the last needs a min; the last has min: null")
        bounded = [m for m in mins if m is not None]
        if bounded != sorted(bounded, reverse=True) or len(set(bounded)) != len(bounded):
            raise ValueError("grade minimums must strictly descend")
        return self


class Redlist(Strict):
    code: Code
    explain: Text
    basis: str
    joins: Name
    min_grade: str
    requires_no_active_negative: bool = True
    grant: list[Name] = Field(default_factory=list)
    scheme: Name = Field(
        NATIONAL,
        description="The scheme granting it; a local one only to "
        "subjects with a record of that scheme from its region",
    )


class Authority(Strict):
    name: str
    kind: Name
    name_en: str | None = None
    region: Region | None = Field(None, description="The seat's division code; none: national")


NATIONAL_LABEL = both("全国社会信用体系", "National scheme")


class Rulebook(Strict):
    """A whole rulebook: one version of the rules, in force from ``effective_from``."""

    rulebook: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.-]{1,63}$")]
    version: str = Field(min_length=1)
    effective_from: date
    title: Text
    sources: dict[str, Text] = Field(
        default_factory=dict, description="Each source's key (cited in bases) and its title"
    )
    schemes: dict[Name, Scheme] = Field(
        default_factory=lambda: {NATIONAL: Scheme(label=NATIONAL_LABEL)},
        description="The national scheme (named national, no region) and local schemes",
    )
    services: dict[Name, Service]
    lists: dict[Name, ListDef]
    authorities: dict[str, Authority] = Field(
        default_factory=dict,
        description="Optional seed of the authority roster: ids the roster lacks are added "
        "when the rulebook is loaded; the roster, not this section, is used from then on",
    )
    score: Score
    retention: Period = Field(
        Period(years=5), description="Default retention of personal data after the last effect"
    )
    redlist: Redlist | None = None
    record_types: dict[str, RecordType]

    @model_validator(mode="before")
    @classmethod
    def _drop_extensions(cls, data: object) -> object:
        """Top-level ``x-`` keys hold shared YAML anchors, as in OpenAPI and Compose files."""
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not str(k).startswith("x-")}
        return data

    def scheme_of(self, record_type: RecordType) -> Scheme:
        name = record_type.scheme
        return self.schemes.get(name) or Scheme(label=both(name, name))

    def applies(self, record_type: RecordType, authority: str) -> bool:
        """Whether ``record_type``'s scheme holds for a record issued by ``authority``:
        always for the national scheme; for a local one, only when the authority's seat
        lies within the scheme's region (its division code starts with the prefix)."""
        region = self.scheme_of(record_type).region
        if region is None:
            return True
        seat = self.authorities.get(authority)
        return seat is not None and seat.region is not None and seat.region.startswith(region)

    @property
    def ref(self) -> str:
        """How decisions cite this rulebook: ``name@version``."""
        return f"{self.rulebook}@{self.version}"
