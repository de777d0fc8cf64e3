"""``creditreg demo``: a registry to look at, then the server and the console on it.

The registry (``creditreg-demo.db``, keys in ``creditreg-demo-keys/``) holds the curated
sample with its three featured subjects, a few due-process events, and a synthetic
population (``creditreg synth``: 100,000 persons and 5,000 organisations by default,
whose subjects never include the sample's). It is built once and reused while the
settings it was built with stay the same (``--fresh`` rebuilds it), so what was done in
the console survives a restart.

Then it prints a login (an API token) for each role and serves the API and the console
until interrupted; ``--no-serve`` prints the featured subjects' files and checks instead.

Its dates are the day it is built: the sample and the due-process events were written for
``ANCHOR`` and every one of their dates moves by the days between ``ANCHOR`` and the build
day, and the synthetic population ends on the build day. So the server (which answers for
today), the console and ``--no-serve`` tell the same story on any day: the featured person
in a rail ban's publicity window, one objection awaiting review and not yet overdue. A
registry built on an earlier day is rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import typer

from creditreg.access.roles import Role
from creditreg.access.tokens import TokenStore
from creditreg.cli.common import dumps, err, out, user_errors
from creditreg.cli.demo_story import shifted, shifted_sample
from creditreg.cli.queries import print_file
from creditreg.db.connection import migrate
from creditreg.events import Outcome
from creditreg.registry import NotInitialised, Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.service.contract import decision_json, file_json
from creditreg.service.moments import instant
from creditreg.synth.generate import BadSpec, Spec, synthesize
from creditreg.synth.load import ingest, load
from creditreg.synth.window import Window, default_start
from creditreg.timeparse import legal_date, now

DEMO_DB = "creditreg-demo.db"
PERSONS, ORGS, SEED = 100_000, 5_000, 2026
"""The synthetic population beside the sample: ``creditreg synth`` with these options."""
FORMAT = 1
"""Bump when what the demo writes changes, so that older demo registries are rebuilt."""

FEATURED = "110105198503120418"
SUBJECTS = {
    FEATURED: (
        "a person on the court list, in a rail publicity window",
        ["rail", "air", "star_hotel"],
    ),
    "371082199007150029": (
        "a person with two commendations (grade AAA)",
        ["deposit_waiver", "rail"],
    ),
    "91310115MA1K4CQ3A3": (
        "a company with a major tax violation",
        ["public_procurement", "bond_issuance"],
    ),
}

TOKEN_NAME = "demo login"
"""Every demo token is named so; a new ``creditreg demo`` revokes the previous ones."""
AGENCY = "court.bj-chaoyang"
"""The demo agency: the court that listed the featured person (record demo-a1)."""
LOGINS: dict[str, tuple[Role, str]] = {
    "agency": (Role.AGENCY, f"API only: {AGENCY}, submits, revokes and fulfils its records"),
    "checkpoint": (Role.CHECKPOINT, "API only: checks every service (GET /v1/checks)"),
    "subject": (Role.SUBJECT, f"{FEATURED}: the person's own file; objects to a record"),
    "reviewer": (Role.REVIEWER, "the review queue: decides objections"),
    "auditor": (Role.AUDITOR, "statistics, the access log, the log's signed heads and proofs"),
    "admin": (Role.ADMIN, "API tokens"),
}


@dataclass(slots=True)
class Built:
    """The demo registry, and how it came to be."""

    registry: Registry
    reused: bool
    seconds: float
    records: int


def register(app: typer.Typer) -> None:
    app.command("demo")(user_errors(demo))


def demo(
    at: str = typer.Option(
        None, "--at", help="The day the --no-serve tour looks at (default: today)."
    ),
    path: Path = typer.Option(Path(DEMO_DB), "--path", help="The demo's SQLite file."),
    persons: int = typer.Option(PERSONS, "--persons", min=0, help="Synthetic persons."),
    orgs: int = typer.Option(ORGS, "--orgs", min=0, help="Synthetic organisations."),
    seed: int = typer.Option(SEED, "--seed", min=0, help="The synthetic population's seed."),
    fresh: bool = typer.Option(False, "--fresh", help="Rebuild even if the settings match."),
    serve: bool = typer.Option(
        True, "--serve/--no-serve", help="Serve the API and console, or print a tour and stop."
    ),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    log_level: str = typer.Option("warning", "--log-level", help="The server's log level."),
    as_json: bool = typer.Option(False, "--json", help="Print what was built and the logins."),
) -> None:
    """Build a demo registry (the sample, three featured subjects and a synthetic
    population), print a login for each role, and serve the API and web console."""
    settings = {"persons": persons, "orgs": orgs, "seed": seed}
    today = legal_date(now())
    try:
        _spec(settings, today)
    except BadSpec as exc:
        raise typer.BadParameter(str(exc)) from None
    if serve:
        _port_is_free(host, port)
    built = _build(path, settings, fresh, quiet=as_json, today=today)
    logins = _logins(built.registry)
    base = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    if as_json:
        data: dict[str, Any] = {
            "db": f"sqlite:///{path}",
            "reused": built.reused,
            "build_seconds": round(built.seconds, 2),
            "log_size": built.records,
            "logins": logins,
            "subjects": list(SUBJECTS),
        }
        if serve:
            data |= {"url": base, "console": f"{base}/console/", "api_docs": f"{base}/docs"}
        out.print(dumps(data), markup=False)
    else:
        if not serve:
            _tour(built.registry, instant(at))
        _print_logins(logins, base if serve else None, path)
    built.registry.engine.dispose()
    sys.stdout.flush()
    if serve:
        _serve(path, host, port, log_level)


def _fingerprint(settings: dict[str, int], today: date) -> dict[str, Any]:
    """What the demo registry depends on: reuse it only while all of this is the same."""
    sample = resources.files("creditreg.demo").joinpath("sample.csv").read_bytes()
    try:
        package = version("creditreg")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        package = "unknown"
    return {
        "format": FORMAT,
        "creditreg": package,
        "rulebook": default_rulebook().digest,
        "sample": hashlib.sha256(sample).hexdigest(),
        "day": today.isoformat(),
        **settings,
    }


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".demo.json")


def _reusable(path: Path, wanted: dict[str, Any]) -> Registry | None:
    """The existing demo registry if it was built with ``wanted`` and still opens whole."""
    manifest = _manifest_path(path)
    if not (path.exists() and manifest.exists()):
        return None
    try:
        kept = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if kept.get("settings") != wanted:
        return None
    registry = Registry.open(f"sqlite:///{path}")
    try:
        migrate(registry.engine)
        registry.loaded  # noqa: B018 - the active rulebook, or NotInitialised
        size = registry.reader.head()[0]
    except NotInitialised:
        size = -1
    if size < int(kept.get("log_size", 0)) or not any(registry.keys_dir.glob("*")):
        registry.engine.dispose()
        return None
    return registry


def _build(path: Path, settings: dict[str, int], fresh: bool, quiet: bool, today: date) -> Built:
    started = time.perf_counter()
    wanted = _fingerprint(settings, today)
    registry = None if fresh else _reusable(path, wanted)
    if registry is not None:
        size = registry.reader.head()[0]
        if not quiet:
            out.print(
                f"reusing {path} ({size:,} log entries; built with the same settings, "
                "--fresh rebuilds it)"
            )
        return Built(registry, True, time.perf_counter() - started, size)
    if not quiet:
        err.print(
            f"building {path}: the sample and {settings['persons']:,} persons and "
            f"{settings['orgs']:,} organisations (seed {settings['seed']})…"
        )
    registry = _fresh_registry(path)
    _sample(registry, path, quiet, today)
    _due_process(registry, today)
    _synthetic(registry, settings, quiet, today)
    size = registry.reader.head()[0]
    manifest = {"settings": wanted, "log_size": size}
    _manifest_path(path).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    seconds = time.perf_counter() - started
    if not quiet:
        out.print(f"built {path} in {seconds:.1f} s: {size:,} log entries")
    return Built(registry, False, seconds, size)


def _fresh_registry(path: Path) -> Registry:
    for stale in (path, _manifest_path(path), *(Path(f"{path}{x}") for x in ("-wal", "-shm"))):
        stale.unlink(missing_ok=True)
    registry = Registry.open(f"sqlite:///{path}", create=True)
    registry.init(default_rulebook())
    return registry


def _sample(registry: Registry, path: Path, quiet: bool, today: date) -> None:
    with tempfile.TemporaryDirectory(prefix="creditreg-demo-") as scratch:
        sample_path = Path(scratch) / "sample.csv"
        shifted_sample(sample_path, today)
        summary = ingest(registry, sample_path, today, progress=False)
    if not quiet:
        out.print(f"ingested the sample: {summary.accepted} records into {path}")


def _spec(settings: dict[str, int], today: date) -> Spec:
    window = Window(default_start(today), today)
    return Spec(settings["seed"], settings["persons"], settings["orgs"], window)


def _synthetic(registry: Registry, settings: dict[str, int], quiet: bool, today: date) -> None:
    """A synthetic population beside the curated sample, so that lists, statistics, the
    review queue and the console have a crowd in them; the sample's subjects are not touched."""
    spec = _spec(settings, today)
    with tempfile.TemporaryDirectory(prefix="creditreg-demo-") as scratch:
        made = synthesize(spec, Path(scratch))
        loaded = load(registry, made, today)
    if not loaded.ok:  # a bug in the generator, never the user's: say so loudly
        raise RuntimeError(f"the synthetic population did not load cleanly: {loaded.as_dict()}")
    options = " ".join(f"--{name} {value}" for name, value in settings.items())
    if not quiet:
        out.print(
            f"added a synthetic population (creditreg synth {options}): "
            f"{loaded.ingest.accepted:,} records about {made.persons_named:,} persons and "
            f"{made.organisations_named:,} organisations, "
            f"{sum(loaded.actions.applied.values()):,} due-process events"
        )


def _due_process(registry: Registry, today: date) -> None:
    """A few due-process events, so the files show each status (dates as in ``shifted``)."""

    def on(year: int, month: int, day: int) -> date:
        return shifted(date(year, month, day), today)

    registry.fulfil("demo-d4", on(2026, 10, 1))  # the 4th fare offence: 90 days after paying
    registry.repair("demo-g1", on(2026, 7, 1))  # a general penalty, repaired after 3 months
    upheld = registry.object("demo-f9", on(2026, 7, 20), "The equipment was already broken")
    assert upheld.event.objection_id
    registry.decide_objection(
        upheld.event.objection_id,
        on(2026, 8, 1),
        Outcome.UPHELD,
        "The maintenance log shows the damage predates the incident",
    )
    # filed three days before the build day: waiting in the review queue, not yet overdue
    registry.object("demo-c2", on(2026, 11, 24), "The penalty was paid and corrected")


# -- logins -----------------------------------------------------------------------------


def _logins(registry: Registry) -> dict[str, str]:
    """A new token per role; the previous demo's tokens are revoked."""
    store = TokenStore(registry.engine)
    for old in store.list():
        if old.name.startswith(TOKEN_NAME) and old.revoked_at is None:
            store.revoke(old.token_id)
    tree = registry.rulebook.services
    services = tuple(sorted(name for name, service in tree.items() if service.parent is None))
    bindings: dict[str, dict[str, Any]] = {
        "agency": {"authority": AGENCY},
        "checkpoint": {"services": services},
        "subject": {"subject_id": FEATURED},
    }
    tokens = {}
    for name, (role, _) in LOGINS.items():
        _, tokens[name] = store.create(role, f"{TOKEN_NAME}: {name}", **bindings.get(name, {}))
    return tokens


def _print_logins(logins: dict[str, str], base: str | None, path: Path) -> None:
    out.print()
    if base is not None:
        out.print(f"creditreg demo on {base}", markup=False)
        out.print(f"  console   {base}/console/   (log in by pasting a token below)", markup=False)
        out.print(f"  API       {base}/docs", markup=False)
    else:
        out.print(
            f"to serve this registry: creditreg demo --path {path} "
            f"(or creditreg --db sqlite:///{path} serve)",
            markup=False,
        )
    out.print("logins (API tokens; a new creditreg demo replaces them):")
    for name, token in logins.items():
        out.print(f"  {name:<11}{token}", markup=False)
        out.print(f"  {'':<11}{LOGINS[name][1]}", markup=False)
    if base is not None:
        out.print("Ctrl-C stops the server; the registry stays for the next creditreg demo.")


# -- the tour and the server ------------------------------------------------------------


def _tour(registry: Registry, moment: datetime) -> None:
    day = legal_date(moment)
    for subject_id, (about, services) in SUBJECTS.items():
        out.rule(f"{subject_id}: {about}")
        state = registry.state(subject_id, day)
        print_file(file_json(state, moment))
        for service in services:
            decision = registry.check(subject_id, service, day)
            data = decision_json(decision, moment, "dec_" + uuid.uuid4().hex)
            verdict = "allowed" if decision.allowed else "DENIED"
            codes = ", ".join(
                f"{r['code']} until {r['until'] or 'performed'}" for r in data["reasons"]
            )
            out.print(f"check {service}: {verdict}" + (f" — {codes}" if codes else ""))


def _port_is_free(host: str, port: int) -> None:
    """Refuse before building, not after, when something already listens there."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise typer.BadParameter(f"cannot listen on {host}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            raise typer.BadParameter(
                f"cannot listen on {host}:{port} ({exc.strerror}); pick another --port"
            ) from None


def _serve(path: Path, host: str, port: int, log_level: str) -> None:
    """``creditreg serve`` on the demo registry, one worker, until interrupted."""
    from creditreg.cli.serve import run_app
    from creditreg.web.settings import Settings

    os.environ["CREDITREG_DB"] = f"sqlite:///{path}"
    os.environ["CREDITREG_LOG_LEVEL"] = log_level
    Settings.from_env()
    run_app(host, port, log_level)
