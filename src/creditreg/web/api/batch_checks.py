"""Answering a batch of checks over HTTP: ``service.checks.checks`` decides and builds the
access-log entries; here each item becomes its result or its own problem document.

An item that cannot be answered (a bad identifier, an unknown service, a service the
checkpoint does not serve) gets a problem of its own; the other items are answered.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from creditreg.access.entries import AccessEntry
from creditreg.access.roles import Principal
from creditreg.rulebook.texts import Lang
from creditreg.service import checks
from creditreg.service.checks import Asker, Item
from creditreg.web.api.errors import problem_of
from creditreg.web.api.language import action_link
from creditreg.web.api.schemas import BatchChecks
from creditreg.web.context import Context
from creditreg.web.problems import problem_type


def answer_batch(
    who: Principal, ctx: Context, body: BatchChecks, moment: datetime, lang: Lang = "en"
) -> tuple[dict[str, Any], list[AccessEntry]]:
    """The batch answer and the access-log entries of every decision in it."""
    items = [Item(item.subject, item.service) for item in body.items]
    asker = Asker(who, body.purpose, lang=lang, link=action_link)
    batch = checks.checks(ctx.registry, asker, items, moment, body.known_at)
    results: list[dict[str, Any]] = []
    for index, (item, answer) in enumerate(zip(items, batch.answers, strict=True)):
        if isinstance(answer, dict):
            results.append({"index": index, **answer})
        else:
            kind, detail = problem_of(answer)
            problem = {"type": problem_type(kind), "detail": detail}
            results.append({"index": index, "service": item.service, "problem": problem})
    outcomes = Counter((d.service, d.allowed) for d in batch.decisions)
    for (service, allowed), count in outcomes.items():
        ctx.metrics.decided(service, allowed, count)
    checked = len(batch.entries)
    head = {**batch.head, "checked": checked, "failed": len(results) - checked}
    return {**head, "results": results}, batch.entries
