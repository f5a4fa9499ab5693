"""FULL_TABLE streams send ACTIVATE_VERSION once, after the run's last record (tap_common.versions).

The target retires every row of an older version when it receives one, so a version sent
before the rows (the SDK's default) lets a run that dies midway leave the rows it had not
re-sent yet marked deleted.  Here a run is cut off halfway through a full-table stream: no
row may be marked deleted, and the next complete run still marks the row deleted at the source.
"""

from __future__ import annotations

import json
import subprocess
from contextlib import closing
from pathlib import Path

import psycopg2
import pytest

from crm_sandbox.genius.mutate import mutate
from crm_sandbox.genius.seed import seed
from tap_genius.streams import STREAMS
from tests.harness.pipeline import BIN, run_pipeline

from .conftest import SCALE, SEED, TAP, discover, run_tap, select, source_rows

SCHEMA = "genius"
FULL_TABLE = [s.name for s in STREAMS if s.replication_column is None]
CUT_STREAM, CUT_AFTER = "job_financings", 8  # of its 16 rows at SCALE


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/genius.sqlite"
    seed(url, scale=SCALE, seed=SEED)
    return url


def test_versions_follow_every_record_of_the_run(mysql_config):
    catalog = select(discover(mysql_config), "job_change_order_reasons", "division_regions", "jobs")
    run = run_tap(mysql_config, catalog=catalog)
    ids = [r["id"] for r in source_rows(mysql_config["sqlalchemy_url"], "SELECT id FROM job_change_order_reason")]
    assert sorted(r["id"] for r in run.records["job_change_order_reasons"]) == sorted(ids)
    assert set(run.activations) == {"job_change_order_reasons", "division_regions"}  # jobs is incremental
    kinds = [m["type"] for m in run.messages]
    last_record = len(kinds) - 1 - kinds[::-1].index("RECORD")
    assert kinds.index("ACTIVATE_VERSION") > last_record
    for stream, versions in run.activations.items():
        assert len(versions) == 1, stream
        assert {m["version"] for m in run.messages
                if m["type"] == "RECORD" and m["stream"] == stream} == set(versions)
    assert run.state["bookmarks"].get("job_change_order_reasons", {}).get("replication_key_value") is None


def _cut_off_run(config: dict, dsn: str, state: dict, tmp: Path) -> int:
    """``tap-genius | target-warehouse``, the tap killed after CUT_AFTER rows of CUT_STREAM.

    Returns the target's exit status; what the tap wrote before the cut reaches the target.
    """
    (tmp / "tap.json").write_text(json.dumps(config))
    (tmp / "state.json").write_text(json.dumps(state))
    (tmp / "target.json").write_text(json.dumps({"sqlalchemy_url": dsn, "default_target_schema": SCHEMA}))
    with open(tmp / "target.err", "wb") as err:
        target = subprocess.Popen([str(BIN / "target-warehouse"), "--config", str(tmp / "target.json")],
                                  stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=err)
        tap = subprocess.Popen([TAP, "--config", str(tmp / "tap.json"), "--state", str(tmp / "state.json")],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        seen = 0
        for line in tap.stdout:
            target.stdin.write(line)
            message = json.loads(line)
            if message["type"] == "RECORD" and message["stream"] == CUT_STREAM:
                seen += 1
                if seen == CUT_AFTER:
                    break
        tap.kill()
        tap.wait(timeout=60)
        tap.stdout.close()
        target.stdin.close()
        assert seen == CUT_AFTER, "the run ended before the cut"
        return target.wait(timeout=120)


def _deleted(dsn: str) -> dict[str, int]:
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        counts = {}
        for stream in FULL_TABLE:
            cur.execute(f'SELECT count(*) FROM {SCHEMA}."{stream}" WHERE _sdc_deleted_at IS NOT NULL')
            counts[stream] = cur.fetchone()[0]
        return counts


def test_a_run_killed_midway_marks_no_row_deleted(sqlite_url, warehouse_dsn, tmp_path):
    config = {"sqlalchemy_url": sqlite_url, "page_size": 5}
    state = run_pipeline(["tap-genius"], config, warehouse_dsn, SCHEMA)
    none = dict.fromkeys(FULL_TABLE, 0)
    assert _deleted(warehouse_dsn) == none

    mutate(sqlite_url, fraction=0.01, seed=3)  # deletes one job_change_order_reason
    assert _cut_off_run(config, warehouse_dsn, state, tmp_path) == 0
    assert _deleted(warehouse_dsn) == none  # half of job_financings was not re-sent: still live
    with closing(psycopg2.connect(warehouse_dsn)) as conn, conn.cursor() as cur:
        cur.execute(f'SELECT count(*) FROM {SCHEMA}."{CUT_STREAM}"')
        assert cur.fetchone()[0] == len(source_rows(sqlite_url, "SELECT 1 FROM job_financing"))

    run_pipeline(["tap-genius"], config, warehouse_dsn, SCHEMA, state=state)
    assert _deleted(warehouse_dsn) == {**none, "job_change_order_reasons": 1}  # LOOKUP_DELETE
