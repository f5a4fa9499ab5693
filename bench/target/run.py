#!/usr/bin/env python3
"""Benchmark: target-warehouse against `psql \\copy` and the public PostgreSQL targets.

One stream of 200,000 records, 10 columns (integer id, two date-times, three strings, an
integer, two numbers, a boolean), written once as a .singer file and once as CSV, loaded in
one run into fresh schemas of the same PostgreSQL by:

* ``psql \\copy`` of the CSV into a table of the same types and primary key (the physical
  reference),
* target-warehouse (this repository),
* pipelinewise-target-postgres and meltanolabs-target-postgres (from PyPI, each in its own
  virtualenv under bench/.venvs/), the latter with defaults and with ``use_copy: true,
  validate_records: false``.

Scenario ``insert`` loads into an empty schema; scenario ``merge`` reloads the same 200,000
keys with changed values into a schema that the same loader filled (untimed) just before.
Runs are interleaved (round-robin) so that background load hits every contender alike; the
table reports the median wall time of ``--runs`` runs, rows/s, the peak RSS of the loader
process, and the ratio to the median ``psql \\copy`` time.

    python bench/target/run.py [--runs 3] [--rows 200000] [--dsn postgresql://postgres@127.0.0.1:5432/postgres]

Writes bench/target/results.md (or --out).  Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VENVS = ROOT / "bench" / ".venvs"
DATA = HERE / "data"
STREAM = "bench_records"
COLUMNS = ["id", "created_at", "updated_at", "name", "email", "status", "quantity", "amount",
           "score", "active"]
SCHEMA = {
    "type": "SCHEMA", "stream": STREAM, "key_properties": ["id"],
    "schema": {"type": "object", "properties": {
        "id": {"type": "integer"},
        "created_at": {"type": ["null", "string"], "format": "date-time"},
        "updated_at": {"type": ["null", "string"], "format": "date-time"},
        "name": {"type": ["null", "string"]},
        "email": {"type": ["null", "string"]},
        "status": {"type": ["null", "string"]},
        "quantity": {"type": ["null", "integer"]},
        "amount": {"type": ["null", "number"]},
        "score": {"type": ["null", "number"]},
        "active": {"type": ["null", "boolean"]},
    }},
}
COPY_DDL = ("CREATE TABLE {schema}.{table} (id bigint PRIMARY KEY, created_at timestamptz, "
            "updated_at timestamptz, name text, email text, status text, quantity bigint, "
            "amount numeric, score numeric, active boolean)")
PACKAGES = {
    "warehouse": [str(ROOT / "target-warehouse")],
    "pipelinewise": ["pipelinewise-target-postgres"],
    "meltanolabs": ["meltanolabs-target-postgres"],
}


# -- data -----------------------------------------------------------------------------

def generate(rows: int, variant: int) -> tuple[Path, Path]:
    """records-<variant>.singer and .csv: variant 1 changes every value but the key."""
    singer_path, csv_path = DATA / f"records-{rows}-{variant}.singer", DATA / f"records-{rows}-{variant}.csv"
    if singer_path.exists() and csv_path.exists():
        return singer_path, csv_path
    DATA.mkdir(parents=True, exist_ok=True)
    rng = random.Random(variant)
    base = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=30 * variant)
    statuses = ["open", "won", "lost", "pending review"]
    with singer_path.open("w") as singer, csv_path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        singer.write(json.dumps(SCHEMA) + "\n")
        extracted = (base + dt.timedelta(days=1)).isoformat()
        for i in range(rows):
            created = base + dt.timedelta(seconds=i * 7)
            record = {
                "id": i,
                "created_at": created.isoformat(),
                "updated_at": (created + dt.timedelta(hours=rng.randint(1, 900),
                                                      microseconds=rng.randint(0, 999_999)))
                .isoformat().replace("+00:00", "Z"),
                "name": f"Customer {i} {'Smith' if variant else 'Jones'}",
                "email": f"user{i}.v{variant}@example.com",
                "status": rng.choice(statuses),
                "quantity": rng.randint(0, 100_000),
                "amount": round(rng.random() * 100_000, 2),
                "score": rng.random(),
                "active": rng.random() < 0.5,
            }
            singer.write(json.dumps({"type": "RECORD", "stream": STREAM, "record": record,
                                     "time_extracted": extracted}) + "\n")
            writer.writerow([record[c] if not isinstance(record[c], bool) else str(record[c]).lower()
                             for c in COLUMNS])
        singer.write(json.dumps({"type": "STATE", "value": {"bookmarks": {STREAM: {
            "replication_key_value": rows}}}}) + "\n")
    return singer_path, csv_path


# -- environments ---------------------------------------------------------------------

def uv() -> str:
    return shutil.which("uv") or str(ROOT / ".venv" / "bin" / "uv")


def ensure_venv(name: str, *, reinstall: bool) -> Path:
    venv = VENVS / name
    python = venv / "bin" / "python"
    env = {**os.environ, "VIRTUAL_ENV": str(venv)}
    if not python.exists():
        VENVS.mkdir(parents=True, exist_ok=True)
        (VENVS / ".gitignore").write_text("*\n")
        subprocess.run([uv(), "venv", "-q", "--python", sys.executable, str(venv)], check=True)
        reinstall = True
    if reinstall:
        # --compile-bytecode: like pip, so nobody pays to compile at every start.
        extra = ["--reinstall-package", "target-warehouse"] if name == "warehouse" else []
        subprocess.run([uv(), "pip", "install", "-q", "--compile-bytecode", "--python", str(python),
                        *extra, *PACKAGES[name]], check=True, env=env)
    return venv


# -- database -------------------------------------------------------------------------

def with_db(dsn: str, db: str) -> str:
    parts = urlsplit(dsn)
    return urlunsplit(parts._replace(path=f"/{db}"))


def psql(dsn: str, sql: str) -> None:
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", dsn, "-c", sql], check=True,
                   capture_output=True)


def scalar(dsn: str, sql: str) -> str:
    return subprocess.run(["psql", "-qAt", dsn, "-c", sql], check=True, capture_output=True,
                          text=True).stdout.strip()


# -- contenders ------------------------------------------------------------------------

def timed(cmd: list[str], *, stdin: Path | None = None, env: dict | None = None) -> tuple[float, float, str]:
    """Run cmd; (wall seconds, peak RSS MB of the process, stderr tail)."""
    with open(stdin or os.devnull, "rb") as inp, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        tail = err.read().decode(errors="replace")[-2000:]
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{cmd[0]} failed:\n{tail}")
    return wall, usage.ru_maxrss / 1024, tail


def target_config(kind: str, dsn: str, schema: str, tmp: Path, extra: dict) -> Path:
    url = urlsplit(dsn)
    common = {"host": url.hostname, "port": url.port or 5432, "user": url.username or "postgres"}
    if kind == "warehouse":
        config = {"sqlalchemy_url": dsn, "default_target_schema": schema}
    elif kind == "pipelinewise":
        config = {**common, "password": url.password or "unused", "dbname": url.path.lstrip("/"),
                  "default_target_schema": schema}
    else:  # both peers refuse to run without a password; trust auth ignores it
        config = {**common, "password": url.password or "unused", "database": url.path.lstrip("/"),
                  "default_target_schema": schema}
    path = tmp / f"{kind}-{schema}.json"
    path.write_text(json.dumps({**config, **extra}))
    return path


def run_target(kind: str, dsn: str, schema: str, data: Path, tmp: Path, extra: dict) -> tuple[float, float]:
    venv = VENVS / kind
    exe = venv / "bin" / ("target-warehouse" if kind == "warehouse" else "target-postgres")
    config = target_config(kind, dsn, schema, tmp, extra)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    wall, rss, _ = timed([str(exe), "--config", str(config)], stdin=data, env=env)
    return wall, rss


def run_copy(dsn: str, schema: str, csv_path: Path) -> tuple[float, float]:
    psql(dsn, f"CREATE SCHEMA {schema}; " + COPY_DDL.format(schema=schema, table=STREAM))
    wall, rss, _ = timed(["psql", "-q", "-v", "ON_ERROR_STOP=1", dsn, "-c",
                          f"\\copy {schema}.{STREAM} FROM '{csv_path}' WITH (FORMAT csv, HEADER)"])
    return wall, rss


CONTENDERS = [
    ("psql \\copy (reference)", "copy", {}),
    ("target-warehouse", "warehouse", {}),
    ("pipelinewise-target-postgres", "pipelinewise", {}),
    ("meltanolabs-target-postgres (defaults)", "meltanolabs", {}),
    ("meltanolabs-target-postgres (use_copy, validate_records: false)", "meltanolabs",
     {"use_copy": True, "validate_records": False}),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--dsn", default=os.environ.get("BENCH_DSN",
                                                        "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--only", nargs="*", help="contender kinds to run (copy warehouse ...)")
    parser.add_argument("--skip-merge", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "results.md", help="report file")
    args = parser.parse_args()

    contenders = [c for c in CONTENDERS if not args.only or c[1] in args.only or c[1] == "copy"]
    for kind in sorted({c[1] for c in contenders} - {"copy"}):
        print(f"== virtualenv bench/.venvs/{kind}", flush=True)
        ensure_venv(kind, reinstall=(kind == "warehouse"))
    print(f"== data: {args.rows} records (insert and merge variants)", flush=True)
    insert_singer, insert_csv = generate(args.rows, 0)
    merge_singer, _ = generate(args.rows, 1)

    args.load = [os.getloadavg()[0]]
    db = "tw_bench"
    psql(args.dsn, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    psql(args.dsn, f"CREATE DATABASE {db}")
    dsn = with_db(args.dsn, db)
    results: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        for run in range(args.runs):
            for index, (label, kind, extra) in enumerate(contenders):
                schema = f"s_{kind}_{index}_r{run}"
                if kind == "copy":
                    res = run_copy(dsn, schema + "_insert", insert_csv)
                else:
                    res = run_target(kind, dsn, schema + "_insert", insert_singer, tmp, extra)
                    count = scalar(dsn, f"SELECT count(*) FROM {schema}_insert.{STREAM}")
                    assert int(count) == args.rows, (label, count)
                results.setdefault((label, "insert"), []).append(res)
                print(f"run {run + 1} insert {label}: {res[0]:.2f} s, {res[1]:.0f} MB", flush=True)
                if kind == "copy" or args.skip_merge:
                    continue
                run_target(kind, dsn, schema + "_merge", insert_singer, tmp, extra)  # untimed
                res = run_target(kind, dsn, schema + "_merge", merge_singer, tmp, extra)
                changed = scalar(dsn, f"SELECT count(*) FROM {schema}_merge.{STREAM} "
                                      f"WHERE email LIKE '%.v1@example.com'")
                assert int(changed) == args.rows, (label, changed)
                results.setdefault((label, "merge"), []).append(res)
                print(f"run {run + 1} merge  {label}: {res[0]:.2f} s, {res[1]:.0f} MB", flush=True)
            psql(dsn, "SELECT 1")  # keep the run loop simple; schemas stay for inspection
    psql(args.dsn, f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
    args.load.append(os.getloadavg()[0])

    reference = statistics.median(w for w, _ in results[("psql \\copy (reference)", "insert")])
    lines = report(results, reference, args)
    print("\n".join(lines))
    args.out.write_text("\n".join(lines) + "\n")
    return 0


def report(results: dict, reference: float, args: argparse.Namespace) -> list[str]:
    server = scalar(with_db(args.dsn, "postgres"), "SHOW server_version")
    lines = [
        "# target-warehouse benchmark",
        "",
        f"{args.rows:,} records × 10 columns, one stream; median of {args.runs} interleaved runs; "
        f"PostgreSQL {server}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC.",
        "",
        f"Command: `python bench/target/run.py --runs {args.runs} --rows {args.rows}`",
        "",
        "Reference: `psql \\copy` of the same rows as CSV into a table of the same column types",
        "and primary key (without the loaders' metadata columns). `merge`: the same 200,000 keys",
        "with changed values, into a table the same loader filled (untimed) just before.",
        "Ratio = median wall time / median `psql \\copy` time (insert scenario). Peak RSS is the",
        "loader process's (psql's for the reference); the server's memory is not included.",
        "The machine may be running other work: see the spread (min–max) column; 1-minute",
        f"load average {args.load[0]:.1f} at the start, {args.load[-1]:.1f} at the end.",
        "",
        "| loader | scenario | median s | min–max s | rows/s | peak RSS MB | × COPY |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for (label, scenario), runs in results.items():
        walls = [w for w, _ in runs]
        median = statistics.median(walls)
        lines.append(f"| {label} | {scenario} | {median:.2f} | {min(walls):.2f}–{max(walls):.2f} | "
                     f"{args.rows / median:,.0f} | {max(r for _, r in runs):.0f} | "
                     f"{median / reference:.1f} |")
    return lines


if __name__ == "__main__":
    sys.exit(main())
