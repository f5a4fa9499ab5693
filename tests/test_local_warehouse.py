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

from target_warehouse.local import LocalCluster, find_pg_bin

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
