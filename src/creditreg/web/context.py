"""What every request handler needs, built once per server process.

One ``Registry`` (and so one writer, one state cache and one reader pool) per process;
workers are processes, and the database's write lock keeps their appends in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from creditreg.access.reader import AccessLogReader
from creditreg.access.recorder import AccessRecorder
from creditreg.access.tokens import TokenStore
from creditreg.registry import Registry
from creditreg.web.observe import Metrics
from creditreg.web.oidc import OidcVerifier
from creditreg.web.settings import Settings


@dataclass(frozen=True, slots=True)
class Context:
    settings: Settings
    registry: Registry
    tokens: TokenStore
    recorder: AccessRecorder
    access: AccessLogReader
    oidc: OidcVerifier | None
    metrics: Metrics

    @classmethod
    def build(cls, settings: Settings, metrics: Metrics) -> Context:
        registry = Registry.open(settings.db, cache_size=settings.state_cache)
        registry.serving.listener = metrics.served_from  # "behind" and "refused" as a metric
        if settings.alarm_file:  # one worker's integrity failure stops every worker
            registry.alarm.share(Path(settings.alarm_file))
        oidc = None
        if settings.oidc_issuer and settings.oidc_audience and settings.oidc_jwks:
            oidc = OidcVerifier(
                settings.oidc_issuer,
                settings.oidc_audience,
                settings.oidc_jwks,
                settings.oidc_subject_claim,
            )
        return cls(
            settings=settings,
            registry=registry,
            tokens=TokenStore(registry.engine, settings.token_cache_seconds),
            recorder=AccessRecorder(registry.engine),
            access=AccessLogReader(registry.engine),
            oidc=oidc,
            metrics=metrics,
        )


async def context(request: Request) -> Context:
    """FastAPI dependency: the process's context."""
    found: Context = request.app.state.context
    return found


Ctx = Annotated[Context, Depends(context)]
"""A route's parameter for the process's context."""
