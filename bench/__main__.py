"""Run every benchmark at the sizes the README reports: ``python -m bench`` (``make bench``).

Pass ``--quick`` for a smaller run. The API benchmark needs ``wrk`` (Debian package
``wrk``) and is left out, saying so, where it is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys


def main() -> None:
    quick = "--quick" in sys.argv
    runs = [
        ["bench.ingest_bench", "--log-indexes", "--rows", "200000" if quick else "1000000"],
        ["bench.check_bench", "--records", "200000" if quick else "1000000"],
        ["bench.served_bench", "--records", "200000" if quick else "1000000"],
        ["bench.middleware_bench", *(["--requests", "500", "--rounds", "3"] if quick else [])],
        ["bench.log_bench", *(["--events", "200000", "--leaves", "1000000"] if quick else [])],
        ["bench.rescore_bench", "--records", "1000000" if quick else "10000000"],
        ["bench.synth_bench", "--records", "200000" if quick else "1000000"],
        ["bench.api_bench", "--records", "200000" if quick else "1000000", "--workers", "1"],
        ["bench.hostile_bench", *(["--rounds", "1"] if quick else [])],
        ["bench.timeline_bench", "--records", "4000" if quick else "20000"],
        ["bench.ingest_projection", "--records", "20000" if quick else "100000", "--rebuild"],
    ]
    for module, *args in runs:
        if module == "bench.api_bench" and shutil.which("wrk") is None:
            print("\n== bench.api_bench skipped: it needs wrk (apt-get install wrk)")
            continue
        print(f"\n== {module} {' '.join(args)}", flush=True)
        subprocess.run([sys.executable, "-m", module, *args], check=True)


if __name__ == "__main__":
    main()
