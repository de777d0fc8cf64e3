"""``serve --workers N``: the workers die with their master (issue 10, finding 6).

A real ``creditreg serve --workers 2`` in a subprocess; its master is killed with
SIGKILL (no chance to stop its workers); within a few seconds nothing answers on the
port any more, no worker is left, and a new ``serve`` binds the same port.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest

from .conftest import loaded_registry, start_server

GONE_WITHIN = 15.0  # seconds; the workers notice within one, then shut down gracefully


def children(pid: int) -> list[int]:
    listed = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in listed]


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its parent's wait is missing


def port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def port_is_free(port: int) -> bool:
    """What a new ``serve`` needs: binding the port as uvicorn does (``SO_REUSEADDR``)."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc (Linux)")
def test_killing_the_master_stops_its_workers(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    loaded_registry(url).engine.dispose()
    keys = str(tmp_path / "keys")
    server = start_server(url, tmp_path, workers=2, wait=180, CREDITREG_KEYS=keys)
    port = int(server.base.rsplit(":", 1)[1])
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while len(workers := children(server.process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) >= 2  # the workers (and multiprocessing's resource tracker)
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
        deadline = time.monotonic() + GONE_WITHIN
        while time.monotonic() < deadline and not port_is_free(port):
            time.sleep(0.25)
        assert port_is_free(port), "the workers still hold the port"
        assert not port_answers(port)
        while time.monotonic() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.25)
        assert not [pid for pid in workers if alive(pid)], "workers outlived their master"
    finally:
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
