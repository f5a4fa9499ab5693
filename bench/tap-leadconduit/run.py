"""Benchmark tap-leadconduit: a backfill of ~1,000,000 LeadConduit events from the emulation,
next to a plain singer-sdk tap of the same endpoint (``baseline_tap.py``), and optionally the
same backfill through target-warehouse into PostgreSQL.

    .venv/bin/python bench/tap-leadconduit/run.py                     # 1,000,000 events, both taps
    .venv/bin/python bench/tap-leadconduit/run.py --events 200000 --pipeline

* The emulation runs in its own process (``crm-sandbox serve``, scale 10); its knob ``volume``
  (leads per homeowner) grows the event log to the size asked for.  Both taps read it from
  ``start_date`` with an empty state, stdout to /dev/null.
* Rows/s = rows / wall time of the tap process (start-up included); CPU = the tap's own user +
  system seconds (the emulation shares the 2 cores, so wall time includes waiting for it);
  peak RSS through ``tests/harness/peak_rss.py``; requests from the ``http_request_count`` metrics.
* ``--pipeline``: ``tap-leadconduit | target-warehouse`` into ``WAREHOUSE_TEST_DSN`` (a database
  ``leadconduit_bench`` created and dropped), timed end to end.

Results are printed and written to ``bench/tap-leadconduit/data/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.harness.peak_rss import LAUNCHER  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = ROOT / ".venv" / "bin"
SCALE = 10
METRIC = re.compile(r'"metric": ?"(record_count|http_request_count)", ?"value": ?(\d+)')


def free_port() -> int:
    with closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def volume_for(events: int) -> int:
    """Leads per homeowner giving about ``events`` events at ``SCALE`` (measured at scale 1, in a
    child process: this one stays small, since a child's peak RSS starts from its parent's)."""
    code = ("from crm_sandbox.api.vendors.leadconduit.data import EventLog; from crm_sandbox.world import World; "
            "w = World(42, 1); print(len(EventLog(w, 1).ids), len(EventLog(w, 2).ids))")
    one, two = map(int, subprocess.check_output([sys.executable, "-c", code], text=True).split())
    return max(1, round((events / SCALE - one) / (two - one)) + 1)


def run(args: list[str], stdout=subprocess.DEVNULL, stdin=None) -> dict:
    """Run a tap (or the target) through the shared peak-RSS launcher: its own peak, CPU and metrics."""
    with tempfile.TemporaryDirectory() as tmp:
        err, rss = Path(tmp, "stderr"), Path(tmp, "rss")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        with err.open("w") as errors:
            code = subprocess.call([sys.executable, LAUNCHER, str(rss), *args], stdout=stdout, stdin=stdin,
                                   stderr=errors)
        seconds = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        stderr = err.read_text(errors="replace")
        if code:
            raise SystemExit(f"{args[0]} failed:\n{stderr[-3000:]}")
        peak = float(rss.read_text())
    totals = {"record_count": 0, "http_request_count": 0}
    for name, value in METRIC.findall(stderr):
        totals[name] += int(value)
    rows = totals["record_count"]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": round(seconds, 1), "rows": rows, "rows_per_s": round(rows / seconds),
            "cpu_s": round(cpu, 1), "rows_per_cpu_s": round(rows / cpu) if cpu else 0,
            "peak_rss_mib": round(peak), "requests": totals["http_request_count"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--pipeline", action="store_true", help="also load through target-warehouse")
    parser.add_argument("--skip-baseline", action="store_true")
    opts = parser.parse_args()

    volume = volume_for(opts.events)
    port = free_port()
    server = subprocess.Popen([str(BIN / "crm-sandbox"), "serve", "--port", str(port), "--scale", str(SCALE)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    results: dict = {"events_asked": opts.events, "scale": SCALE, "volume": volume}
    try:
        for _ in range(600):
            try:
                requests.get(f"{url}/_admin/vendors", timeout=2).raise_for_status()
                break
            except requests.RequestException:
                time.sleep(0.5)
        started = time.perf_counter()
        requests.post(f"{url}/_admin/leadconduit/config", json={"volume": volume}, timeout=3600).raise_for_status()
        results["emulation_build_s"] = round(time.perf_counter() - started, 1)
        with tempfile.TemporaryDirectory() as tmp:
            config = Path(tmp, "config.json")
            config.write_text(json.dumps({"api_key": "demo-leadconduit-key", "api_url": f"{url}/leadconduit",
                                          "start_date": "2000-01-01T00:00:00Z"}))
            print(f"volume {volume}: tap-leadconduit …", flush=True)
            results["tap-leadconduit"] = run([str(BIN / "tap-leadconduit"), "--config", str(config)])
            print(results["tap-leadconduit"], flush=True)
            if not opts.skip_baseline:
                print("plain singer-sdk tap …", flush=True)
                results["baseline"] = run([str(BIN / "python"), str(HERE / "baseline_tap.py"), "--config", str(config)])
                print(results["baseline"], flush=True)
            if opts.pipeline:
                results["pipeline"] = pipeline(config)
                print(results["pipeline"], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=60)
    out = HERE / "data" / "results.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


def pipeline(config: Path) -> dict:
    import psycopg2

    server_dsn = os.environ.get("WAREHOUSE_TEST_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")
    dsn = server_dsn.rsplit("/", 1)[0] + "/leadconduit_bench"
    with closing(psycopg2.connect(server_dsn)) as conn:
        conn.autocommit = True
        conn.cursor().execute("drop database if exists leadconduit_bench with (force)")
        conn.cursor().execute("create database leadconduit_bench")
    try:
        target_config = Path(config.parent, "target.json")
        target_config.write_text(json.dumps({"sqlalchemy_url": dsn, "default_target_schema": "leadconduit"}))
        start = time.perf_counter()
        tap = subprocess.Popen([str(BIN / "tap-leadconduit"), "--config", str(config)], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
        loaded = run([str(BIN / "target-warehouse"), "--config", str(target_config)], stdin=tap.stdout)
        tap.wait()
        seconds = time.perf_counter() - start
        with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
            cur.execute("select count(*), pg_total_relation_size('leadconduit.events') from leadconduit.events")
            rows, size = cur.fetchone()
        return {"seconds": round(seconds, 1), "rows": rows, "rows_per_s": round(rows / seconds),
                "target_peak_rss_mib": loaded["peak_rss_mib"], "table_mib": round(size / 2**20)}
    finally:
        with closing(psycopg2.connect(server_dsn)) as conn:
            conn.autocommit = True
            conn.cursor().execute("drop database if exists leadconduit_bench with (force)")


if __name__ == "__main__":
    sys.exit(main())
