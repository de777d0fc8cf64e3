"""Answering a batch of checks: states read in bulk, one decision and log entry per item.

An item that cannot be answered (a bad identifier, an unknown service, a service the
checkpoint does not serve) gets a problem of its own; the other items are answered.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from creditreg.access.entries import CHECK, AccessEntry, new_decision_id, stamp
from creditreg.access.roles import Principal
from creditreg.api.bindings import serves
from creditreg.api.context import Context
from creditreg.api.errors import identifier_detail
from creditreg.api.language import action_link
from creditreg.api.problems import Problem, problem_type
from creditreg.api.schemas import BatchChecks
from creditreg.cli.render import decision_json
from creditreg.engine import decide
from creditreg.engine.decide import UnknownService
from creditreg.identifiers import InvalidIdentifier, parse_subject
from creditreg.rulebook.texts import Lang
from creditreg.timeparse import legal_date


def _item_problem(kind: str, detail: str) -> dict[str, str]:
    return {"type": problem_type(kind), "detail": detail}


def answer_batch(
    who: Principal, ctx: Context, body: BatchChecks, moment: datetime, lang: Lang = "en"
) -> tuple[dict[str, Any], list[AccessEntry]]:
    """The batch answer and the access-log entries of every decision in it."""
    registry, day = ctx.registry, legal_date(moment)
    rulebook = registry.rulebook_on(day)  # the version in force on the day asked
    parsed: list[str | dict[str, str]] = []
    for item in body.items:
        try:
            serves(who, item.service, rulebook)
            parsed.append(parse_subject(item.subject).id)
        except InvalidIdentifier as exc:
            parsed.append(_item_problem("invalid-identifier", identifier_detail(exc)))
        except UnknownService as exc:
            parsed.append(_item_problem("unknown-service", str(exc)))
        except Problem as exc:
            parsed.append(_item_problem(exc.kind, exc.detail))
    answers = registry.answers([p for p in parsed if isinstance(p, str)], day)
    results, entries, when = [], [], stamp()
    outcomes: Counter[tuple[str, bool]] = Counter()
    for index, (item, subject) in enumerate(zip(body.items, parsed, strict=True)):
        if not isinstance(subject, str):
            results.append({"index": index, "service": item.service, "problem": subject})
            continue
        decision = decide(answers[subject].state, item.service, rulebook)
        decision_id = new_decision_id()
        answer = decision_json(decision, moment, decision_id, lang=lang, link=action_link)
        results.append({"index": index, **answer})
        entries.append(
            AccessEntry.of(
                who,
                CHECK,
                subject,
                purpose=body.purpose or f"batch check {item.service}",
                rulebook=decision.rulebook,
                as_of=day.isoformat(),
                service=item.service,
                decision_id=decision_id,
                outcome="allowed" if decision.allowed else "denied",
                at=when,
                log_size=answers[subject].log_size,
            )
        )
        outcomes[item.service, decision.allowed] += 1
    for (service, allowed), count in outcomes.items():
        ctx.metrics.decided(service, allowed, count)
    failed = len(results) - len(entries)
    head = {"at": moment.isoformat(), "as_of": day.isoformat(), "rulebook": rulebook.ref}
    return {**head, "checked": len(entries), "failed": failed, "results": results}, entries
