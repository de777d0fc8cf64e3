"""The HTTP API under load from a second process: checks/s, p50/p99, and the ratio to a
constant endpoint served with the same settings in the same run; then batch checks.

    python -m bench.api_bench [--records 1000000] [--workers 2] [--pg URL [--pg-workers 2]]
        [--no-sqlite] [--law]

The store's projection is rebuilt before the server starts (bulk appends leave rows
behind), so checks are served from rows as in a registry that ingests and catches up.
Load comes from ``wrk`` (Debian package ``wrk``) at 64 connections: a C client costs the
two shared cores far less than any Python one would. Without wrk the bench says so and
stops. The baseline is ``GET /livez`` (a constant, same middleware, same workers): the
ratio is what a check costs beyond serving HTTP at all. Subjects are drawn at random,
a given share of them holding records (4 each; default: all of them, then one in ten)
and the rest none; each draw is a fresh subject for the state cache most of the time.

``--law``: after those figures, two more rulebook versions are activated from days inside
the store's history (as in ``check_bench``), the running server is timed until it
answers with the first of them (``activate`` to answer, over HTTP), and the checks are
measured again with three versions in force: the ratio is against the one-version
figures of the same run and server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from bench.check_bench import version
from bench.population import person_id, records
from creditreg.access.roles import Role
from creditreg.access.tokens import TokenStore
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook
from creditreg.transparency.hook import tree_writer

CONNECTIONS = 64
PER_SUBJECT = 4
LUA = """
math.randomseed(7)
local subjects = {}
for line in io.lines("%s") do subjects[#subjects + 1] = line end
request = function()
  local s = subjects[math.random(#subjects)]
  return wrk.format("GET", "/v1/checks?service=rail&at=2026-11-27&subject=" .. s)
end
"""


def build_store(url: str, size: int) -> Registry:
    registry = Registry.open(url, create=True)
    registry.init(default_rulebook())
    writer, batch = tree_writer(registry.engine), []
    for event in records(size, per_subject=PER_SUBJECT, seed=1):
        batch.append(event)
        if len(batch) == 50_000:
            writer.append(batch)
            batch = []
    writer.append(batch)
    return registry


def probe_subjects(size: int, share: float, count: int = 20_000) -> list[str]:
    """``count`` random subjects, ``share`` of them with records (4 each) in the store."""
    rng = random.Random(11)
    holders = size // PER_SUBJECT
    with_records = [person_id(rng.randrange(holders)) for _ in range(int(count * share))]
    without = [person_id(holders + rng.randrange(2_000_000)) for _ in range(count)]
    return with_records + without[: count - len(with_records)]


def start(url: str, port: int, workers: int, keys: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CREDITREG_KEYS": keys, "CREDITREG_LOG_LEVEL": "warning"}
    command = [sys.executable, "-m", "creditreg.cli", "--db", url, "serve"]
    command += ["--port", str(port), "--workers", str(workers), "--log-level", "warning"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/livez").status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _find(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        raise RuntimeError(f"wrk printed no {pattern!r}:\n{text}")
    return found.group(1)


def wrk(url: str, seconds: int, token: str, script: Path | None = None) -> dict[str, float]:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    command += ["-H", f"Authorization: Bearer {token}"]
    if script is not None:
        command += ["-s", str(script)]
    text = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if errors:
        raise RuntimeError(f"{errors.group(1)} failed requests:\n{text}")
    return {
        "rps": float(_find(r"Requests/sec:\s+([\d.]+)", text)),
        "p50": _ms(_find(r"50%\s+([\d.]+\w+)", text)),
        "p99": _ms(_find(r"99%\s+([\d.]+\w+)", text)),
    }


def warm_wrk(url: str, seconds: int, token: str, script: Path) -> dict[str, float]:
    """``wrk`` after a short unmeasured run of the same load: a worker's first checks
    under new law parse the versions and fill its caches (seconds on a loaded machine),
    which would otherwise count against whichever phase comes first."""
    wrk(url, 3, token, script)
    return wrk(url, seconds, token, script)


def _ms(text: str) -> float:
    value, unit = float(_find(r"([\d.]+)", text)), re.sub(r"[\d.]+", "", text)
    return value * {"us": 1e-3, "ms": 1.0, "s": 1e3}[unit]


def batch_rate(base: str, token: str, subjects: list[str], rounds: int = 5) -> float:
    items = [{"subject": s, "service": "rail"} for s in subjects[:10_000]]
    body = {"items": items, "at": "2026-11-27"}
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(timeout=120) as client:
        client.post(base + "/v1/checks", json=body, headers=headers).raise_for_status()  # warm
        started = time.perf_counter()
        for _ in range(rounds):
            client.post(base + "/v1/checks", json=body, headers=headers).raise_for_status()
    return rounds * len(items) / (time.perf_counter() - started)


def run(url: str, args: argparse.Namespace, tmp: Path, workers: int) -> dict[str, Any]:
    # the server's keys (signing, projection HMAC) must be the ones the store was built
    # with: without the projection key every check would fold
    os.environ["CREDITREG_KEYS"] = str(tmp / "keys")
    started = time.perf_counter()
    registry = build_store(url, args.records)
    elapsed = time.perf_counter() - started
    print(f"store: {args.records:,} records ({url.split(':')[0]}) in {elapsed:.0f}s")
    started = time.perf_counter()
    rebuilt = registry.project(workers=2)  # bulk appends leave rows behind: serve them
    assert rebuilt is not None
    print(f"projection: {rebuilt.subjects:,} rows in {time.perf_counter() - started:.0f}s")
    token = TokenStore(registry.engine).create(Role.CHECKPOINT, "bench", services=("rail",))[1]
    port = 18000 + random.randrange(1000)
    base = f"http://127.0.0.1:{port}"
    server = start(url, port, workers, str(tmp / "keys"))
    results: dict[str, Any] = {}
    try:
        bare = wrk(base + "/livez", args.seconds, token)
        results["bare"] = bare
        for share in args.shares:
            subjects = probe_subjects(args.records, share)
            (tmp / "subjects.txt").write_text("\n".join(subjects) + "\n")
            (tmp / "checks.lua").write_text(LUA % (tmp / "subjects.txt"))
            checks = warm_wrk(base + "/v1/checks", args.seconds, token, tmp / "checks.lua")
            batch = batch_rate(base, token, subjects[10_000:])
            ratio = checks["rps"] / bare["rps"]
            results[f"{share:.2f}"] = {"checks": checks, "ratio": ratio, "batch": batch}
        results["served"] = served(base)
        if args.law:
            results["law"] = law_over_time(registry, base, token, args, tmp)
    finally:
        server.terminate()
        server.wait(30)
        registry.engine.dispose()
    return results


def served(base: str) -> dict[str, float]:
    """How the checks were answered (one worker's counts, ``/metrics``): from a current
    row, none, or folded because the row was behind or refused."""
    text = httpx.get(base + "/metrics").text
    found = re.findall(r'creditreg_checks_served_total\{projection="(\w+)"\} ([\d.e+]+)', text)
    return {name: float(count) for name, count in found}


def law_over_time(
    registry: Registry, base: str, token: str, args: argparse.Namespace, tmp: Path
) -> dict[str, Any]:
    """Activate two versions under the running server; time the first until it answers,
    then measure the checks again (three versions govern the store's history)."""
    subject = probe_subjects(args.records, 1.0, 1)[0]
    params = {"subject": subject, "service": "rail", "at": "2026-11-27"}
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(timeout=30) as client:
        started = time.perf_counter()
        # The law alone, not ``Registry.activate``'s row rebuild after it: the store has no
        # projection rows (``tree_writer``), so checks fold before and after and the ratio
        # is the fold's cost of three versions; the rebuild is timed by activate_bench.
        registry.law.activate(version("2025.lighter", 90), date(2025, 1, 1))
        stored = time.perf_counter() - started
        while True:
            answer = client.get(base + "/v1/checks", params=params, headers=headers)
            if answer.json()["rulebook"] == "cn-default@2025.lighter":
                break
        answering = time.perf_counter() - started
    registry.law.activate(version("2026.heavier", 360), date(2026, 1, 1))
    time.sleep(3)  # past law_store.FRESH_SECONDS: every worker reads the versions anew
    found: dict[str, Any] = {"stored_s": stored, "answering_s": answering}
    for share in args.shares:
        (tmp / "subjects.txt").write_text("\n".join(probe_subjects(args.records, share)) + "\n")
        (tmp / "checks.lua").write_text(LUA % (tmp / "subjects.txt"))
        found[f"{share:.2f}"] = warm_wrk(
            base + "/v1/checks", args.seconds, token, tmp / "checks.lua"
        )
    return found


def report(name: str, results: dict[str, Any]) -> None:
    bare = results["bare"]
    print(f"{name}: GET /livez {bare['rps']:,.0f} req/s, p99 {bare['p99']:.2f} ms (baseline)")
    print(f"{name}: checks served (one worker's /metrics): {results['served']}")
    for share, result in results.items():
        if share in ("bare", "law", "served"):
            continue
        checks = result["checks"]
        print(
            f"{name}, {float(share):.0%} of subjects with records: GET /v1/checks "
            f"{checks['rps']:,.0f} req/s, p50 {checks['p50']:.2f} ms, p99 {checks['p99']:.2f} ms, "
            f"ratio {result['ratio']:.2f} (target >= 0.6), p99 ratio "
            f"{checks['p99'] / bare['p99']:.2f} (target <= 1.5); POST /v1/checks "
            f"{result['batch']:,.0f} subjects/s (target >= 50,000)"
        )
    if "law" in results:
        report_law(name, results)


def report_law(name: str, results: dict[str, Any]) -> None:
    law = results["law"]
    print(
        f"{name}: rulebook activate stored in {law['stored_s']:.2f} s; the running server "
        f"answers with the new version after {law['answering_s']:.2f} s"
    )
    for share, one in results.items():
        if share in ("bare", "law", "served"):
            continue
        three, one_checks = law[share], one["checks"]
        print(
            f"{name}, {float(share):.0%} with records: GET /v1/checks, 1 -> 3 versions: "
            f"{one_checks['rps']:,.0f} -> {three['rps']:,.0f} req/s (ratio "
            f"{three['rps'] / one_checks['rps']:.2f}), p99 {one_checks['p99']:.1f} -> "
            f"{three['p99']:.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pg-workers", type=int, help="workers on PostgreSQL (default: --workers)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--pg", help="also run on this PostgreSQL URL (an empty database)")
    parser.add_argument(
        "--shares",
        type=float,
        nargs="+",
        default=[1.0, 0.1],
        help="shares of probed subjects holding records (each runs its own checks)",
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--law", action="store_true", help="then three rulebook versions against one, same run"
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("api_bench needs wrk: apt-get install wrk")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            results["sqlite"] = run(f"sqlite:///{tmp}/bench.db", args, Path(tmp), args.workers)
            report("sqlite", results["sqlite"])
        if args.pg:
            pg_workers = args.pg_workers or args.workers
            results["postgres"] = run(args.pg, args, Path(tmp), pg_workers)
            report("postgres", results["postgres"])
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
