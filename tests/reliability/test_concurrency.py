"""Concurrency: two runs of the same job started together.

* Loader level: two ``tap-genius | target-warehouse`` pipelines of the same job, same
  warehouse, started at the same instant (first sync, then a delta from the same state).
  Each must finish or fail with a clear message; no STATE may be ahead of committed rows;
  the warehouse ends equal to the source — nothing lost, nothing duplicated.
* Job level: two ``orchestrate/run.sh tap-genius target-warehouse`` (what CI and Airflow
  call) on one machine, same system database, started together.  The promise (issue 8 §6):
  the second waits or refuses with a clear message — the two never load at the same time.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading

import pytest

from tests.harness.chaos import ProcessWatcher, full_mode, run_chaos, tap_command
from tests.harness.pgcheck import create_database, drop_database
from tests.reliability.genius_source import GeniusSource
from tests.reliability.meltano_project import ROOT, IsolatedMeltano, ensure_installed

TARGET = {"default_target_schema": "genius", "batch_size_rows": 200}
JOB_STREAMS = ("quotes", "jobs", "job_statuses")
ROUNDS = 4 if full_mode() else 1  # the race between two Meltano start-ups is probed this often
# Meltano's own guard, or orchestrate/run.sh's per-job lock ("... already in progress ...").
REFUSAL = re.compile(r"already running|already in progress|another .* is running|locked|waiting for",
                     re.IGNORECASE)


@pytest.fixture(scope="module")
def source(genius_db, tmp_path_factory):
    url, raw_catalog = genius_db
    genius = GeniusSource(url)
    genius.discover(tmp_path_factory.mktemp("concurrency"), raw_catalog)
    yield genius
    genius.engine.dispose()


def _together(*jobs):
    """Run the callables at the same instant; return their results in order."""
    results: list = [None] * len(jobs)
    barrier = threading.Barrier(len(jobs))

    def go(i, job):
        barrier.wait()
        results[i] = job()

    threads = [threading.Thread(target=go, args=(i, j)) for i, j in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _compare(source: GeniusSource, dsn: str) -> tuple[int, int, int]:
    truth, have = source.truth(), source.warehouse(dsn)
    lost = sum(1 for s, rows in truth.items() for k in rows if k not in have.get(s, {}))
    extra = sum(1 for s, rows in have.items() for k in rows if k not in truth.get(s, {}))
    stale = sum(1 for s, rows in truth.items() for k, v in rows.items() if k in have.get(s, {}) and have[s][k] != v)
    return lost, extra + source.duplicates(dsn), stale


def test_two_pipelines_of_one_job_at_once(source, pg_server_dsn, ledger, tmp_path):
    dsn = create_database(pg_server_dsn, "rel_concurrent")
    config = {**TARGET, "sqlalchemy_url": dsn}
    try:
        state = None
        for phase in ("first sync", "delta after changes")[:2 if full_mode() else 1]:
            with ledger.scenario("concurrency", f"two pipelines at once: {phase}") as record:
                if state is not None:
                    source.bump(remainder=3)
                truth = source.truth()
                checker = source.state_checker(dsn, truth)

                def one_run(workdir, start=state, check=checker):
                    workdir.mkdir(exist_ok=True)
                    return run_chaos(tap_command("tap-genius", source.tap_config, workdir, state=start,
                                                 catalog=source.catalog), config, on_state=check)

                outcomes = _together(lambda: one_run(tmp_path / "a"), lambda: one_run(tmp_path / "b"))
                for outcome in outcomes:
                    assert not outcome.state_errors, outcome.state_errors
                    assert (problem := outcome.clear_failure()) is None, problem
                record.note = "; ".join(f"exit {o.tap_rc}/{o.target_rc}" for o in outcomes)
                states = [o.last_state for o in outcomes if o.last_state]
                # Whatever happened, the next normal run leaves warehouse == source.
                after = run_chaos(tap_command("tap-genius", source.tap_config, tmp_path,
                                              state=states[-1] if states else state, catalog=source.catalog),
                                  config, on_state=source.state_checker(dsn, truth))
                assert after.ok, after.describe()
                record.lost, record.duplicated, stale = _compare(source, dsn)
                assert (record.lost, record.duplicated, stale) == (0, 0, 0)
                for o in outcomes:  # finishing and failing cleanly are both allowed; count which
                    ledger.count("concurrency: loader-level runs that " + (
                        "finished" if o.ok else "failed with a clear message"))
                state = after.last_state
    finally:
        drop_database(pg_server_dsn, dsn)


def test_two_meltano_runs_of_one_job_never_load_at_once(source, pg_server_dsn, ledger, tmp_path):
    ensure_installed(["tap-genius", "target-warehouse"])
    dsn = create_database(pg_server_dsn, "rel_concurrent_job")
    meltano = IsolatedMeltano(tmp_path / "meltano-sys", {
        "TAP_GENIUS_SQLALCHEMY_URL": source.url, "TAP_GENIUS__SELECT_FILTER": json.dumps(JOB_STREAMS),
        "TARGET_WAREHOUSE_SQLALCHEMY_URL": dsn})
    prepared = meltano.run("state", "list")  # an existing project: its system database is set up
    assert prepared.returncode == 0, prepared.stderr[-3000:]
    try:
        for round_ in range(ROUNDS):
            with ledger.scenario("concurrency", f"two `orchestrate/run.sh` of one job at once, round {round_ + 1}") \
                    as record:
                if round_:
                    source.bump(remainder=round_)
                watcher = ProcessWatcher(str(meltano.sys_dir), interval=0.05)
                watcher.start()
                try:
                    runs = _together(*(lambda: _run_sh(meltano) for _ in range(2)))
                finally:
                    watcher.stop()
                record.note = f"loaders alive at once: {watcher.most_at_once}; " + "; ".join(
                    f"exit {rc}: {err.strip().splitlines()[-1][-160:] if err.strip() else ''}" for rc, err in runs)
                for rc, err in runs:
                    assert rc == 0 or REFUSAL.search(err), f"a run failed without a clear refusal:\n{err[-3000:]}"
                assert any(rc == 0 for rc, _ in runs), "neither run loaded"
                truth, have = source.truth(), source.warehouse(dsn)
                record.lost = sum(1 for s in JOB_STREAMS for k in truth[s] if k not in have.get(s, {}))
                stale = sum(1 for s in JOB_STREAMS for k, v in truth[s].items() if k in have[s] and have[s][k] != v)
                record.duplicated = source.duplicates(dsn, JOB_STREAMS)
                assert (record.lost, record.duplicated, stale) == (0, 0, 0)
                assert watcher.most_at_once < 2, (
                    "GAP: both runs of the same job were loading at the same time; nothing made the second "
                    "wait or refuse (neither orchestrate/run.sh's per-job lock nor Meltano's 'already running' "
                    f"check held). {record.note}")
    finally:
        drop_database(pg_server_dsn, dsn)


def _run_sh(meltano: IsolatedMeltano) -> tuple[int, str]:
    proc = subprocess.run([str(ROOT / "orchestrate" / "run.sh"), "tap-genius", "target-warehouse"], cwd=ROOT,
                          env=meltano.env, capture_output=True, check=False, timeout=900)
    return proc.returncode, proc.stderr.decode(errors="replace")
