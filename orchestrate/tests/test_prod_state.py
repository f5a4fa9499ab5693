"""``prod`` keeps Meltano's system database (state, runs, run guard) in the warehouse, so a
runner that starts empty resumes from the last bookmarks and never overlaps a running job.

Each "runner" starts without MELTANO_DATABASE_URI, so run.sh builds it from WAREHOUSE_*
(orchestrate/systemdb.py); no local system database is involved, so nothing but the warehouse
carries state from one runner to the next (the plugin virtualenvs are shared only to save
install time).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest

from demo_project import DemoProject, create_database, drop_database, ensure_plugins_installed

SCALE = 0.05
STATE_ID = "prod:tap-callrail-to-target-warehouse"


@pytest.fixture(scope="module")
def runners(pg_server_dsn, sandbox_url, tmp_path_factory):
    ensure_plugins_installed()
    dsn = create_database(pg_server_dsn)
    tmp_path = tmp_path_factory.mktemp("prod-state")

    def runner(name: str) -> DemoProject:
        project = DemoProject(dsn, sandbox_url, tmp_path / name)
        project.env["MELTANO_ENVIRONMENT"] = "prod"
        del project.env["MELTANO_DATABASE_URI"]
        return project

    try:
        yield runner
    finally:
        drop_database(pg_server_dsn, dsn)


def test_state_lives_in_the_warehouse_and_a_fresh_runner_resumes(runners):
    first = runners("runner-1")
    first.run("tap-callrail", "target-warehouse")
    assert ("meltano", "state") in set(first.query(
        "select table_schema, table_name from information_schema.tables where table_schema = 'meltano'"))
    (completed,) = first.query("select completed_state from meltano.state where state_id = %s", STATE_ID)[0]
    assert json.loads(completed)["singer_state"]["bookmarks"], completed
    calls = first.query("select count(*), max(_sdc_batched_at) from callrail.calls")[0]

    second = runners("runner-2")  # an empty machine: nothing local but the checkout
    second.run("tap-callrail", "target-warehouse")
    reread = second.query("select count(*) from callrail.calls where _sdc_batched_at > %s", calls[1])[0][0]
    assert reread < calls[0]  # resumed from the bookmark (only the lookback window is re-read)
    runs = second.query("select count(*) from meltano.runs where job_name = %s and state = 'SUCCESS'", STATE_ID)
    assert runs[0][0] == 2


def test_a_second_run_of_the_same_job_is_refused_while_one_is_running(runners):
    project = runners("runner-3")  # the system tables exist: the test above ran twice
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)  # Meltano stores naive UTC
    project.query_commit(
        "insert into meltano.runs (id, job_name, run_id, state, started_at, last_heartbeat_at, payload, "
        "payload_flags, trigger) values (%s, %s, %s, 'RUNNING', %s, %s, '{}', 0, 'test')",
        (2**31 - 1, STATE_ID, str(uuid.uuid4()), now, now))
    with pytest.raises(AssertionError, match="already running"):
        runners("runner-4").run("tap-callrail", "target-warehouse")
