"""PostgreSQL helpers for the reliability suite: queries, throwaway databases, snapshots
of a schema for comparison, and a cluster of our own that may be restarted."""

from __future__ import annotations

import json
import os
import subprocess
import time
import typing as t
import uuid
from contextlib import closing, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2

# -- PostgreSQL -------------------------------------------------------------------------

def query(dsn: str, sql: str, params: t.Sequence | None = None, *, retry_for: float = 0) -> list[tuple]:
    """Run one statement; with ``retry_for`` keep trying while the server is down."""
    give_up = time.monotonic() + retry_for
    while True:
        try:
            # lock_timeout: a check must fail loudly, never wait forever on a stopped loader's lock
            with closing(psycopg2.connect(dsn, connect_timeout=5, options="-c lock_timeout=15000")) as conn:
                conn.autocommit = True
                with conn.cursor() as cur:
                    cur.execute(sql, params)
                    return cur.fetchall() if cur.description else []
        except psycopg2.OperationalError:
            if time.monotonic() > give_up:
                raise
            time.sleep(0.2)


def create_database(server_dsn: str, prefix: str = "rel") -> str:
    """A fresh database on ``server_dsn``'s server; returns its URI."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with closing(psycopg2.connect(server_dsn)) as conn:
        conn.autocommit = True
        conn.cursor().execute(f'CREATE DATABASE "{name}"')
    base, _, rest = server_dsn.partition("?")
    return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{rest}" if rest else "")


def drop_database(server_dsn: str, dsn: str) -> None:
    name = dsn.split("?", 1)[0].rsplit("/", 1)[1]
    with closing(psycopg2.connect(server_dsn)) as conn:
        conn.autocommit = True
        conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def primary_keys(dsn: str, schema: str) -> dict[str, list[str]]:
    """Every table of ``schema`` → its primary-key columns (empty: no primary key)."""
    rows = query(dsn, """
        SELECT c.relname, coalesce(array_agg(a.attname ORDER BY k.ord)
                                   FILTER (WHERE a.attname IS NOT NULL), '{}')
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_constraint p ON p.conrelid = c.oid AND p.contype = 'p'
        LEFT JOIN LATERAL unnest(p.conkey) WITH ORDINALITY k(attnum, ord) ON true
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
        WHERE n.nspname = %s AND c.relkind = 'r' GROUP BY c.relname""", (schema,))
    return {name: list(cols) for name, cols in rows}


def snapshot(dsn: str, schema: str, *, live_only: bool = True) -> dict[str, dict[tuple, dict]]:
    """Every table of ``schema`` as {key: row} with the ``_sdc_*`` columns left out.

    Rows marked deleted (``_sdc_deleted_at``) are left out when ``live_only``.  A table
    without a primary key is keyed by the whole row (with a counter for repeats).
    """
    result: dict[str, dict[tuple, dict]] = {}
    for table, keys in primary_keys(dsn, schema).items():
        cols = [c for (c,) in query(dsn, "SELECT column_name FROM information_schema.columns "
                                         "WHERE table_schema = %s AND table_name = %s", (schema, table))]
        where = ' WHERE "_sdc_deleted_at" IS NULL' if live_only and "_sdc_deleted_at" in cols else ""
        rows = query(dsn, f'SELECT row_to_json(t)::text FROM "{schema}"."{table}" t{where}')
        table_rows: dict[tuple, dict] = {}
        for (text,) in rows:
            row = {k: v for k, v in json.loads(text).items() if not k.startswith("_sdc_")}
            key = tuple(row[k] for k in keys) if keys else (json.dumps(row, sort_keys=True),)
            while key in table_rows and not keys:
                key = (*key, "again")
            table_rows[key] = row
        result[table] = table_rows
    return result


@dataclass
class Diff:
    lost: int = 0  # rows (keys) expected but missing
    duplicated: int = 0  # rows beyond one per key, and rows nobody expected
    changed: int = 0  # same key, other values
    examples: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not (self.lost or self.duplicated or self.changed)

    def __str__(self) -> str:
        return (f"{self.lost} lost, {self.duplicated} duplicated, {self.changed} changed"
                + (f"; e.g. {'; '.join(self.examples[:4])}" if self.examples else ""))


def compare_snapshots(expected: dict[str, dict[tuple, dict]], actual: dict[str, dict[tuple, dict]]) -> Diff:
    diff = Diff()
    for table in sorted(set(expected) | set(actual)):
        want, got = expected.get(table, {}), actual.get(table, {})
        lost = [k for k in want if k not in got]
        extra = [k for k in got if k not in want]
        changed = [k for k in want if k in got and got[k] != want[k]]
        diff.lost += len(lost)
        diff.duplicated += len(extra)
        diff.changed += len(changed)
        diff.examples += [f"{table} lost {k}" for k in lost[:2]]
        diff.examples += [f"{table} unexpected {k}" for k in extra[:2]]
        diff.examples += [f"{table} {k}: {_row_diff(want[k], got[k])}" for k in changed[:2]]
    return diff


def _row_diff(a: dict, b: dict) -> dict:
    return {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)}


def duplicate_keys(dsn: str, schema: str) -> int:
    """Rows beyond one per primary key (only possible if a table lacks its key constraint)."""
    extra = 0
    for table, keys in primary_keys(dsn, schema).items():
        if keys:
            cols = ", ".join(f'"{k}"' for k in keys)
            extra += query(dsn, f'SELECT count(*) - count(DISTINCT ({cols})) FROM "{schema}"."{table}"')[0][0]
    return extra


# -- a PostgreSQL cluster of our own (to restart it, or to give it TLS) -------------------

class OwnCluster:
    """A throwaway cluster (``target_warehouse.local.LocalCluster``) we may restart."""

    def __init__(self, path: Path | str, conf: dict[str, str] | None = None,
                 hba: list[str] | None = None) -> None:
        from target_warehouse.local import LocalCluster

        self.cluster = LocalCluster(path)
        self.conf, self.hba = conf or {}, hba
        self.dsn = ""

    def start(self) -> str:
        self.cluster.init()
        if self.conf:
            with open(self.cluster.data / "postgresql.conf", "a") as fh:
                fh.write("\n# reliability suite\n")
                fh.writelines(f"{k} = {v}\n" for k, v in self.conf.items())
        if self.hba is not None:
            (self.cluster.data / "pg_hba.conf").write_text("\n".join(self.hba) + "\n")
        self.dsn = self.cluster.start()
        return self.dsn

    def pg_ctl(self, *args: str) -> None:
        from target_warehouse.local import find_pg_bin

        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*run_as, str(find_pg_bin() / "pg_ctl"), *args, "-D", str(self.cluster.data)],
                       check=True, capture_output=True, cwd="/", timeout=120)

    def restart(self, mode: str = "immediate") -> None:
        """Stop (``immediate`` = as a crash, ``fast`` = admin shutdown), then start again on
        the same port (``pg_ctl restart`` reuses the options it was started with)."""
        self.pg_ctl("restart", "-w", "-t", "60", "-m", mode, "-l", str(self.cluster.log))

    def destroy(self) -> None:
        with suppress(Exception):
            self.cluster.destroy()
