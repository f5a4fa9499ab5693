"""Crash safety: kill -9 of the target, of the tap, and a warehouse restart, at seeded points.

Each kill point: a fresh warehouse database; ``tap-genius | target-warehouse`` killed at an
exact position of the message stream (see ``tests/harness/chaos.py``); every STATE checked
against the committed rows at the moment it is emitted; sometimes the source changes before
the next run; then the next normal run resumes from the last STATE that was emitted (what
Meltano would have saved) and the warehouse must equal the source: no row lost, none
duplicated, none stale.  Reduced mode: 1 point per scenario; full mode: 24.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest

from tests.harness.chaos import full_mode, kill_points, run_chaos, tap_command
from tests.harness.pgcheck import OwnCluster, create_database, drop_database, query
from tests.harness.services import unavailable
from tests.reliability.genius_source import GeniusSource

SEED = 20240611
POINTS = 24 if full_mode() else 1
TARGET = {"default_target_schema": "genius", "batch_size_rows": 250}
SCENARIOS = {"target": "crash: kill -9 target", "tap": "crash: kill -9 tap",
             "warehouse": "crash: warehouse restart"}


@pytest.fixture(scope="module")
def source(genius_db, tmp_path_factory):
    url, raw_catalog = genius_db
    genius = GeniusSource(url)
    genius.discover(tmp_path_factory.mktemp("crash"), raw_catalog)
    genius.total_lines = genius.estimated_lines()  # kill points are spread over this many lines
    yield genius
    genius.engine.dispose()


@pytest.fixture(scope="module")
def own_cluster():
    """A PostgreSQL cluster of our own: the machine's shared server must not be restarted."""
    own = OwnCluster(tempfile.mkdtemp(prefix="reliability-restart-pg-"))
    try:
        own.start()
    except Exception as exc:  # noqa: BLE001
        own.destroy()
        unavailable(f"cannot start a PostgreSQL cluster to restart: {exc}")
    yield own
    own.destroy()


def _server(victim: str, request) -> tuple[str, OwnCluster | None]:
    if victim == "warehouse":
        own = request.getfixturevalue("own_cluster")
        return own.dsn, own
    return request.getfixturevalue("pg_server_dsn"), None


@pytest.mark.parametrize("index", range(POINTS), ids=lambda i: f"point{i:02d}")
@pytest.mark.parametrize("victim", list(SCENARIOS))
def test_crash_then_resume_equals_source(victim, index, source, ledger, request, tmp_path):
    server, own = _server(victim, request)
    point = kill_points(victim, source.total_lines, POINTS, SEED)[index]
    rng = random.Random(f"{SEED}:{victim}:{index}")
    dsn = create_database(server)
    try:
        with ledger.scenario(SCENARIOS[victim], f"{index:02d} {point}") as record:
            restart = None
            if own is not None:
                mode = rng.choice(["immediate", "fast"])
                restart = lambda: own.restart(mode)
            config = {**TARGET, "sqlalchemy_url": dsn}
            truth = source.truth()
            crashed = run_chaos(tap_command("tap-genius", source.tap_config, tmp_path, catalog=source.catalog),
                                config, kill=point, restart=restart, on_state=source.state_checker(dsn, truth),
                                timeout=300)  # a loader that hangs instead of failing is caught too
            record.note = f"crash run: {crashed.describe()[:300]}"
            ledger.count(f"{SCENARIOS[victim]}: " + (
                "target killed" if crashed.killed == "target" else
                "target finished" if crashed.target_rc == 0 else "target failed with a clear message"))
            assert not crashed.state_errors, "bookmark ahead of committed rows:\n" + "\n".join(crashed.state_errors)
            assert (problem := crashed.clear_failure()) is None, problem

            if rng.random() < 1 / 3:  # the source moves on before the next run
                source.bump(remainder=rng.randrange(9))
                truth = source.truth()
            resumed = run_chaos(tap_command("tap-genius", source.tap_config, tmp_path,
                                            state=crashed.last_state, catalog=source.catalog),
                                config, on_state=source.state_checker(dsn, truth))
            record.note = f"resume run: {resumed.describe()[:300]}"
            assert resumed.ok, f"the run after the crash failed: {resumed.describe()}"
            assert not resumed.state_errors, "bookmark ahead of committed rows:\n" + "\n".join(resumed.state_errors)

            record.lost, record.duplicated, stale = _compare(source.truth(), source.warehouse(dsn))
            record.duplicated += source.duplicates(dsn)
            record.note = f"{record.lost} lost, {record.duplicated} duplicated, {stale} stale"
            assert (record.lost, record.duplicated, stale) == (0, 0, 0), record.note
    finally:
        drop_database(server, dsn)


def _compare(truth: dict, warehouse: dict) -> tuple[int, int, int]:
    lost = duplicated = stale = 0
    for stream, rows in truth.items():
        have = warehouse.get(stream, {})
        lost += sum(1 for k in rows if k not in have)
        duplicated += sum(1 for k in have if k not in rows)
        stale += sum(1 for k, v in rows.items() if k in have and have[k] != v)
    return lost, duplicated, stale


def test_unsigned_bigint_loads(genius_db, warehouse_dsn, ledger, tmp_path):
    """Genius ``lead.alternate_id`` is BIGINT UNSIGNED with values near 2**64 (issue 4: "unsigned
    BIGINT keeps its full range").  The tap declares ``maximum: 18446744073709551615``; the
    target must give such a column a type that holds it (numeric), not fail the whole job."""
    genius = GeniusSource(genius_db[0], streams=("leads",))
    genius.discover(tmp_path, genius_db[1])
    with ledger.scenario("control: clean loads", "Genius leads (unsigned BIGINT)"):
        outcome = run_chaos(tap_command("tap-genius", genius.tap_config, tmp_path, catalog=genius.catalog),
                            {**TARGET, "sqlalchemy_url": warehouse_dsn})
        assert outcome.ok, f"leads cannot be loaded at all: {outcome.failure_line()}"
        truth, have = genius.truth(), genius.warehouse(warehouse_dsn)
        assert _compare(truth, have) == (0, 0, 0)
    genius.engine.dispose()



def test_the_state_check_catches_a_loader_that_runs_ahead(source, pg_server_dsn, tmp_path):
    """Self-test of the oracle: a loader passing STATE on before committing must be caught."""
    dsn = create_database(pg_server_dsn)
    try:
        query(dsn, "CREATE SCHEMA genius")
        for f in source.facts.values():
            cols = ", ".join(f'"{k}" bigint' for k in f.keys)
            rk = f', "{f.replication_key}" timestamptz' if f.replication_key else ""
            query(dsn, f'CREATE TABLE genius."{f.name}" ({cols}{rk}, _sdc_deleted_at timestamptz)')
        wrong = run_chaos(tap_command("tap-genius", source.tap_config, tmp_path, catalog=source.catalog),
                          {"sqlalchemy_url": dsn}, target=str(Path(__file__).with_name("early_state_loader.py")),
                          on_state=source.state_checker(dsn, source.truth()))
        assert wrong.states, "the fake loader emitted no STATE"
        assert wrong.state_errors and "not committed" in wrong.state_errors[0], wrong.state_errors
    finally:
        drop_database(pg_server_dsn, dsn)


def test_local_warehouse_comes_back_on_the_same_port_after_a_restart(ledger):
    """After a restart the project-local warehouse must be where everybody's DSN says it is.

    ``target_warehouse.local.port_is_free`` binds without SO_REUSEADDR, so sessions the
    server closed at shutdown while their clients still hold them (server side in
    FIN-WAIT-2/TIME_WAIT) make the old port look taken, and ``start()`` moves the cluster to
    a new port — although PostgreSQL binds with SO_REUSEADDR and could take the old one back.
    """
    import psycopg2
    from target_warehouse.local import LocalCluster

    cluster = LocalCluster(tempfile.mkdtemp(prefix="reliability-local-port-"))
    with ledger.scenario("crash: warehouse restart", "project-local warehouse keeps its port"):
        try:
            dsn = cluster.start()
            open_sessions = [psycopg2.connect(dsn) for _ in range(3)]  # a loader mid-run, say
            for conn in open_sessions:
                conn.cursor().execute("SELECT 1")
            cluster.stop()  # the server closes those sessions; the loader has not noticed yet
            try:
                assert cluster.start() == dsn, f"restarted on another port: {dsn} → {cluster.dsn}"
            finally:
                for conn in open_sessions:
                    conn.close()
        finally:
            cluster.destroy()
