"""What each ASGI middleware costs per request, in process (issue 14: keep only what pays).

The application ``creditreg serve`` runs (``server.create_app``) is called directly with
ASGI messages, no socket: ``GET /livez`` (a constant) and ``GET /v1/checks`` of a subject
without records. The call starts at each layer of the middleware stack in turn, outermost
first; a layer's cost is the time from its entry minus the time from the next layer's
entry, measured interleaved in rounds (the machine is shared) and reported as medians of
the thread's CPU time, the steadier clock on a loaded machine.

    python -m bench.middleware_bench [--requests 3000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from creditreg.access.roles import Role
from creditreg.access.tokens import TokenStore
from creditreg.registry import Registry
from creditreg.rulebook.loader import default_rulebook

SUBJECT = "110105198503120418"


BASE = "AsyncExitStackMiddleware"
"""FastAPI's innermost layer: the route needs what it puts in the scope, so the calls
start at it at the deepest, and its row counts routing and the endpoint too."""


def layers(app: Any) -> list[tuple[str, Any]]:
    """The stack from the outermost layer down to ``BASE``, by class name."""
    found, node = [], app.build_middleware_stack()
    while node is not None:
        found.append((type(node).__name__, node))
        if found[-1][0] == BASE:
            break
        node = getattr(node, "app", None)
    return found


def scope(app: Any, path: str, query: bytes, token: str) -> dict[str, Any]:
    """What uvicorn and ``Starlette.__call__`` hand the outermost layer."""
    headers = [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())]
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
        "app": app,
    }


async def requests(entry: Any, asked: dict[str, Any], count: int) -> float:
    """Median CPU µs of one request entering at ``entry``."""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    status = 0

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    samples = []
    for _ in range(count):
        used = time.thread_time_ns()
        await entry({**asked, "state": {}}, receive, send)
        samples.append((time.thread_time_ns() - used) / 1e3)
    assert status == 200, status
    return statistics.median(samples)


async def measure(app: Any, token: str, count: int, rounds: int) -> None:
    stack = layers(app)
    asks = {
        "GET /livez": scope(app, "/livez", b"", token),
        "GET /v1/checks": scope(
            app, "/v1/checks", f"subject={SUBJECT}&service=rail".encode(), token
        ),
    }
    for name, asked in asks.items():
        times: dict[str, list[float]] = {layer: [] for layer, _ in stack}
        for _ in range(rounds):
            for layer, entry in stack:
                times[layer].append(await requests(entry, asked, count))
        medians = [statistics.median(times[layer]) for layer, _ in stack]
        print(f"{name}: {medians[0]:.1f} µs CPU a request through the whole stack")
        for (layer, _), here, below in zip(stack, medians, [*medians[1:], 0.0], strict=True):
            print(f"  {layer:<28} {here - below:>7.1f} µs  ({(here - below) / medians[0]:.0%})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        os.environ.update({"CREDITREG_DB": db, "CREDITREG_KEYS": str(Path(tmp) / "keys")})
        registry = Registry.open(db, create=True)
        registry.init(default_rulebook())
        token = TokenStore(registry.engine).create(Role.CHECKPOINT, "bench", services=("rail",))[1]
        from creditreg.server import create_app  # reads CREDITREG_* set above

        app = create_app()
        asyncio.run(measure(app, token, args.requests, args.rounds))


if __name__ == "__main__":
    main()
