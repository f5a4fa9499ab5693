"""Print rows per warehouse table: in total, loaded by this run, and marked deleted.

``make run`` calls it after ``meltano run`` so a user sees at a glance what moved; on an
incremental run the "this run" column shows that only changed rows did.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import closing

import psycopg2
from psycopg2 import sql


def connect():
    env = os.environ
    if env.get("WAREHOUSE_DSN"):
        return psycopg2.connect(env["WAREHOUSE_DSN"])
    return psycopg2.connect(host=env.get("WAREHOUSE_HOST", "127.0.0.1"), port=env.get("WAREHOUSE_PORT", 5432),
                            user=env.get("WAREHOUSE_USER"), password=env.get("WAREHOUSE_PASSWORD"),
                            dbname=env.get("WAREHOUSE_DATABASE", "warehouse"),
                            sslmode=env.get("WAREHOUSE_SSLMODE", "prefer"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schema", required=True)
    parser.add_argument("--since", help="ISO timestamp the run started at")
    args = parser.parse_args()
    with closing(connect()) as conn, conn.cursor() as cur:
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = %s "
                    "AND table_type = 'BASE TABLE' ORDER BY table_name", (args.schema,))
        tables = [t for (t,) in cur.fetchall()]
        if not tables:
            print(f"no tables in schema {args.schema!r}", file=sys.stderr)
            return 1
        print(f"\n{'table':<40} {'rows':>10} {'this run':>10} {'deleted':>9}")
        totals = [0, 0, 0]
        for table in tables:
            ident = sql.Identifier(args.schema, table)
            cur.execute(sql.SQL(
                "SELECT count(*), count(*) FILTER (WHERE _sdc_batched_at >= %s), "
                "count(*) FILTER (WHERE _sdc_deleted_at IS NOT NULL) FROM {}").format(ident),
                (args.since or "-infinity",))
            row = cur.fetchone()
            totals = [a + b for a, b in zip(totals, row)]
            print(f"{args.schema + '.' + table:<40} {row[0]:>10,} {row[1]:>10,} {row[2]:>9,}")
        print(f"{'total':<40} {totals[0]:>10,} {totals[1]:>10,} {totals[2]:>9,}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
