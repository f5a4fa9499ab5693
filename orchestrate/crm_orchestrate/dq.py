"""Read the data-quality reports (`make dq`): each ``marts.dq_*`` table, its row count and rows.

    python -m crm_orchestrate.dq                                  # every report, first 5 rows each
    python -m crm_orchestrate.dq dq_genius_duplicate_prospects --limit 0   # one report, every row

The reports are dbt models (transform/models/marts/data_quality/), built by ``make run-all``
(or ``orchestrate/run.sh marts``); transform/README.md says what each one finds.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import closing

from psycopg2 import sql

from crm_orchestrate.report import connect

SCHEMA = "marts"


def reports(cur) -> list[str]:
    cur.execute("select table_name from information_schema.tables where table_schema = %s "
                "and table_name like 'dq\\_%%' order by 1", (SCHEMA,))
    return [name for (name,) in cur.fetchall()]


def show(cur, name: str, limit: int, out=sys.stdout) -> None:
    table = sql.Identifier(SCHEMA, name)
    cur.execute(sql.SQL("select count(*) from {}").format(table))
    total = cur.fetchone()[0]
    print(f"\n{SCHEMA}.{name}: {total:,} rows" + (f" (first {limit})" if limit and total > limit else ""), file=out)
    if not total:
        return
    cur.execute(sql.SQL("select * from {}").format(table) + (sql.SQL(" limit {}").format(sql.Literal(limit))
                                                             if limit else sql.SQL("")))
    header = [c.name for c in cur.description]
    rows = [["" if v is None else str(v) for v in row] for row in cur.fetchall()]
    widths = [min(max(len(c) for c in col), 40) for col in zip(header, *rows)]
    for line in (header, ["-" * w for w in widths], *rows):
        print("  ".join(c[:w].ljust(w) for c, w in zip(line, widths)).rstrip(), file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", nargs="?", help="one report, e.g. dq_genius_duplicate_prospects")
    parser.add_argument("--limit", type=int, default=5, help="rows per report (0: all)")
    args = parser.parse_args(argv)
    with closing(connect()) as conn, conn.cursor() as cur:
        names = reports(cur)
        if not names:
            print(f"no data-quality reports in schema {SCHEMA!r} yet: build them with `make run-all` "
                  "(or `orchestrate/run.sh marts` once every source is loaded)", file=sys.stderr)
            return 1
        if args.report and args.report not in names:
            print(f"no report {args.report!r}; there are: {', '.join(names)}", file=sys.stderr)
            return 1
        for name in [args.report] if args.report else names:
            show(cur, name, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
