"""A worker of ``serve --workers N`` does not outlive its master.

uvicorn's master stops its workers when it is stopped, but a master killed outright
(SIGKILL, the OOM killer) cannot: its workers, holding the inherited listening socket,
would go on answering on the port, and a new ``serve`` would fail with "Address already
in use". So ``serve`` names its own pid in ``CREDITREG_SERVE_PID``, and each worker
watches its parent: when the master is gone (the worker was re-parented), the worker
shuts down as if told to (SIGTERM: in-flight requests finish, connections close) and,
should that hang, exits after ``GRACE`` seconds. A watching thread rather than Linux's
``PR_SET_PDEATHSIG``: that fires when the parent *thread* that started the worker ends,
and works only on Linux.
"""

from __future__ import annotations

import os
import signal
import threading
import time

MASTER = "CREDITREG_SERVE_PID"
POLL = 0.5  # seconds between looks at the parent
GRACE = 10.0  # seconds a graceful shutdown may take before the worker exits anyway


def follow_master() -> None:
    """In a worker of ``serve``, start watching its master; elsewhere, do nothing."""
    master = os.environ.get(MASTER)
    if not master or not master.isdigit() or int(master) == os.getpid():
        return  # not a worker: a single-process serve, a test client, a script
    threading.Thread(target=_watch, args=(int(master),), name="orphan-watch", daemon=True).start()


def _watch(master: int) -> None:
    while os.getppid() == master:
        time.sleep(POLL)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACE)
    os._exit(1)  # the graceful shutdown hung; the port must be freed anyway
