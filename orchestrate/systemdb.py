"""Meltano's system database (runs, run guard and state) in the warehouse PostgreSQL.

In ``prod`` the runner is ephemeral (a CI job, an Airflow worker), so Meltano's default
SQLite file would start empty every time and every run would be a full sync.  Instead the
system database lives in the warehouse itself, in its own schema (``meltano`` unless
``MELTANO_SYSTEMDB_SCHEMA`` says otherwise), built from the same ``WAREHOUSE_*`` settings
the loader and dbt read.  That gives ephemeral runners three things at once:

* bookmarks survive: the next runner resumes from the last committed state;
* the run guard is shared: Meltano refuses to start a pipeline whose state ID has a run in
  progress, wherever that run is (stale runs are failed after Meltano's heartbeat timeout);
* ``meltano state list/get/set`` work against production state from any machine.

``python orchestrate/systemdb.py uri`` makes sure the schema exists and prints the
SQLAlchemy URI for ``MELTANO_DATABASE_URI`` (psycopg2 driver, already in the dev venv).
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import closing
from urllib.parse import quote, urlencode

DEFAULT_SCHEMA = "meltano"


def settings(env: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if env is None else env)
    missing = [n for n in ("WAREHOUSE_HOST", "WAREHOUSE_USER", "WAREHOUSE_DATABASE") if not env.get(n)]
    if missing:
        raise SystemExit(f"systemdb: {', '.join(missing)} not set (the warehouse connection "
                         "the loader and dbt use; see orchestrate/README.md)")
    return {"host": env["WAREHOUSE_HOST"], "port": env.get("WAREHOUSE_PORT") or "5432",
            "user": env["WAREHOUSE_USER"], "password": env.get("WAREHOUSE_PASSWORD", ""),
            "database": env["WAREHOUSE_DATABASE"], "sslmode": env.get("WAREHOUSE_SSLMODE", ""),
            "schema": env.get("MELTANO_SYSTEMDB_SCHEMA") or DEFAULT_SCHEMA}


def uri(s: dict[str, str]) -> str:
    """SQLAlchemy URI whose sessions put Meltano's tables in ``s['schema']``."""
    auth = quote(s["user"], safe="") + (":" + quote(s["password"], safe="") if s["password"] else "")
    query = {"options": f"-csearch_path={s['schema']}"}
    if s["sslmode"]:
        query["sslmode"] = s["sslmode"]
    return (f"postgresql+psycopg2://{auth}@{s['host']}:{s['port']}/{quote(s['database'], safe='')}"
            f"?{urlencode(query, quote_via=quote)}")


def ensure_schema(s: dict[str, str]) -> None:
    import psycopg2  # the dev venv has it (requirements-dev.txt)
    from psycopg2 import sql

    kwargs = {"host": s["host"], "port": s["port"], "user": s["user"], "dbname": s["database"],
              "connect_timeout": 30}
    if s["password"]:
        kwargs["password"] = s["password"]
    if s["sslmode"]:
        kwargs["sslmode"] = s["sslmode"]
    with closing(psycopg2.connect(**kwargs)) as conn:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("create schema if not exists {}").format(sql.Identifier(s["schema"])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["uri"], help="print MELTANO_DATABASE_URI (creating the schema)")
    parser.parse_args(argv)
    s = settings()
    ensure_schema(s)
    sys.stdout.write(uri(s) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
