"""Request and response bodies of ``/v1/authorities`` (the authority roster)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from creditreg.roster.entry import AUTHORITY_ID
from creditreg.web.api.schemas import SPACE, Strict, stripped

EXAMPLE: dict[str, JsonValue] = {
    "id": "court.sd-weihai",
    "name": "威海市中级人民法院",
    "name_en": "Weihai Intermediate People's Court",
    "kind": "court",
    "region": "3710",
    "parent": "court.sd-higher",
    "source": "人民法院组织法 (2018 修订) 中级人民法院",
}


CONTROL = "\\x00-\\x1f\\x7f-\\x9f"
TEXT = f"[^{CONTROL}]*"
"""A name or source shown to subjects: no control characters (``roster.entry.check_text``)."""
NAME = f"{TEXT}[^{CONTROL}{SPACE[1:-1]}]{TEXT}"
"""A required name: that, and something besides spaces."""


class AuthorityIn(Strict):
    """A new roster entry; ``region`` is a GB/T 2260 prefix (2, 4 or 6 digits, '' national)."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})
    # Published as the roster's rules (roster.entry); whitespace around is stripped (Strict).
    id: str = Field(min_length=2, max_length=100, pattern=stripped(AUTHORITY_ID.pattern[1:-1]))
    name: str = Field(min_length=1, max_length=200, pattern=stripped(NAME))
    kind: str = Field(min_length=1, max_length=64)
    region: str = Field(max_length=6, pattern=stripped("[0-9]{2}|[0-9]{4}|[0-9]{6}|"))
    name_en: str = Field("", max_length=200, pattern=stripped(TEXT))
    parent: str = Field("", max_length=100)
    source: str = Field("", max_length=500, pattern=stripped(TEXT))


class AuthorityOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE | {"retired_on": None}]})
    id: str
    name: str
    name_en: str
    kind: str
    region: str
    parent: str
    source: str
    retired_on: date | None
    added_at: str


class AuthoritiesOut(BaseModel):
    authorities: list[AuthorityOut]


class RetirementIn(Strict):
    model_config = ConfigDict(json_schema_extra={"examples": [{"on": "2026-12-31"}]})
    on: date | None = Field(None, description="From this legal date on (default today)")
