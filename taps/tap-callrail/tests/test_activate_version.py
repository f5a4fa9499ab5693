"""Full-table streams retire deleted rows only after a whole run succeeded (tap_common.versions).

A run that fails in the middle of one account's tags must leave every row live, also the tags
of accounts not re-read yet and the one deleted at CallRail meanwhile; the next good run then
marks exactly that tag deleted.
"""

from __future__ import annotations

from contextlib import closing

import psycopg2
import pytest

from tests.harness.pipeline import PipelineError, run_pipeline

from .conftest import tap_config

SCHEMA = "callrail"
FULL_TABLE = ("accounts", "companies", "trackers", "tags", "users")


def deleted_ids(dsn: str) -> dict[str, set[str]]:
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor() as cur:
        found = {}
        for stream in FULL_TABLE:
            cur.execute(f'SELECT id::text FROM {SCHEMA}."{stream}" WHERE _sdc_deleted_at IS NOT NULL')
            found[stream] = {row[0] for row in cur.fetchall()}
        return found


def test_a_run_failing_midway_marks_nothing_deleted(fresh_sandbox, accounts, warehouse_dsn):
    sandbox = fresh_sandbox
    sandbox.configure("callrail", max_per_page=3)  # several pages of tags per account
    config = tap_config(sandbox, backoff_max_tries=2)
    state = run_pipeline("tap-callrail", config, warehouse_dsn, SCHEMA)
    assert deleted_ids(warehouse_dsn) == {stream: set() for stream in FULL_TABLE}

    first, second = accounts[0]["id"], accounts[1]["id"]
    gone = next(t for t in sandbox.dump("callrail", "tags") if t["account_id"] == first)
    sandbox.mutate("callrail", {"action": "delete", "object": "tags", "ids": [gone["id"]]})
    # The second account's tags fail after their first page: a run dying midway through.
    sandbox.faults([{"vendor": "callrail", "fault": "status", "status": 500,
                     "path": f"/a/{second}/tags\\.json$", "skip": 1, "times": None}])
    with pytest.raises(PipelineError) as failed:
        run_pipeline("tap-callrail", config, warehouse_dsn, SCHEMA, state=state)
    assert "ACTIVATE_VERSION" not in failed.value.target_stderr
    assert sandbox.fault_report()[0]["fired"] >= 1
    assert deleted_ids(warehouse_dsn) == {stream: set() for stream in FULL_TABLE}

    sandbox.faults([])
    run_pipeline("tap-callrail", config, warehouse_dsn, SCHEMA, state=failed.value.state or state)
    assert deleted_ids(warehouse_dsn) == {**{stream: set() for stream in FULL_TABLE}, "tags": {str(gone["id"])}}
