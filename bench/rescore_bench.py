"""Rescore a population from Parquet on DuckDB, against a bare GROUP BY over the same file.

``python -m bench.rescore_bench`` (sizes: ``--records``, ``--subjects``, ``--spark-records``):

1. generates ``events.parquet`` (the export's schema) deterministically, in DuckDB SQL:
   valid identifiers (persons with real division codes and check characters, one in ten
   an organisation), records of every type at realistic rates, and due-process events
   (fulfilments, objections and decisions, repairs, revocations, extensions);
2. baseline: a hand-written DuckDB ``GROUP BY subject_id`` summing each record's points
   over the same file, in its own process;
3. ``rescore`` from the file on DuckDB (the whole compiled rulebook, the three tables
   written as Parquet), in its own process: wall time and peak RSS (``ru_maxrss``);
4. Spark local on a smaller file: wall time, and equality with DuckDB field by field.

Each measurement runs in a fresh process, so peak memory is that step's alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from creditreg.identifiers import parse_subject
from creditreg.population.compiler.identifiers import CHECK, WEIGHTS
from creditreg.population.runs.rescore import rescore, write_snapshot
from creditreg.rulebook.loader import default_rulebook

RULEBOOK = default_rulebook().rulebook
AS_OF = date(2026, 11, 27)
DIVISIONS = ("110105", "110108", "310115", "371082", "440305", "510107", "330106", "420106")
USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
MIX = {  # per mille of records, by family of types (SPEC: ~1% of adults on the court list)
    "finance.": 450, "commerce.": 180, "public.": 55, "award.": 120, "admin.": 150,
    "rail.f": 10, "rail.": 15, "air.": 10, "court.": 6, "tax.": 4,
}  # fmt: skip


def _types() -> tuple[list[str], list[str]]:
    """Types in per-mille slots (1000 for persons); organisations' slots skip rail and air.
    Within a family the types share its slots (court: grounds 1-6 and restriction orders)."""
    fare = {"rail.discount_fraud", "rail.invalid_ticket", "rail.fare_evasion"}
    slots: list[str] = []
    for family, share in MIX.items():
        names = sorted(
            t for t in RULEBOOK.record_types
            if (t in fare if family == "rail.f" else t.startswith(family) and t not in fare)
        )  # fmt: skip
        slots += [names[i % len(names)] for i in range(share)]
    organisation = [t for t in slots if "organisation" in RULEBOOK.record_types[t].subjects]
    return slots, organisation


def _sql_list(values: list[str] | tuple[str, ...]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def _subjects_sql(subjects: int) -> str:
    ric = " + ".join(f"CAST(body[{i + 1}] AS INT) * {w}" for i, w in enumerate(WEIGHTS))
    org = " + ".join(
        f"(instr('{USCC}', obody[{i + 1}]) - 1) * {w}" for i, w in enumerate(USCC_WEIGHTS)
    )
    return f"""
    CREATE TABLE subjects AS
    WITH b AS (
      SELECT n, n % 10 = 9 AS org,
        {_sql_list(DIVISIONS)}[n % 8 + 1]
          || strftime(DATE '1940-01-01' + CAST((n // 8) % 24000 AS INT), '%Y%m%d')
          || lpad(CAST(n // 192000 AS VARCHAR), 3, '0') AS body,
        '91' || {_sql_list(DIVISIONS)}[n % 8 + 1] || lpad(CAST(n AS VARCHAR), 9, '0') AS obody
      FROM range({subjects}) t(n))
    SELECT n, org, CASE WHEN org
      THEN obody || '{USCC}'[(31 - ({org}) % 31) % 31 + 1]
      ELSE body || '{CHECK}'[({ric}) % 11 + 1] END AS subject_id
    FROM b"""


def generate(path: Path, records: int, subjects: int) -> None:
    """``path``: ``records`` records over ``subjects`` subjects and their due-process events."""
    person, organisation = _types()
    authority = {t: _authority(t) for t in RULEBOOK.record_types}
    con = duckdb.connect()
    con.execute(_subjects_sql(subjects))
    con.execute(f"""
    CREATE TABLE recs AS
    SELECT r, s.subject_id, CASE WHEN s.org
        THEN {_sql_list(organisation)}[CAST(hash(r, 2) % {len(organisation)} AS BIGINT) + 1]
        ELSE {_sql_list(person)}[CAST(hash(r, 2) % 1000 AS BIGINT) + 1] END AS type,
      DATE '2021-01-01' + CAST(hash(r, 3) % 2156 AS INT) AS on_day,
      CAST(hash(r, 4) % 1000 AS INT) AS u
    FROM range({records}) t(r) JOIN subjects s ON s.n = CAST(hash(r, 1) % {subjects} AS BIGINT)""")
    auth = " ".join(f"WHEN '{t}' THEN '{a}'" for t, a in authority.items())
    fulfil = _sql_list([t for t, v in RULEBOOK.record_types.items() if v.fulfillable])
    extend = _sql_list(
        [t for t, v in RULEBOOK.record_types.items() if any(e.extension for e in v.effects)]
    )
    con.execute(f"""
    COPY (
      SELECT row_number() OVER () AS seq, * FROM (
        SELECT 'record.added' AS kind, subject_id, 'b' || r AS record_id, on_day AS "on", type,
          CASE type {auth} END AS authority, 'D-' || r AS decision_ref, NULL::DATE AS occurred_on,
          CASE WHEN type LIKE 'rail.%' AND list_contains({fulfil}, type) THEN '12.50' END AS amount,
          NULL AS objection_id, NULL AS outcome, NULL::INT AS years FROM recs
        UNION ALL SELECT 'record.fulfilled', subject_id, 'b' || r,
          on_day + CAST(hash(r, 5) % 400 AS INT), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
          FROM recs WHERE u < 500 AND list_contains({fulfil}, type)
        UNION ALL SELECT 'objection.filed', subject_id, 'b' || r, on_day + 10,
          NULL, NULL, NULL, NULL, NULL, 'o' || r, NULL, NULL FROM recs WHERE u BETWEEN 500 AND 519
        UNION ALL SELECT 'objection.decided', subject_id, 'b' || r, on_day + 25, NULL, NULL,
          NULL, NULL, NULL, 'o' || r, CASE WHEN u < 505 THEN 'upheld' ELSE 'rejected' END, NULL
          FROM recs WHERE u BETWEEN 500 AND 514
        UNION ALL SELECT 'record.repaired', subject_id, 'b' || r, on_day + 200,
          NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
          FROM recs WHERE u BETWEEN 520 AND 619 AND type LIKE 'admin.%'
        UNION ALL SELECT 'record.revoked', subject_id, 'b' || r, on_day + 60,
          NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM recs WHERE u BETWEEN 620 AND 624
        UNION ALL SELECT 'record.extended', subject_id, 'b' || r, on_day + 300, NULL, NULL, NULL,
          NULL, NULL, NULL, NULL, 1 + CAST(hash(r, 6) % 2 AS INT)
          FROM recs WHERE u BETWEEN 625 AND 644 AND list_contains({extend}, type)
      ))
    TO '{path}' (FORMAT parquet, COMPRESSION zstd)""")
    for (subject_id,) in con.execute("SELECT subject_id FROM subjects USING SAMPLE 200").fetchall():
        parse_subject(subject_id)  # every generated identifier is valid
    con.close()


def _authority(type_: str) -> str:
    kinds = RULEBOOK.record_types[type_].issued_by
    return next(code for code, a in RULEBOOK.authorities.items() if a.kind in kinds)


def _peak_mib() -> float:
    """This process's peak resident memory: VmHWM (ru_maxrss survives exec on Linux,
    so a child would report its parent's peak)."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_baseline(path: Path) -> dict[str, Any]:
    points = pa.table({
        "type": list(RULEBOOK.record_types),
        "points": [t.points for t in RULEBOOK.record_types.values()],
    })  # fmt: skip
    con = duckdb.connect(config={"preserve_insertion_order": False})
    con.register("points", points)
    started = time.perf_counter()
    con.execute(f"""CREATE TABLE totals AS SELECT e.subject_id, sum(p.points) AS points
        FROM read_parquet('{path}') e JOIN points p ON p.type = e.type GROUP BY e.subject_id""")
    seconds = time.perf_counter() - started
    rows = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]  # type: ignore[index]
    return {"seconds": seconds, "rows": rows, "peak_mib": _peak_mib()}


def phase_rescore(path: Path, out: Path, backend: str) -> dict[str, Any]:
    started = time.perf_counter()
    snapshot = rescore(path, RULEBOOK, AS_OF, backend)
    computed = time.perf_counter() - started
    write_snapshot(snapshot, out)
    return {
        "seconds": time.perf_counter() - started,
        "compute_seconds": computed,
        "peak_mib": _peak_mib(),
        **{name: table.num_rows for name, table in snapshot.items()},
    }


def equal_snapshots(a: Path, b: Path) -> bool:
    """The two snapshot directories hold the same rows, field by field."""
    import pyarrow.parquet as pq

    for name in ("subjects", "lists", "measures"):
        left, right = pq.read_table(a / f"{name}.parquet"), pq.read_table(b / f"{name}.parquet")
        keys = [(column, "ascending") for column in left.column_names]
        if not left.sort_by(keys).equals(right.sort_by(keys)):
            return False
    return True


def _phase(*args: str) -> dict[str, Any]:
    """Run one measurement in a fresh process; its last line of output is JSON."""
    command = [sys.executable, "-m", "bench.rescore_bench", "--phase", *args]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _dataset(directory: Path, records: int, subjects: int) -> tuple[Path, float]:
    path = directory / f"events-{records}-{subjects}.parquet"
    if path.exists():
        return path, 0.0
    started = time.perf_counter()
    _phase("generate", str(path), str(records), str(subjects))  # its memory is not ours
    return path, time.perf_counter() - started


def report(args: argparse.Namespace, work: Path) -> None:
    path, made = _dataset(work, args.records, args.subjects)
    print(f"events: {path} ({path.stat().st_size / 2**20:,.0f} MiB, generated in {made:.0f} s)")
    base = _phase("baseline", str(path))
    rate = base["rows"] / base["seconds"]
    print(f"baseline GROUP BY: {base['rows']:,} rows in {base['seconds']:.2f} s "
          f"({rate / 1e6:.1f}M rows/s), peak {base['peak_mib']:,.0f} MiB")  # fmt: skip
    duck = _phase("rescore", str(path), str(work / "duck"), "duckdb")
    print(f"rescore (DuckDB): {duck['seconds']:.2f} s to Parquet ({duck['compute_seconds']:.2f} s "
          f"to Arrow), peak {duck['peak_mib']:,.0f} MiB; {duck['subjects']:,} subjects, "
          f"{duck['lists']:,} list entries, {duck['measures']:,} measures")  # fmt: skip
    print(f"ratio rescore / GROUP BY: {duck['seconds'] / base['seconds']:.2f} "
          f"(to Arrow: {duck['compute_seconds'] / base['seconds']:.2f}; target <= 2), "
          f"peak {duck['peak_mib'] / 1024:.2f} GiB (target <= 6)")  # fmt: skip
    if args.spark_records:
        small, _ = _dataset(work, args.spark_records, max(args.spark_records // 5, 1))
        duck_small = _phase("rescore", str(small), str(work / "duck-small"), "duckdb")
        spark = _phase("rescore", str(small), str(work / "spark-small"), "spark")
        same = equal_snapshots(work / "duck-small", work / "spark-small")
        print(f"Spark local on {args.spark_records:,} records: {spark['seconds']:.1f} s "
              f"(DuckDB {duck_small['seconds']:.1f} s), equal to DuckDB: {same}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--subjects", type=int, help="Default: records / 5.")
    parser.add_argument(
        "--spark-records", type=int, help="Default: records / 10, at most 1M; 0 skips Spark."
    )
    parser.add_argument("--dir", type=Path, help="Keep the generated files here (reused).")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.subjects = args.subjects or max(args.records // 5, 1)
    if args.spark_records is None:
        args.spark_records = min(args.records // 10, 1_000_000)
    if args.phase:
        name, *rest = args.phase
        if name == "generate":
            generate(Path(rest[0]), int(rest[1]), int(rest[2]))
            result = {}
        elif name == "baseline":
            result = phase_baseline(Path(rest[0]))
        else:
            result = phase_rescore(Path(rest[0]), Path(rest[1]), rest[2])
        print(json.dumps(result))
        return
    if args.dir is not None:
        args.dir.mkdir(parents=True, exist_ok=True)
        report(args, args.dir)
        return
    with tempfile.TemporaryDirectory(prefix="rescore-bench-") as work:
        report(args, Path(work))


if __name__ == "__main__":
    main()
