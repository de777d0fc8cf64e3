"""The notices dispatcher as a background task of ``creditreg serve``.

Every ``CREDITREG_NOTICES_INTERVAL`` seconds (default 5; 0 turns it off) one pass of
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

from sqlalchemy import Engine

from creditreg.notices.deliver import Settings, deliver_due
from creditreg.notices.render import RulebookByRef

INTERVAL_ENV = "CREDITREG_NOTICES_INTERVAL"
DEFAULT_INTERVAL = 5.0
log = logging.getLogger("creditreg.notices")


def interval() -> float:
    try:
        return max(float(os.environ.get(INTERVAL_ENV, DEFAULT_INTERVAL)), 0.0)
    except ValueError:
        return DEFAULT_INTERVAL


async def _loop(engine: Engine, by_ref: RulebookByRef, every: float) -> None:
    settings = Settings.from_env()
    while True:
        try:
            report = await asyncio.to_thread(deliver_due, engine, settings, by_ref)
            if report.failed:
                log.warning("notices: %d delivered, %d failed", report.delivered, report.failed)
        except Exception:  # keep dispatching: the next pass retries what this one could not
            log.exception("notices: delivery pass failed")
        await asyncio.sleep(every)


@contextlib.asynccontextmanager
async def dispatching(engine: Engine, by_ref: RulebookByRef) -> AsyncIterator[None]:
    """Run the dispatcher while the app runs (nothing when the interval is 0)."""
    every = interval()
    task = asyncio.create_task(_loop(engine, by_ref, every)) if every > 0 else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
