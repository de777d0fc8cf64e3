"""A server that never answers from a tampered log: the ``integrity`` problem and its guard.

Once this process's ``IntegrityAlarm`` has tripped (a read whose event no longer hashes
to its stored leaf, the writer's tail check, or the background auditor), every request
under ``/v1/`` and ``/console/`` is answered ``503 /problems/integrity``, whatever its
method: no check, no file, no proof and no write is served from the log any more, and
``/healthz`` fails saying why. The answer does not change by itself: someone must
repair the log (``creditreg verify`` names the entry) and restart the server, whose
auditor re-verifies everything before it says ok.

``lifespan_auditor`` runs the auditor (``transparency.auditor``) in a thread of each
server process: at startup, then every ``CREDITREG_AUDIT_SECONDS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from starlette.types import ASGIApp, Receive, Scope, Send

from creditreg.log.integrity import IntegrityAlarm, LogIntegrityError
from creditreg.registry import Registry
from creditreg.transparency.auditor import AuditThread, TreeAuditor
from creditreg.web.problems import problem_response
from creditreg.web.settings import Settings

GUARDED = ("/v1/", "/console/")
UNGUARDED = ("/console/static/",)


def integrity_detail(failure: LogIntegrityError) -> str:
    """What a client is told: which entry failed, and that nothing is served meanwhile."""
    return (
        f"the registry's log failed its integrity check ({failure}); it answers nothing "
        "from the log and accepts no writes until the log is repaired"
    )


class IntegrityGuard:
    """Answers ``integrity`` for every guarded path once ``alarm`` has tripped."""

    def __init__(self, app: ASGIApp, alarm: IntegrityAlarm) -> None:
        self.app, self.alarm = app, alarm

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        failure = self.alarm.failure
        if failure is not None and scope["type"] == "http" and _guarded(scope["path"]):
            response = problem_response(
                "integrity",
                integrity_detail(failure),
                scope["path"],
                leaf_index=failure.index,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _guarded(path: str) -> bool:
    return path.startswith(GUARDED) and not path.startswith(UNGUARDED)


@contextmanager
def lifespan_auditor(settings: Settings, registry: Registry) -> Iterator[None]:
    """The background auditor for as long as the server runs (none if the interval is 0)."""
    if settings.audit_seconds <= 0:
        yield
        return
    auditor = TreeAuditor(registry.engine, registry.alarm, settings.audit_sweep)
    thread = AuditThread(auditor, settings.audit_seconds)
    thread.start()
    try:
        yield
    finally:
        thread.stop()
        thread.join(timeout=10)
