"""An honest checkpoint beside hostile senders: its checks/s and p99 with attackers, as a
ratio to the same client alone in the same run, and the server's peak memory growth.

    python -m bench.hostile_bench [--records 20000] [--senders 8] [--seconds 8]

One ``creditreg serve`` worker (16 MB body limit) on an SQLite registry. The honest
client sends one ``GET /v1/checks`` after another on a kept-alive connection. Each
attack runs ``--senders`` threads, each sending 16 MB bodies in a loop over raw sockets:

* ``anonymous``: ``{"items":[{},{},…]}`` to ``POST /v1/checks`` without a token;
* ``items``: the same with a checkpoint token (5.6 million items against a 10,000 limit);
* ``field``: one record whose ``type`` is 16 MB, to ``POST /v1/records`` as an agency.

Peak RSS is the server's ``VmHWM`` (reset before each phase through ``clear_refs``)
minus its ``VmRSS`` when the phase began; the target is at most twice the body limit.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import socket
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.api_bench import build_store, probe_subjects, start
from creditreg.access.roles import Role
from creditreg.access.tokens import TokenStore

BODY_LIMIT = 16 * 2**20
MiB = 2**20


ATTACKS = {  # per attack: the path and the role whose token it sends (or none)
    "anonymous": ("/v1/checks", None),
    "items": ("/v1/checks", "checkpoint"),
    "field": ("/v1/records", "agency"),
}


def body(attack: str) -> bytes:
    if attack == "field":
        return b'[{"type":"' + b"x" * (BODY_LIMIT - 20) + b'"}]'
    return b'{"items":[' + b"{}," * ((BODY_LIMIT - 20) // 3) + b"{}]}"


def attackers(port: int, attack: str, token: str | None, count: int) -> None:
    """``count`` senders of ``attack``'s body, in a process of their own (so that their
    loops never hold the honest client's interpreter lock), until it is terminated."""
    payload, path = body(attack), ATTACKS[attack][0]
    senders = [
        threading.Thread(target=send_forever, args=(port, path, token, payload), daemon=True)
        for _ in range(count)
    ]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()


def send_forever(port: int, path: str, token: str | None, payload: bytes) -> None:
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    head += f"Content-Length: {len(payload)}\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                sock.sendall(head.encode() + b"\r\n" + payload)
                while sock.recv(65536):
                    pass
        except OSError:  # the server answered and closed before the body was all sent
            pass


@dataclass(frozen=True)
class Honest:
    """A checkpoint sending one check after another on a kept-alive connection."""

    base: str
    token: str
    subjects: list[str]

    def latencies(self, seconds: float) -> list[float]:
        found = []
        headers = {"Authorization": f"Bearer {self.token}"}
        with httpx.Client(base_url=self.base, headers=headers, timeout=60) as client:
            deadline = time.perf_counter() + seconds
            while time.perf_counter() < deadline:
                params = {"subject": random.choice(self.subjects), "service": "rail"}
                started = time.perf_counter()
                client.get("/v1/checks", params=params).raise_for_status()
                found.append(time.perf_counter() - started)
        return found


def memory(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no {field} for {pid}")


def under_attack(
    pid: int, client: Honest, seconds: float, hostile: multiprocessing.Process
) -> tuple[list[float], int]:
    """The honest client's latencies while ``hostile`` runs, and the server's peak growth."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # VmHWM := VmRSS
    before = memory(pid, "VmRSS")
    hostile.start()
    time.sleep(0.3)
    latencies = client.latencies(seconds)
    grown = memory(pid, "VmHWM") - before
    hostile.terminate()
    hostile.join()
    return latencies, grown


def p99(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98] * 1000


def compare(pid: int, client: Honest, args: argparse.Namespace, attack: tuple[object, ...]) -> str:
    """Alternate rounds alone and under ``attackers(*attack)`` (the load of this machine
    drifts), each pooled over its rounds."""
    alone: list[float] = []
    attacked: list[float] = []
    grown = 0
    for _ in range(args.rounds):
        alone += client.latencies(args.seconds)
        hostile = multiprocessing.Process(target=attackers, args=attack)
        latencies, peak = under_attack(pid, client, args.seconds, hostile)
        attacked += latencies
        grown = max(grown, peak)
    seconds = args.rounds * args.seconds
    return (
        f"alone {len(alone) / seconds:,.0f} checks/s, p99 {p99(alone):.1f} ms; "
        f"attacked {len(attacked) / seconds:,.0f} checks/s "
        f"(ratio {len(attacked) / len(alone):.2f}, target >= 0.7), "
        f"p99 {p99(attacked):.1f} ms (ratio {p99(alone) / p99(attacked):.2f}); "
        f"peak RSS growth {grown / MiB:.0f} MiB (target <= {2 * BODY_LIMIT // MiB} MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=3, help="per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        registry = build_store(url, args.records)
        store = TokenStore(registry.engine)
        tokens = {
            "checkpoint": store.create(Role.CHECKPOINT, "honest", services=("rail",))[1],
            "agency": store.create(Role.AGENCY, "hostile", authority="court.bj-chaoyang")[1],
        }
        registry.engine.dispose()
        port = 18000 + random.randrange(1000)
        server = start(url, port, 1, str(Path(tmp) / "keys"))
        client = Honest(
            f"http://127.0.0.1:{port}", tokens["checkpoint"], probe_subjects(args.records, 0.5)
        )
        try:
            client.latencies(1.0)  # warm the caches
            for name, (_, role) in ATTACKS.items():
                token = tokens[role] if role else None
                attack = (port, name, token, args.senders)
                report = compare(server.pid, client, args, attack)
                print(f"{args.senders} x 16 MB {name}: {report}", flush=True)
        finally:
            server.terminate()
            server.wait(30)


if __name__ == "__main__":
    main()
