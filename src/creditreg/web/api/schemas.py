"""Request and response bodies (pydantic, at the boundary only), with OpenAPI examples.

Requests forbid unknown fields and bound every string, so a typo is a 422 naming the
field rather than a silently ignored value. Responses are documented with these models
but built as plain dicts by ``creditreg.service.contract`` (the same JSON as the command line).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator

from creditreg.access.roles import Role
from creditreg.service.moments import AT_DESCRIPTION

SUBJECT_EXAMPLE = "110105198503120418"
Text = Field(min_length=1, max_length=2000)
OnDay = Field(None, description="When it happened (legal date); default today")


SPACE = r"[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
"""What ``Strict`` strips from either end of a string (pydantic-core: Unicode White_Space),
spelt out because JSON Schema's ``\\s`` and Python's are not the same set."""


NOT_SPACE = r"[^\x00" + SPACE[1:]
"""Neither space nor NUL (refused in every string on both backends)."""


def stripped(core: str) -> str:
    """The published pattern of a string field whose stripped value must match ``core``."""
    return f"^{SPACE}*(?:{core}){SPACE}*$"


MAX_INT = 2**63 - 1
"""The largest integer either database stores: the bound of every integer parameter."""


def examples(*found: dict[str, Any]) -> ConfigDict:
    """A model's examples in its JSON Schema (the OpenAPI document shows them)."""
    return ConfigDict(json_schema_extra={"examples": list(found)})


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        """No NUL characters: PostgreSQL cannot store or compare text holding one."""
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("NUL characters are not allowed")
        return value

    @field_validator("on", mode="before", check_fields=False)
    @classmethod
    def _day_as_text(cls, value: object) -> object:
        """A day is ISO 8601 text, never a number read as seconds since 1970."""
        if value is None or isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                float(value)
            except ValueError:
                return value
        raise ValueError("expected an ISO 8601 date as text, like 2026-11-20")


class CheckItem(Strict):
    subject: str = Field(max_length=64, examples=[SUBJECT_EXAMPLE])
    service: str = Field(max_length=64, examples=["rail"])


class BatchChecks(Strict):
    model_config = examples(
        {
            "items": [
                {"subject": SUBJECT_EXAMPLE, "service": "rail"},
                {"subject": "91110105MA01ABCD2X", "service": "rail"},
            ],
            "at": "2026-11-27",
            "purpose": "ticket sale G123",
        }
    )
    items: list[CheckItem] = Field(min_length=1, description="At most CREDITREG_MAX_BATCH")
    at: str | None = Field(None, max_length=40, description=AT_DESCRIPTION)
    known_at: str | None = Field(
        None,
        max_length=40,
        description="ISO 8601; answer only from the events recorded and rulebook versions "
        "activated by then (default: everything known now)",
    )
    purpose: str | None = Field(None, max_length=200)


class Revocation(Strict):
    model_config = examples({"reason": "quashed on appeal", "on": "2026-11-20"})
    reason: str = Text
    on: date | None = OnDay


class Fulfilment(Strict):
    model_config = examples({"on": "2026-11-20"})
    on: date | None = OnDay


class ObjectionIn(Strict):
    model_config = examples({"grounds": "I was not on that train", "on": None})
    grounds: str = Text
    on: date | None = OnDay


class Repair(Fulfilment):
    """A repair's body is a fulfilment's: the day, or today."""


class Extension(Strict):
    model_config = examples({"years": 1, "on": "2026-11-20"})
    years: int = Field(ge=1, le=3, strict=True)  # not true or "2"
    on: date | None = OnDay

    @field_validator("years", mode="before")
    @classmethod
    def _whole_number(cls, value: object) -> object:
        """JSON Schema's ``integer`` admits 2.0 (a number with no fraction): so do we."""
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value


class DecisionIn(Strict):
    model_config = examples({"outcome": "upheld", "reason": "ticket was valid", "on": "2026-11-25"})
    outcome: Literal["upheld", "rejected"]
    reason: str = Text
    on: date | None = OnDay


class _TokenBase(Strict):
    name: str = Field(min_length=1, max_length=200)
    expires_at: str | None = Field(None, max_length=40, description="ISO 8601 instant")

    def binding(self) -> dict[str, Any]:
        """The role's binding, as ``access.grants.issue_token`` takes it."""
        return {}


class AgencyTokenIn(_TokenBase):
    model_config = examples(
        {"role": "agency", "name": "Chaoyang court", "authority": "court.bj-chaoyang"}
    )
    role: Literal[Role.AGENCY]
    authority: str = Field(
        min_length=1, max_length=100, description="An authority of the roster, not retired"
    )

    def binding(self) -> dict[str, Any]:
        return {"authority": self.authority}


class CheckpointTokenIn(_TokenBase):
    model_config = examples(
        {"role": "checkpoint", "name": "Beijing South ticket office", "services": ["rail"]}
    )
    role: Literal[Role.CHECKPOINT]
    services: list[str] = Field(
        min_length=1,
        max_length=50,
        description="Services of the rulebook in force (the document lists them)",
    )

    def binding(self) -> dict[str, Any]:
        return {"services": self.services}


class SubjectTokenIn(_TokenBase):
    model_config = examples({"role": "subject", "name": "Zhang San", "subject_id": SUBJECT_EXAMPLE})
    role: Literal[Role.SUBJECT]
    subject_id: str = Field(min_length=1, max_length=64)

    def binding(self) -> dict[str, Any]:
        return {"subject_id": self.subject_id}


class PlainTokenIn(_TokenBase):
    """Reviewers, auditors and admins are bound to nothing: a binding they cannot use would
    only mislead whoever reads the token list."""

    model_config = examples({"role": "reviewer", "name": "Objection desk"})
    role: Literal[Role.REVIEWER, Role.AUDITOR, Role.ADMIN]


VARIANT = "role="
"""How a ``TokenIn`` variant is tagged: pydantic puts the tag in an error's location, which
``api.errors`` leaves out (no field's name holds ``=``), so an error names the field."""
ROLES = ", ".join(f"'{role.value}'" for role in Role)


def _token_variant(value: object) -> str | None:
    """Which of ``TokenIn``'s variants ``value`` is, by its ``role`` (None: no such role).
    A callable rather than ``discriminator="role"``: pydantic allows no ``before``
    validator on a discriminator field, and ``Strict`` has one on every field."""
    role = value.get("role") if isinstance(value, dict) else getattr(value, "role", None)
    return _VARIANTS.get(role) if isinstance(role, str) else None


_VARIANTS = {role: f"{VARIANT}{role}" for role in ("agency", "checkpoint", "subject")}
_VARIANTS |= dict.fromkeys(("reviewer", "auditor", "admin"), f"{VARIANT}plain")

TokenIn = Annotated[
    Annotated[AgencyTokenIn, Tag(_VARIANTS["agency"])]
    | Annotated[CheckpointTokenIn, Tag(_VARIANTS["checkpoint"])]
    | Annotated[SubjectTokenIn, Tag(_VARIANTS["subject"])]
    | Annotated[PlainTokenIn, Tag(_VARIANTS["admin"])],
    Discriminator(
        _token_variant,
        custom_error_type="token_role",
        custom_error_message=f"Input should be {ROLES}",
        custom_error_context={"field": "role"},
    ),
]
"""A new token: which fields it takes depends on its ``role`` (a ``oneOf`` on ``role`` in
the document), so a binding the role does not take is refused by the schema itself."""


class ActionOut(BaseModel):
    """Something the subject can do about the record (SPEC §3 "The subject's actions")."""

    action: Literal["object", "pay", "repair", "reconsider"]
    record_id: str
    authority: str | None = Field(description="Who decides (the issuer's id), if an authority")
    authority_name: str
    basis: str
    from_: date | None = Field(alias="from", description="The first day it is possible")
    until: date | None = Field(description="The first day it is no longer possible")
    last_day: date | None = Field(description="The last day to act (Civil Code Arts. 201-203)")
    objection_id: str | None
    href: str | None = Field(description="Where to take it; null: done at the authority")
    method: str | None


class ReasonOut(BaseModel):
    code: str
    record_id: str | None
    measure: str
    basis: str
    since: date | None
    until: date | None
    contest: str
    explain: str
    actions: list[ActionOut]


class CheckOut(BaseModel):
    model_config = examples(
        {
            "subject_id": SUBJECT_EXAMPLE,
            "service": "rail",
            "at": "2026-11-27T00:00:00+08:00",
            "as_of": "2026-11-27",
            "allowed": False,
            "reasons": [
                {
                    "code": "RAIL_BAN_180D",
                    "record_id": "demo-a2",
                    "measure": "deny rail",
                    "basis": "NDRC-2018-384 1(1)",
                    "since": "2026-11-20",
                    "until": "2027-05-19",
                    "contest": "Object to the railway operator within the publicity window",
                    "explain": "No train tickets for 180 days after the publicity window",
                    "actions": [
                        {
                            "action": "object",
                            "record_id": "demo-a2",
                            "authority": "rail.cr-beijing",
                            "authority_name": "China Railway Beijing (rail.cr-beijing)",
                            "basis": "NDRC-384 三、(二)",
                            "from": None,
                            "until": None,
                            "last_day": None,
                            "objection_id": None,
                            "href": "/v1/records/demo-a2/objection",
                            "method": "POST",
                        }
                    ],
                }
            ],
            "rulebook": "cn-default@2026.2",
            "decision_id": "dec-5f0c1e9a2b7d4c3e8f10",
        }
    )
    subject_id: str
    service: str
    at: str
    as_of: date
    allowed: bool
    reasons: list[ReasonOut]
    rulebook: str
    decision_id: str


class BatchItemOut(BaseModel):
    index: int
    subject_id: str | None = None
    service: str
    allowed: bool | None = None
    reasons: list[ReasonOut] = []
    decision_id: str | None = None
    problem: dict[str, str] | None = Field(None, description="Why this item got no decision")


class BatchChecksOut(BaseModel):
    at: str
    as_of: date
    known_at: str | None = Field(None, description="The knowledge time asked (UTC), if any")
    rulebook: str
    checked: int
    failed: int
    results: list[BatchItemOut]


class ItemResult(BaseModel):
    index: int = Field(description="0-based position in the submitted array or NDJSON lines")
    status: Literal["accepted", "duplicate", "rejected"]
    record_id: str | None = None
    field: str | None = None
    reason: str | None = None


class SubmissionOut(BaseModel):
    model_config = examples(
        {
            "read": 2,
            "accepted": 1,
            "duplicates": 0,
            "rejected": 1,
            "results": [
                {"index": 0, "status": "accepted", "record_id": "r-9f2c…"},
                {
                    "index": 1,
                    "status": "rejected",
                    "field": "subject_id",
                    "reason": "the check character is wrong",
                },
            ],
        }
    )
    read: int
    accepted: int
    duplicates: int
    rejected: int
    results: list[ItemResult]


class EventOut(BaseModel):
    model_config = examples(
        {
            "event": "objection.filed",
            "record_id": "demo-a2",
            "subject_id": SUBJECT_EXAMPLE,
            "on": "2026-11-27",
            "seq": 42,
            "objection_id": "obj-3fa2c1d0e9b8a7f6",
        }
    )
    event: str
    record_id: str
    subject_id: str
    on: date
    seq: int | None
    objection_id: str | None = None


class TokenOut(BaseModel):
    token_id: str
    role: Role
    name: str
    authority: str | None
    services: list[str]
    subject_id: str | None
    created_at: str
    expires_at: str | None
    revoked_at: str | None
    token: str | None = Field(None, description="Only in the answer to its creation")
