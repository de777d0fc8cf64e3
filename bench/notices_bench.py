"""Notices: how many an ingest makes per second, what they cost it, and webhook delivery.

    .venv/bin/python -m bench.notices_bench --rows 1000000 --deliveries 2000 --runs 2

On the same CSV (``ingest_bench``'s records: rail, air, court, fare and points-only
types, about three records a person), in one run so the ratio holds on a noisy machine:

* ``notices off``: ``ingest_files`` into a fresh SQLite log whose writer carries the
  tree and a notice hook switched off (the baseline),
* ``notices on``: the same with the hook on: each chunk's notices are made and inserted
  in the transaction of its events (the outbox),
* each is run ``--runs`` times (2 unless told), alternately, and the faster run of each
  counts (``--runs 1`` keeps a 1M-record run within a quarter of an hour);
* wall time and this process's CPU time are both reported: on a shared machine the
  wall clock measures the neighbours as much as the code, CPU time far less so;
* ``webhook``: ``deliver_due`` passes sending the first ``--deliveries`` notices to a
  receiver on 127.0.0.1 (``http.server`` in a thread, verifying every HMAC signature);
  every attempt is logged in the database, as in production.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bench.ingest_bench import TODAY, cold_identifier_cache, write_file
from creditreg.ingest import ingest_files
from creditreg.log import LogReader, connect, migrate
from creditreg.log.hooks import Hooks
from creditreg.log.writer import LogWriter
from creditreg.notices.deliver import Settings, deliver_due
from creditreg.notices.hook import NoticeHook
from creditreg.notices.signing import SIGNATURE, verify
from creditreg.notices.store import add_webhook
from creditreg.rulebook.loader import default_rulebook
from creditreg.rulebook.model import Rulebook
from creditreg.transparency.hook import TreeHook

SECRET = "bench-secret-0123456789"


def ingest(path: Path, folder: Path, notices: bool) -> tuple[float, float, int, Engine]:
    """(wall seconds, CPU seconds of this process, notices made, the engine)."""
    cold_identifier_cache()
    engine = connect(f"sqlite:///{folder / ('on.db' if notices else 'off.db')}")
    migrate(engine)
    rulebook = default_rulebook().rulebook

    def rulebook_on(day: date) -> Rulebook:
        return rulebook

    writer = LogWriter(engine, Hooks(TreeHook(), NoticeHook(rulebook_on, enabled=notices)))
    reader = LogReader(engine)
    start, cpu = time.perf_counter(), time.process_time()
    summary = ingest_files([path], writer, rulebook, reader=reader, today=TODAY)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert summary.rejected == 0, summary.rejects[:3]
    reader.close()
    with engine.connect() as conn:
        made = int(conn.exec_driver_sql("SELECT count(*) FROM notices").scalar_one())
    return elapsed, cpu, made, engine


class Counter(BaseHTTPRequestHandler):
    taken = 0
    bad = 0

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if verify(SECRET, body, self.headers.get(SIGNATURE, "")):
            Counter.taken += 1
        else:
            Counter.bad += 1
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def deliveries(engine: Engine, count: int, rulebook: Rulebook) -> tuple[float, int]:
    """Deliver the notices numbered 1..count to a local receiver; (seconds, delivered)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    webhook = add_webhook(engine, url, SECRET)
    with engine.begin() as conn:  # from the first notice on, not only from now
        conn.exec_driver_sql(
            f"UPDATE webhooks SET since_n = 0 WHERE webhook_id = '{webhook.webhook_id}'"
        )
        conn.exec_driver_sql(f"DELETE FROM notices WHERE n > {count}")
    settings = Settings(timeout=5.0, batch=500)
    delivered = 0
    start = time.perf_counter()
    while delivered < count:
        report = deliver_due(engine, settings, lambda ref: rulebook)
        if report.delivered == 0:
            break
        delivered += report.delivered
    elapsed = time.perf_counter() - start
    server.shutdown()
    assert Counter.bad == 0 and Counter.taken == delivered
    return elapsed, delivered


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--deliveries", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=2, help="runs of each, alternately")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "records.csv"
        write_file(path, args.rows)
        timings: dict[bool, list[float]] = {False: [], True: []}
        cpus: dict[bool, list[float]] = {False: [], True: []}
        made = 0
        engine = None
        for notices in (False, True) * max(args.runs, 1):
            run = folder / f"run{len(timings[False]) + len(timings[True])}"
            run.mkdir()
            elapsed, cpu, count, engine = ingest(path, run, notices)
            timings[notices].append(elapsed)
            cpus[notices].append(cpu)
            made = count if notices else made
            if not notices or len(timings[True]) < max(args.runs, 1):
                engine.dispose()
        assert engine is not None
        off, on = min(timings[False]), min(timings[True])
        rulebook = default_rulebook().rulebook
        seconds, delivered = deliveries(engine, min(args.deliveries, made), rulebook)
        engine.dispose()
    figures = {
        "rows": args.rows,
        "runs": max(args.runs, 1),
        "notices": made,
        "ingest_off_s": round(off, 2),
        "ingest_on_s": round(on, 2),
        "rows_per_s_off": round(args.rows / off),
        "rows_per_s_on": round(args.rows / on),
        "notices_per_s": round(made / on),
        "ratio_on_vs_off": round(off / on, 3),
        "ingest_cpu_off_s": round(min(cpus[False]), 2),
        "ingest_cpu_on_s": round(min(cpus[True]), 2),
        "cpu_ratio_on_vs_off": round(min(cpus[False]) / min(cpus[True]), 3),
        "webhook_deliveries": delivered,
        "webhook_deliveries_per_s": round(delivered / seconds, 1),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
