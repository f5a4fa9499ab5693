"""`meltano run tap-genius target-warehouse` end to end, the way `make run` does it:
a full load, a day of changes in the source, then an incremental run that moves only the
changed rows and leaves per-stream bookmarks in Meltano's state."""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import closing
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
import pytest
import sqlalchemy as sa

from tests.harness.meltano import isolated_env

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
STATE_ID = "dev:tap-genius-to-target-warehouse"


@pytest.fixture
def project_env(tmp_path, warehouse_dsn):
    if not (ROOT / ".meltano" / "extractors" / "tap-genius" / "venv").exists():
        pytest.fail("plugins are not installed: run `make meltano-install` (make test does it)", pytrace=False)
    dsn = urlsplit(warehouse_dsn)
    source = tmp_path / "genius.sqlite"
    seeded = subprocess.run([BIN / "crm-sandbox", "genius-seed", "--url", f"sqlite:///{source}",
                             "--scale", "0.2"], capture_output=True, text=True)
    assert seeded.returncode == 0, seeded.stderr
    # An isolated system directory and database: this test's run files and bookmarks never
    # touch the project's (a `make run` may be going on in this checkout).
    env = {**isolated_env(tmp_path / "meltano-sys"), "MELTANO_ENVIRONMENT": "dev",
           "TAP_GENIUS_SQLALCHEMY_URL": f"sqlite:///{source}",
           "WAREHOUSE_HOST": dsn.hostname, "WAREHOUSE_PORT": str(dsn.port or 5432),
           "WAREHOUSE_USER": dsn.username or "postgres", "WAREHOUSE_DATABASE": dsn.path.lstrip("/")}
    env.pop("WAREHOUSE_DSN", None)
    return env, source, warehouse_dsn


def meltano(env, *args):
    proc = subprocess.run([BIN / "meltano", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, f"meltano {' '.join(args)} failed:\n{proc.stderr[-4000:]}"
    return proc.stdout


def warehouse_counts(dsn, since=None):
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        cur.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'genius'")
        counts = {}
        for (table,) in cur.fetchall():
            cur.execute(f'SELECT count(*) FILTER (WHERE _sdc_batched_at >= %s) FROM genius."{table}"',
                        (since or datetime.min.replace(tzinfo=timezone.utc),))
            counts[table] = cur.fetchone()[0]
        return counts


def test_full_then_incremental_run(project_env):
    env, source, dsn = project_env
    meltano(env, "run", "tap-genius", "target-warehouse")

    loaded = warehouse_counts(dsn)
    assert len(loaded) == 30, sorted(loaded)
    engine = sa.create_engine(f"sqlite:///{source}")
    with engine.connect() as conn:
        assert loaded["prospects"] == conn.exec_driver_sql("select count(*) from prospect").scalar()
        assert loaded["leads"] == conn.exec_driver_sql("select count(*) from `lead`").scalar()
    total = sum(loaded.values())

    state = json.loads(meltano(env, "state", "get", STATE_ID))
    bookmarks = state["singer_state"]["bookmarks"]
    assert bookmarks["prospects"]["replication_key"] == "updated_at"
    assert bookmarks["prospects"]["replication_key_value"]

    mutated = subprocess.run([BIN / "crm-sandbox", "genius-mutate", "--url", f"sqlite:///{source}",
                              "--fraction", "0.01"], capture_output=True, text=True)
    assert mutated.returncode == 0, mutated.stderr
    since = datetime.now(timezone.utc)
    meltano(env, "run", "tap-genius", "target-warehouse")
    moved = warehouse_counts(dsn, since)
    incremental = sum(n for t, n in moved.items() if bookmarks.get(t, {}).get("replication_key"))
    assert 0 < incremental < 0.1 * total, moved
