"""The table that ends a run: every source's streams, what this run did to them, how fresh.

``orchestrate/run.sh`` (and so ``make run`` / ``make run-all``) calls it around ``meltano run``:

    python -m crm_orchestrate.report before --run-id ID      # row counts before the run
    python -m crm_orchestrate.report after  --run-id ID      # the table

Per stream (= warehouse table): rows in total; inserted (net new rows), updated and deleted
(soft-deleted, by the source or by ACTIVATE_VERSION) by this run; the extractor's seconds for
it (its ``sync_duration``, read back from the run's records in the JSON log that
``crm_orchestrate.console`` writes); and freshness, the age of its newest ``_sdc_batched_at``
(what ``dbt source freshness`` measures here).  Sources are the schemas of the extractors that
ran (``tap-<crm>`` → ``<crm>``) and any schema this run wrote to.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path

import psycopg2
from psycopg2 import sql

from crm_orchestrate.console import log_path

_SOURCE_SCHEMAS = """
    select distinct table_schema from information_schema.columns
    where column_name = '_sdc_batched_at'
      and table_schema not in ('staging', 'intermediate', 'marts', 'analytics', 'meltano')"""


def connect():
    env = os.environ
    if env.get("WAREHOUSE_DSN"):
        return psycopg2.connect(env["WAREHOUSE_DSN"], connect_timeout=10)
    return psycopg2.connect(host=env.get("WAREHOUSE_HOST", "127.0.0.1"), port=env.get("WAREHOUSE_PORT", 5432),
                            user=env.get("WAREHOUSE_USER"), password=env.get("WAREHOUSE_PASSWORD"),
                            dbname=env.get("WAREHOUSE_DATABASE", "warehouse"),
                            sslmode=env.get("WAREHOUSE_SSLMODE", "prefer"), connect_timeout=10)


def _snapshot_file(run_id: str) -> Path:
    return log_path().parent / "runs" / f"{run_id}.json"


def _tables(cur, schemas: list[str]) -> list[tuple[str, str]]:
    cur.execute("select table_schema, table_name from information_schema.tables "
                "where table_schema = any(%s) and table_type = 'BASE TABLE' order by 1, 2", (schemas,))
    return cur.fetchall()


def before(run_id: str) -> None:
    """Remember every source table's row count and the start time."""
    with closing(connect()) as conn, conn.cursor() as cur:
        cur.execute(_SOURCE_SCHEMAS)
        schemas = [s for (s,) in cur.fetchall()]
        counts = {}
        for schema, table in _tables(cur, schemas):
            cur.execute(sql.SQL("select count(*) from {}").format(sql.Identifier(schema, table)))
            counts[f"{schema}.{table}"] = cur.fetchone()[0]
        cur.execute("select now()")
        started = cur.fetchone()[0].isoformat()  # the server's clock, as _sdc_* are
    path = _snapshot_file(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"started": started, "counts": counts}))


def stream_seconds(run_id: str) -> tuple[dict[tuple[str, str], float], set[str]]:
    """Per (schema, stream): the extractor's sync seconds in this run; and the schemas it read."""
    seconds: dict[tuple[str, str], float] = defaultdict(float)
    schemas: set[str] = set()
    for path in sorted(log_path().parent.glob(log_path().name + "*"), reverse=True):  # rotated files too
        with path.open(encoding="utf-8", errors="replace") as lines:
            for line in lines:
                if run_id not in line:
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    continue
                name = str(record.get("name") or "")
                if record.get("run_id") != run_id or not record.get("producer") or not name.startswith("tap-"):
                    continue
                schema = name.removeprefix("tap-").replace("-", "_")
                schemas.add(schema)
                metric = record.get("metric_info") or {}
                tags = metric.get("tags") or {}
                if metric.get("metric") == "sync_duration" and tags.get("stream"):
                    seconds[(schema, tags["stream"])] += float(metric.get("value") or 0)
    return seconds, schemas


def after(run_id: str, out=sys.stdout) -> int:
    snapshot_path = _snapshot_file(run_id)
    if not snapshot_path.exists():
        return 0  # nothing was counted before (e.g. the warehouse was not reachable)
    snapshot = json.loads(snapshot_path.read_text())
    snapshot_path.unlink()
    started, counts = snapshot["started"], snapshot["counts"]
    seconds, ran = stream_seconds(run_id)
    with closing(connect()) as conn, conn.cursor() as cur:
        cur.execute(_SOURCE_SCHEMAS)
        present = {s for (s,) in cur.fetchall()}
        rows = []
        for schema, table in _tables(cur, sorted(present)):
            cur.execute(sql.SQL(
                "select count(*), count(*) filter (where _sdc_batched_at >= %(t)s), "
                "count(*) filter (where _sdc_deleted_at is not null "
                "  and (_sdc_batched_at >= %(t)s or _sdc_deleted_at >= %(t)s)), "
                "extract(epoch from now() - max(_sdc_batched_at)) from {}").format(sql.Identifier(schema, table)),
                {"t": started})
            total, touched, deleted, age = cur.fetchone()
            inserted = max(total - counts.get(f"{schema}.{table}", 0), 0)
            if schema in ran or touched or deleted:
                rows.append((schema, table, total, inserted, max(touched - inserted, 0), deleted,
                             seconds.get((schema, table)), age))
    if rows:
        print_table(rows, out)
    return 0


def _age(seconds: float | None) -> str:
    if seconds is None:
        return "never"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.0f} {unit}"
    return f"{seconds:.0f} s"


def print_table(rows: list[tuple], out=sys.stdout) -> None:
    header = ("stream", "rows", "inserted", "updated", "deleted", "seconds", "freshness")
    lines = [(f"{s}.{t}", f"{n:,}", f"{i:,}", f"{u:,}", f"{d:,}", "" if sec is None else f"{sec:.1f}", _age(age))
             for s, t, n, i, u, d, sec, age in rows]
    by_schema: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for s, _t, n, i, u, d, *_ in rows:
        by_schema[s] = [a + b for a, b in zip(by_schema[s], (n, i, u, d))]
    lines += [(f"{s} (total)", *(f"{v:,}" for v in totals), "", "") for s, totals in by_schema.items()]
    widths = [max(len(str(c)) for c in col) for col in zip(header, *lines)]
    print("", file=out)
    for k, line in enumerate([header, *lines]):
        print("  ".join(c.ljust(w) if j == 0 else c.rjust(w) for j, (c, w) in enumerate(zip(line, widths))), file=out)
        if k == 0 or k == len(rows):
            print("  ".join("-" * w for w in widths), file=out)
    print(f"freshness: time since the newest load of the table (_sdc_batched_at); "
          f"`make dq` shows the data-quality reports", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("when", choices=["before", "after"])
    parser.add_argument("--run-id", required=True)
    args = parser.parse_args(argv)
    try:
        if args.when == "before":
            before(args.run_id)
            return 0
        return after(args.run_id)
    except psycopg2.Error as exc:  # the table is a courtesy: it never fails a run
        print(f"run report skipped: {' '.join(str(exc).split())}", file=sys.stderr)
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
