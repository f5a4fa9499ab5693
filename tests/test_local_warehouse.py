"""The project-local warehouse: created, started, reused, stopped — and bypassed when a
connection is configured."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest

from target_warehouse.connection import connect_args
from target_warehouse.local import LocalCluster, find_pg_bin, warehouse_env
from tests.harness.meltano import BIN, ROOT, isolated_env

WAREHOUSE = [sys.executable, "-m", "target_warehouse.local"]


@pytest.fixture
def cluster_dir():
    # Not pytest's tmp_path: its parents are private to us, and the server runs as
    # `postgres` when the tests run as root.
    path = Path(tempfile.mkdtemp(prefix="local-warehouse-"))
    yield path
    LocalCluster(path).destroy()


def run(*args, env=None):
    return subprocess.run([*WAREHOUSE, *args], capture_output=True, text=True, env=env, timeout=120)


def test_server_binaries_are_found():
    assert (find_pg_bin() / "initdb").exists()


def test_lifecycle_keeps_data_between_runs(cluster_dir):
    env = {**os.environ, "WAREHOUSE_LOCAL_DIR": str(cluster_dir)}
    env.pop("WAREHOUSE_DSN", None), env.pop("WAREHOUSE_HOST", None)
    assert run("status", env=env).returncode == 3  # not created yet

    started = run("env", env=env)
    assert started.returncode == 0, started.stderr
    exports = dict(line.removeprefix("export ").split("=", 1) for line in started.stdout.splitlines())
    assert exports["WAREHOUSE_HOST"] == "127.0.0.1"
    dsn = run("dsn", env=env).stdout.strip()
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        cur.execute("create table kept (x int); insert into kept values (42)")
        conn.commit()
        cur.execute("show listen_addresses")
        assert cur.fetchone()[0] == "127.0.0.1"

    assert run("stop", env=env).returncode == 0
    assert run("status", env=env).returncode == 3
    assert run("start", env=env).stdout.strip() == dsn  # same port, same data
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        cur.execute("select x from kept")
        assert cur.fetchone() == (42,)


def test_configured_warehouse_starts_nothing(tmp_path):
    env = {**os.environ, "WAREHOUSE_LOCAL_DIR": str(tmp_path / "never"), "WAREHOUSE_HOST": "db.example.com",
           "WAREHOUSE_PORT": "6543", "WAREHOUSE_USER": "loader", "WAREHOUSE_DATABASE": "dw"}
    out = run("env", env=env)
    assert out.returncode == 0, out.stderr
    assert "export WAREHOUSE_HOST=db.example.com" in out.stdout
    assert "export WAREHOUSE_PORT=6543" in out.stdout
    assert not (tmp_path / "never").exists()


def _without_warehouse(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if not k.startswith("WAREHOUSE_") or k == "WAREHOUSE_LOCAL_DIR"}


def test_dbt_finds_the_project_local_warehouse_by_itself(cluster_dir, tmp_path):
    """Every dbt entry point (meltano invoke / run / run.sh) goes through dbt-warehouse, which
    resolves the connection with the loader's own code: nothing to export by hand."""
    env = _without_warehouse(isolated_env(tmp_path / "meltano-sys", MELTANO_ENVIRONMENT="dev",
                                          WAREHOUSE_LOCAL_DIR=str(cluster_dir),
                                          DBT_LOG_PATH=str(tmp_path / "dbt-logs")))
    proc = subprocess.run([BIN / "meltano", "invoke", "dbt-postgres:debug"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Connection test: [OK connection ok]" in proc.stdout
    assert f"port: {LocalCluster(cluster_dir).port}" in proc.stdout  # the cluster it started


def test_loader_and_dbt_resolve_the_same_connection(monkeypatch):
    monkeypatch.setenv("WAREHOUSE_DSN", "postgresql://loader:s3cr%40t@db.example.com:6543/dw?sslmode=verify-full")
    dsn, kwargs = connect_args({})
    assert warehouse_env() == {"WAREHOUSE_HOST": "db.example.com", "WAREHOUSE_PORT": "6543",
                               "WAREHOUSE_USER": "loader", "WAREHOUSE_DATABASE": "dw",
                               "WAREHOUSE_PASSWORD": "s3cr@t", "WAREHOUSE_SSLMODE": "verify-full"}
    assert dsn == os.environ["WAREHOUSE_DSN"] and "sslmode" not in kwargs  # the loader: the same URI


def test_prod_never_starts_a_local_warehouse(tmp_path):
    env = _without_warehouse({**os.environ, "MELTANO_ENVIRONMENT": "prod", "WAREHOUSE_LOCAL_DIR": str(tmp_path / "x")})
    proc = run("env", env=env)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        "warehouse: prod needs the warehouse connection: set WAREHOUSE_HOST (and WAREHOUSE_PORT, _USER, "
        "_PASSWORD, _DATABASE, _SSLMODE) or WAREHOUSE_DSN"]
    assert not (tmp_path / "x").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="only root hands the cluster to the postgres user")
def test_cluster_below_a_private_directory_moves_where_the_server_can_reach(tmp_path):
    # tmp_path's parents are 0700, like a checkout in `mktemp -d`: postgres cannot get through
    origin = tmp_path / "checkout" / ".warehouse"
    env = {**_without_warehouse(os.environ), "WAREHOUSE_LOCAL_DIR": str(origin)}
    try:
        started = run("env", env=env)
        assert started.returncode == 0, started.stderr
        moved = (origin / "moved-to").read_text().strip()
        assert moved.startswith("/var/tmp/crm-warehouse-")
        assert f"the postgres user cannot reach {origin} (a parent directory is private); keeping the cluster in " \
               f"{moved}" in started.stderr
        assert run("status", env=env).stdout.startswith(f"running: {moved} ")
    finally:
        run("destroy", env=env)
    assert not Path(moved).exists()


@pytest.mark.parametrize("command", [["make", "warehouse-start"], ["orchestrate/run.sh", "genius_el"]])
def test_a_failed_warehouse_start_stops_with_one_line(command):
    env = {**_without_warehouse(os.environ), "WAREHOUSE_LOCAL_DIR": "/dev/null/warehouse", "MELTANO_ENVIRONMENT": "dev"}
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    said = [line for line in proc.stderr.splitlines() if line.startswith("warehouse:")]
    assert said == ["warehouse: [Errno 20] Not a directory: '/dev/null/warehouse'; point WAREHOUSE_HOST (and _PORT, "
                    "_USER, _PASSWORD, _DATABASE) at a PostgreSQL server, or WAREHOUSE_LOCAL_DIR at a directory the "
                    "server user can write"], proc.stderr
    assert "unbound variable" not in proc.stderr and "Traceback" not in proc.stderr
