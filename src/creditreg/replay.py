"""Replay a past decision: recompute it from the log as it stood when it was answered.

The access log keeps what a replay needs: the subject, the service, the day asked
(``as_of``), the knowledge time asked (``known_at``, else the moment of the answer) and
the log prefix the answer came from (``log_size``). The replay folds the subject's
entries of that prefix recorded by that time, under the rulebook versions activated by
then, and compares the outcome and the rulebook version with what was answered. One use
case for every surface (``creditreg replay``, ``GET /v1/decisions/{decision_id}``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from creditreg.access.reader import AccessLogReader
from creditreg.engine import decide
from creditreg.errors import CreditregError
from creditreg.registry import NotFound, Registry


class NotReplayable(CreditregError, LookupError, kind="not-found"):
    """An access-log entry without what a replay needs (made before migration 0005)."""


def replay(registry: Registry, decision_id: str) -> dict[str, Any]:
    """JSON of the replay: ``decision_id``, ``answered``, ``replayed``, ``equal``."""
    registry.known()  # says "run init" on an empty database
    entry = AccessLogReader(registry.engine).decision(decision_id)
    if entry is None:
        raise NotFound(f"no decision '{decision_id}' in the access log")
    if entry["log_size"] is None or entry["service"] is None:
        raise NotReplayable(
            f"decision '{decision_id}' was answered before the access log kept its log size"
        )
    on, knowledge = date.fromisoformat(entry["as_of"]), entry["known_at"] or entry["at"]
    state = registry.replay(entry["subject_id"], on, int(entry["log_size"]), knowledge)
    decision = decide(state, entry["service"], registry.rulebook_on(on, knowledge))
    answered = {"outcome": entry["outcome"], "rulebook": entry["rulebook"]}
    replayed = {
        "outcome": "allowed" if decision.allowed else "denied",
        "rulebook": decision.rulebook,
        "reasons": [reason.code for reason in decision.reasons],
    }
    context = {key: entry[key] for key in ("subject_id", "service", "as_of", "known_at", "at")}
    return {
        "decision_id": decision_id,
        **context,
        "log_size": int(entry["log_size"]),
        "answered": answered,
        "replayed": replayed,
        "equal": all(replayed[key] == value for key, value in answered.items()),
    }
