"""The Meltano project run for real by the end-to-end tests, in the ``dev`` environment.

Everything it touches is the test's own: a fresh warehouse database, a sandbox server (HubSpot,
CallRail, SalesRabbit) on a free port, a Genius demo database in a temp folder, Meltano's system directory
(run files, logs) and database (state) in a temp folder (``tests/harness/meltano.py``) and
dbt's target/log folders in a temp folder, all at one seed
and scale so the sources' cross-ids line up and ``World(SEED, SCALE).planted`` says exactly
which data-quality problems the reports must find.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2

from tests.harness.meltano import isolated_env

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SEED, SCALE = 42, 0.2  # ~400 homeowners: every planted problem a few times, a quick sync
PLUGIN_VENVS = (".meltano/extractors/tap-genius", ".meltano/extractors/tap-hubspot",
                ".meltano/extractors/tap-callrail", ".meltano/extractors/tap-salesrabbit",
                ".meltano/extractors/tap-leadconduit",
                ".meltano/extractors/tap-five9",
                ".meltano/loaders/target-warehouse",
                ".meltano/utilities/dbt-postgres")


def create_database(server_dsn: str) -> str:
    """A fresh database on the server; returns its libpq URI."""
    name = f"e2e_{uuid.uuid4().hex[:10]}"
    with closing(psycopg2.connect(server_dsn)) as conn:
        conn.autocommit = True
        conn.cursor().execute(f'create database "{name}"')
    base = server_dsn.split("?", 1)[0].rsplit("/", 1)[0]
    return f"{base}/{name}"


def drop_database(server_dsn: str, dsn: str) -> None:
    with closing(psycopg2.connect(server_dsn)) as conn:
        conn.autocommit = True
        conn.cursor().execute(f'drop database if exists "{urlsplit(dsn).path.lstrip("/")}" with (force)')


def warehouse_env(dsn: str) -> dict[str, str]:
    """The WAREHOUSE_* variables the loader, dbt and systemdb.py read."""
    parts = urlsplit(dsn)
    env = {"WAREHOUSE_HOST": parts.hostname or "127.0.0.1", "WAREHOUSE_PORT": str(parts.port or 5432),
           "WAREHOUSE_USER": parts.username or "postgres", "WAREHOUSE_DATABASE": parts.path.lstrip("/")}
    if parts.password:
        env["WAREHOUSE_PASSWORD"] = parts.password
    return env


class DemoProject:
    def __init__(self, dsn: str, sandbox_url: str, workdir: Path) -> None:
        self.dsn, self.sandbox_url, self.workdir = dsn, sandbox_url.rstrip("/"), workdir
        self.genius_url = f"sqlite:///{workdir / 'genius.sqlite'}"
        self.logs = workdir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.env = {
            # a private .meltano (run files, logs, system database, run lock): a user's own
            # `make run-all` in this checkout and the test never see each other's
            **isolated_env(workdir / "meltano-sys"),
            **warehouse_env(dsn),
            "MELTANO_ENVIRONMENT": "dev",
            "CRM_SANDBOX_URL": self.sandbox_url,
            "TAP_GENIUS_SQLALCHEMY_URL": self.genius_url,
            "TAP_HUBSPOT_API_URL": f"{self.sandbox_url}/hubspot",
            "TAP_HUBSPOT_ACCESS_TOKEN": "demo-hubspot-token",
            "TAP_CALLRAIL_API_URL": f"{self.sandbox_url}/callrail/v3",
            "TAP_CALLRAIL_API_KEY": "demo-callrail-key",
            "TAP_LEADCONDUIT_API_URL": f"{self.sandbox_url}/leadconduit",
            "TAP_LEADCONDUIT_API_KEY": "demo-leadconduit-key",
            "TAP_SALESRABBIT_API_URL": f"{self.sandbox_url}/salesrabbit",
            "TAP_SALESRABBIT_API_TOKEN": "demo-salesrabbit-token",
            "TAP_ARRIVY_API_URL": f"{self.sandbox_url}/arrivy/api",
            "TAP_GOOGLE_SHEETS_API_URL": f"{self.sandbox_url}/google-sheets",
            "TAP_GOOGLE_SHEETS_DRIVE_API_URL": f"{self.sandbox_url}/google-sheets",
            "TAP_GOOGLE_SHEETS_TOKEN_URI": f"{self.sandbox_url}/google-sheets/token",
            "TAP_FIVE9_WSDL_URL": f"{self.sandbox_url}/five9/wsadmin/v9_5/AdminWebService?wsdl&user={{username}}",
            "TAP_MARKETSHARP_API_URL": f"{self.sandbox_url}/marketsharp/WcfDataService.svc",
            "DBT_TARGET_PATH": str(workdir / "dbt-target"),
            "DBT_LOG_PATH": str(workdir / "dbt-logs"),
        }
        for name in ("WAREHOUSE_DSN", "WAREHOUSE_SSLMODE"):
            self.env.pop(name, None)
        self._n = 0

    def crm_sandbox(self, *args: str) -> str:
        return self._run([str(BIN / "crm-sandbox"), *args], "crm-sandbox").stdout

    def run(self, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        """``orchestrate/run.sh <args>`` (meltano run in dev); fails the test with the log tail."""
        return self._run([str(ROOT / "orchestrate" / "run.sh"), *args], "meltano-run-" + "-".join(args),
                         env=env)

    def invoke(self, *args: str) -> subprocess.CompletedProcess:
        return self._run([str(BIN / "meltano"), "invoke", *args], "meltano-invoke-" + "-".join(args))

    def meltano(self, *args: str) -> subprocess.CompletedProcess:
        return self._run([str(BIN / "meltano"), *args], "meltano-" + "-".join(args))

    def _run(self, cmd: list[str], label: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        self._n += 1
        log = self.logs / f"{self._n:02d}-{label.replace('/', '_').replace(':', '.')[:80]}.log"
        started = time.monotonic()
        proc = subprocess.run(cmd, cwd=ROOT, env={**self.env, **(env or {})}, capture_output=True,
                              text=True, timeout=900)
        log.write_text(f"$ {' '.join(cmd)}\n# {time.monotonic() - started:.1f}s, exit {proc.returncode}\n"
                       f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}")
        if proc.returncode:
            raise AssertionError(f"{' '.join(cmd)} failed (exit {proc.returncode}); log {log}\n"
                                 f"{(proc.stdout + proc.stderr)[-4000:]}")
        return proc

    def query(self, sql: str, *params) -> list[tuple]:
        with closing(psycopg2.connect(self.dsn)) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    def query_commit(self, sql: str, params: tuple = ()) -> None:
        with closing(psycopg2.connect(self.dsn)) as conn:
            with conn, conn.cursor() as cur:
                cur.execute(sql, params)


def ensure_plugins_installed() -> None:
    """`make test` installs the plugins first; a bare pytest run installs what is missing."""
    if all((ROOT / p / "venv" / "bin").exists() for p in PLUGIN_VENVS):
        return
    subprocess.run([str(BIN / "meltano"), "install"], cwd=ROOT, check=True, timeout=1200,
                   env={**os.environ, "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false"})
