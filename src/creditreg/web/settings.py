"""Server settings, from ``CREDITREG_*`` environment variables (validated by pydantic).

Every setting has a safe default except the OpenID Connect ones, which are all-or-none:
without them subjects sign in with tokens an admin issued.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from creditreg.db.connection import DEFAULT_URL

PREFIX = "CREDITREG_"


class SettingsError(ValueError):
    """A ``CREDITREG_*`` variable has a value that cannot be used; the message names it."""


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    db: str = Field(DEFAULT_URL, description="SQLAlchemy URL of the registry database")
    max_body_bytes: int = Field(16 * 2**20, ge=1024, description="Largest request body")
    max_batch: int = Field(10_000, ge=1, le=100_000, description="Items per batch request")
    token_cache_seconds: float = Field(
        1.0, ge=0, le=60, description="How long a checked token is trusted (revocation delay)"
    )
    state_cache: int = Field(1 << 16, ge=0, description="Subject states kept in memory")
    oidc_issuer: str | None = Field(None, description="Issuer of subjects' ID tokens")
    oidc_audience: str | None = Field(None, description="Audience (client id) they carry")
    oidc_jwks: str | None = Field(None, description="JWKS URL or file of the issuer's keys")
    oidc_subject_claim: str = Field(
        "sub", description="Claim holding the subject's identifier (resident ID or USCC)"
    )
    header_timeout_seconds: float = Field(
        10.0, gt=0, le=600, description="Time to send a request's line and headers"
    )
    body_timeout_seconds: float = Field(
        60.0, gt=0, le=3600, description="Time to send a request's whole body"
    )
    log_level: str = Field("info", pattern="^(debug|info|warning|error)$")
    audit_seconds: float = Field(
        30.0, ge=0, description="Seconds between the log auditor's rounds (0: no auditor)"
    )
    audit_sweep: int = Field(
        100_000, ge=1, description="Older leaves the auditor re-hashes per round"
    )
    alarm_file: str | None = Field(
        None,
        description="File through which the workers share an integrity alarm (serve sets it)",
    )

    @model_validator(mode="after")
    def _oidc_all_or_none(self) -> Settings:
        given = [self.oidc_issuer, self.oidc_audience, self.oidc_jwks]
        if any(given) and not all(given):
            raise ValueError(
                "set all of CREDITREG_OIDC_ISSUER, CREDITREG_OIDC_AUDIENCE and "
                "CREDITREG_OIDC_JWKS, or none"
            )
        return self

    @property
    def oidc_enabled(self) -> bool:
        return self.oidc_issuer is not None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``environ`` (default ``os.environ``), then ``overrides``."""
        source = os.environ if environ is None else environ
        values: dict[str, object] = {
            name: source[PREFIX + name.upper()]
            for name in cls.model_fields
            if PREFIX + name.upper() in source
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        try:
            return cls.model_validate(values)
        except ValidationError as exc:
            raise SettingsError(_explain(exc)) from None


def _explain(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"])
        name = f"{PREFIX}{where.upper()}" if where else "settings"
        problems.append(f"{name}: {item['msg']}")
    return "; ".join(problems)
