"""``creditreg serve``: the HTTP API under uvicorn, one or more worker processes.

Settings come from ``CREDITREG_*`` variables (see ``creditreg.web.settings``); the
options here set the few that belong to the process. The schema is brought up to date
before the first worker starts, so a registry made by an older version just works.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from creditreg.cli.common import err, open_registry, user_errors
from creditreg.db.connection import migrate

APP = "creditreg.server:create_app"
HEADER_DEADLINE = "creditreg.web.slow_clients:HeaderDeadline"
WORKER_STARTUP_SECONDS = 60
ALARM = "CREDITREG_ALARM_FILE"


def register(app: typer.Typer) -> None:
    app.command("serve")(user_errors(serve))


def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="TCP port."),
    workers: int = typer.Option(
        1, "--workers", min=1, max=64, help="Worker processes (use PostgreSQL for several)."
    ),
    log_level: str = typer.Option("info", "--log-level", help="debug, info, warning or error."),
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs) until interrupted.

    Every setting can also come from the environment: CREDITREG_DB, CREDITREG_MAX_BODY_BYTES,
    CREDITREG_MAX_BATCH, CREDITREG_TOKEN_CACHE_SECONDS, CREDITREG_OIDC_ISSUER,
    CREDITREG_OIDC_AUDIENCE, CREDITREG_OIDC_JWKS, CREDITREG_OIDC_SUBJECT_CLAIM,
    CREDITREG_HEADER_TIMEOUT_SECONDS, CREDITREG_BODY_TIMEOUT_SECONDS, CREDITREG_AUDIT_SECONDS,
    CREDITREG_AUDIT_SWEEP (the log auditor of each worker), CREDITREG_ALARM_FILE (where the
    workers share an integrity alarm; default: a fresh file per run).
    """

    from creditreg.web.orphans import MASTER
    from creditreg.web.settings import Settings, SettingsError

    registry = open_registry(ctx)
    migrate(registry.engine)
    registry.loaded  # noqa: B018 - refuses to start on a registry without a rulebook
    os.environ["CREDITREG_DB"] = registry.engine.url.render_as_string(hide_password=False)
    os.environ["CREDITREG_LOG_LEVEL"] = log_level
    try:
        Settings.from_env()  # every worker reads the same variables: fail here, once
    except SettingsError as exc:
        raise typer.BadParameter(str(exc)) from None
    if workers > 1:
        os.environ[MASTER] = str(os.getpid())  # the workers watch it: see web.orphans
        os.environ.setdefault(
            "PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="creditreg-metrics-")
        )
    with _shared_alarm():
        err.print(f"creditreg API on http://{host}:{port} (docs at /docs), {workers} worker(s)")
        run_app(host, port, log_level, workers)


@contextmanager
def _shared_alarm() -> Iterator[None]:
    """A fresh integrity alarm file for this run's workers (``log.integrity``), unless
    ``CREDITREG_ALARM_FILE`` names one: a restart starts without the alarm, and the
    auditor of each worker re-verifies the log before it says ok."""
    if os.environ.get(ALARM):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="creditreg-alarm-") as directory:
        os.environ[ALARM] = str(Path(directory) / "integrity-alarm.json")
        try:
            yield
        finally:
            del os.environ[ALARM]


def run_app(host: str, port: int, log_level: str, workers: int = 1) -> None:
    """The app under uvicorn with the registry's process settings, until interrupted."""
    import uvicorn

    from creditreg.web.logs import log_config

    uvicorn.run(
        APP,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_config=log_config(log_level),
        access_log=False,
        server_header=False,
        # Closes connections whose headers do not arrive in time. Named, not imported: a
        # worker must unpickle its config before it answers the master's first health ping.
        http=HEADER_DEADLINE,
        # A worker on a busy machine may take longer than uvicorn's 5 s to import the app
        # and answer its first health ping; killing it then only starts the wait again.
        timeout_worker_healthcheck=WORKER_STARTUP_SECONDS,
    )
