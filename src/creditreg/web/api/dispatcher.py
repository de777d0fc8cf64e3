"""The notices dispatcher as a background task of ``creditreg serve``.

Every ``CREDITREG_NOTICES_INTERVAL`` seconds (default 5; 0 turns it off) the reminders
of deadlines within 3 working days are made (``remind_due``) and one pass of
``deliver_due`` runs in a worker thread, so a slow or dead receiver never holds the event
loop: checks and ingest go on. A pass that fails (the database away) is logged and the
next one tries again; deliveries are never dropped, only delayed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator

from creditreg.notices.deliver import Settings, deliver_due
from creditreg.notices.remind import remind_due
from creditreg.registry import Registry
from creditreg.timeparse import legal_date, now

INTERVAL_ENV = "CREDITREG_NOTICES_INTERVAL"
DEFAULT_INTERVAL = 5.0
log = logging.getLogger("creditreg.notices")


def interval() -> float:
    try:
        return max(float(os.environ.get(INTERVAL_ENV, DEFAULT_INTERVAL)), 0.0)
    except ValueError:
        return DEFAULT_INTERVAL


async def _loop(registry: Registry, every: float) -> None:
    settings, engine = Settings.from_env(), registry.engine
    while True:
        try:
            today = legal_date(now())
            await asyncio.to_thread(remind_due, engine, registry.notice_law, today)
            by_ref = registry.rulebook_by_ref
            report = await asyncio.to_thread(deliver_due, engine, settings, by_ref)
            if report.failed:
                log.warning("notices: %d delivered, %d failed", report.delivered, report.failed)
        except Exception:  # keep dispatching: the next pass retries what this one could not
            log.exception("notices: delivery pass failed")
        await asyncio.sleep(every)


@contextlib.asynccontextmanager
async def dispatching(registry: Registry) -> AsyncIterator[None]:
    """Run the dispatcher while the app runs (nothing when the interval is 0)."""
    every = interval()
    task = asyncio.create_task(_loop(registry, every)) if every > 0 else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
