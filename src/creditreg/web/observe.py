"""Operations: Prometheus metrics and one structured log line per request.

The middleware is plain ASGI (no per-request objects beyond a closure) because it runs
on every check. It labels by *route template* (``/v1/subjects/{subject_id}``), never by
path: paths carry identifiers, which must not end up in metrics or logs.

With several worker processes, ``PROMETHEUS_MULTIPROC_DIR`` is set by ``serve`` and
``/metrics`` aggregates every worker's files (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)
request_log = logging.getLogger("creditreg.http")


class Metrics:
    """The server's metrics, on a registry of its own (one per app: tests build many)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "creditreg_http_requests",
            "HTTP requests answered, by route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "creditreg_http_request_duration_seconds",
            "Time from request to the end of the response, by route template",
            ["method", "route"],
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.decisions = Counter(
            "creditreg_decisions",
            "Check decisions given, by service and outcome",
            ["service", "outcome"],
            registry=self.registry,
        )

        self.served = Counter(
            "creditreg_checks_served",
            "Checks by what the projection held: current (served from its row), none (no "
            "records), behind (folded: the row lags the log or another law) or refused "
            "(folded: the row failed its binding, edited in the database)",
            ["projection"],
            registry=self.registry,
        )

        self._children: dict[tuple[object, ...], Any] = {}

    def child(self, metric: Any, *labels: str) -> Any:
        """``metric.labels(*labels)``, remembered: the lookup behind ``labels`` (a lock, a
        tuple of validated strings) cost several µs on every request, and the label sets
        are few (routes, statuses, services)."""
        key = (id(metric), *labels)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = metric.labels(*labels)
        return found

    def served_from(self, status: str) -> None:
        self.child(self.served, status).inc()

    def exposition(self) -> bytes:
        """The text format of every metric; across all workers in multiprocess mode."""
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            merged = CollectorRegistry()
            MultiProcessCollector(merged)  # type: ignore[no-untyped-call]
            return generate_latest(merged)
        return generate_latest(self.registry)

    def decided(self, service: str, allowed: bool, count: int = 1) -> None:
        self.child(self.decisions, service, "allowed" if allowed else "denied").inc(count)


class Observe:
    """ASGI middleware: count, time and log every HTTP request."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app, self.metrics = app, metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status = time.perf_counter(), 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            self._observe(scope, status, time.perf_counter() - started)

    def _observe(self, scope: Scope, status: int, elapsed: float) -> None:
        route = getattr(scope.get("route"), "path", "unmatched")
        method = str(scope["method"])
        metrics = self.metrics
        metrics.child(metrics.requests, method, route, str(status)).inc()
        metrics.child(metrics.latency, method, route).observe(elapsed)
        if request_log.isEnabledFor(logging.INFO):
            request_log.info(
                "request",
                extra={"method": method, "route": route, "status": status, "ms": elapsed * 1e3},
            )


def request_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The extra fields ``Observe`` attaches to a request's log record."""
    names = ("method", "route", "status", "ms")
    return {name: getattr(record, name) for name in names if hasattr(record, name)}
