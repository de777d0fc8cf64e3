"""What ``/healthz`` asks before it says "ok": a list of probes, each able to fail it.

Each probe takes the registry and returns the reason it fails, or ``None``. Readiness is
what the registry can actually do, not only that the database answers: a full disk
answers reads while every check (its access-log entry) and every submission fails, so a
write probe (``db.write_probe``) is one of them. Other concerns add their probe to
``PROBES``; the first failing one is the ``reason`` of the 503.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from creditreg.db.write_probe import CannotWrite, probe_write
from creditreg.log.integrity import LogIntegrityError
from creditreg.registry import Registry

Probe = Callable[[Registry], str | None]


def reads(registry: Registry) -> str | None:
    """The log's head can be read and a rulebook is active (raises if not)."""
    registry.reader.head()
    registry.rulebook  # noqa: B018 - raises NotInitialised without one
    return None


def writes(registry: Registry) -> str | None:
    try:
        probe_write(registry.engine)
    except CannotWrite as exc:
        return f"the database refuses writes ({exc})"
    return None


PROBES: list[Probe] = [reads, writes]


def readiness(registry: Registry) -> tuple[bool, dict[str, Any]]:
    """``(ready, body)``: the body of ``/healthz`` in either case. A log that failed an
    integrity check comes first: the operator must act, and no other probe can say so."""
    try:
        registry.alarm.raise_if_tripped()
    except LogIntegrityError as failure:
        body = {"status": "failing", "reason": "integrity", "detail": str(failure)}
        return False, {**body, "leaf_index": failure.index}
    for probe in PROBES:
        try:
            failing = probe(registry)
        except LogIntegrityError as failure:  # met by this probe's own read
            body = {"status": "failing", "reason": "integrity", "detail": str(failure)}
            return False, {**body, "leaf_index": failure.index}
        except Exception as exc:  # any failure means "not ready"; say which, not how
            failing = type(exc).__name__
        if failing is not None:
            return False, {"status": "unavailable", "reason": failing}
    size, _ = registry.reader.head()
    return True, {"status": "ok", "rulebook": registry.rulebook.ref, "log_size": size}
