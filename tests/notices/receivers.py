"""A real webhook receiver: ``http.server`` in a thread, verifying every signature.

It keeps what a careful receiver keeps: the delivery ids it took (a repeat is answered
200 and dropped), the bodies, and how many requests it answered with an error.
``fail_first`` answers 503 to that many requests; ``die_after`` reads a request, records
it, and drops the connection without an answer (a receiver crashing mid-delivery), after
which the server stops.
"""

from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from creditreg.notices.signing import DELIVERY, SIGNATURE, verify


@dataclass
class Taken:
    secret: str
    fail_first: int = 0
    die_after: int | None = None
    ids: list[str] = field(default_factory=list)
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)
    repeats: int = 0
    bad_signatures: int = 0
    errors_sent: int = 0
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Receiver:
    """Listens on 127.0.0.1:``port`` until ``stop``; ``taken`` survives a restart."""

    def __init__(self, taken: Taken, port: int | None = None) -> None:
        self.taken = taken
        self.port = port or free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), _handler(taken, self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _handler(taken: Taken, receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with taken.lock:
                taken.requests += 1
                if not verify(taken.secret, body, self.headers.get(SIGNATURE, "")):
                    taken.bad_signatures += 1
                    self._answer(401)
                    return
                if taken.errors_sent < taken.fail_first:
                    taken.errors_sent += 1
                    self._answer(503)
                    return
                delivery = self.headers[DELIVERY]
                if delivery in taken.bodies:
                    taken.repeats += 1
                else:
                    taken.ids.append(delivery)
                    taken.bodies[delivery] = json.loads(body)
                if taken.die_after is not None and len(taken.ids) >= taken.die_after:
                    taken.die_after = None
                    self.connection.shutdown(socket.SHUT_RDWR)  # took it, never answered
                    threading.Thread(target=receiver.stop, daemon=True).start()
                    return
            self._answer(200)

        def _answer(self, status: int) -> None:
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    return Handler
