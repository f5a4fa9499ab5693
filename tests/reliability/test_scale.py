"""Scale: one Genius table of 5,000,000 rows end to end (``meltano run tap-genius
target-warehouse``), every process under 300 MB peak RSS, the time reported.

The seeded ``appointment`` table is multiplied inside MariaDB (``seq_1_to_N``, copies of the
seeded rows with new ids, three rows per ``updated_at`` second so page boundaries fall inside
runs of equal timestamps).  Peak RSS is the kernel's high-water mark (``VmHWM``) of every
process of the run — Meltano, the tap and the target — sampled every 0.2 s.  Source and
warehouse are compared by count, distinct keys and checksums of ids and timestamps.
Reduced mode: 50,000 rows; full mode (``RELIABILITY_FULL=1``): 5,000,000.
"""

from __future__ import annotations

import json
import time

import sqlalchemy as sa

from tests.harness.chaos import ProcessWatcher, full_mode
from tests.harness.pgcheck import create_database, drop_database, query
from tests.reliability.genius_source import create_mysql_database, drop_mysql_database
from tests.reliability.meltano_project import IsolatedMeltano, ensure_installed

ROWS = 5_000_000 if full_mode() else 50_000
LIMIT_MB = 300
CHUNK = 500_000
TEMPLATES = 100


def _multiply(url: str, rows: int) -> None:
    """Make ``appointment`` hold exactly ``rows`` rows (seeded rows as templates)."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        columns = [c for (c,) in conn.exec_driver_sql(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
            "AND table_name = 'appointment' ORDER BY ordinal_position")]
        conn.exec_driver_sql(f"CREATE TABLE tpl AS SELECT a.*, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn "
                             f"FROM appointment a ORDER BY id LIMIT {TEMPLATES}")
        conn.exec_driver_sql("DELETE FROM appointment")
    exprs = {"id": "s.seq", "updated_at": "TIMESTAMP('2024-01-01') + INTERVAL (s.seq DIV 3) SECOND"}
    select = ", ".join(exprs.get(c, f"t.`{c}`") for c in columns)
    for start in range(1, rows + 1, CHUNK):
        end = min(start + CHUNK - 1, rows)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"INSERT INTO appointment ({', '.join(f'`{c}`' for c in columns)}) "
                                 f"SELECT {select} FROM seq_{start}_to_{end} s JOIN tpl t ON t.rn = s.seq %% {TEMPLATES}")
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE tpl")
    engine.dispose()


def test_one_big_table_end_to_end_in_bounded_memory(mysql_server_url, pg_server_dsn, ledger, tmp_path):
    ensure_installed(["tap-genius", "target-warehouse"])
    url = create_mysql_database(mysql_server_url, "rel_scale")
    dsn = create_database(pg_server_dsn, "rel_scale")
    try:
        from crm_sandbox.genius.seed import seed

        seed(url, scale=0.05, seed=7)
        started = time.monotonic()
        _multiply(url, ROWS)
        seeded = time.monotonic() - started
        meltano = IsolatedMeltano(tmp_path / "meltano-sys", {
            "TAP_GENIUS_SQLALCHEMY_URL": url, "TAP_GENIUS__SELECT_FILTER": json.dumps(["appointments"]),
            "TARGET_WAREHOUSE_SQLALCHEMY_URL": dsn})
        with ledger.scenario("scale", f"{ROWS:,}-row appointments via meltano run") as record:
            watcher = ProcessWatcher(str(meltano.sys_dir), interval=0.2)
            watcher.start()
            try:
                run = meltano.run("run", "tap-genius", "target-warehouse", timeout=7200)
            finally:
                watcher.stop()
            peaks = watcher.peak_by_name()
            assert run.returncode == 0, run.stderr[-4000:]
            engine = sa.create_engine(url)
            with engine.connect() as conn:
                src = conn.exec_driver_sql("SELECT count(*), count(DISTINCT id), sum(id), "
                                           "sum(unix_timestamp(convert_tz(updated_at, '+00:00', @@session.time_zone))) "
                                           "FROM appointment").one()
            engine.dispose()
            dst = query(dsn, "SELECT count(*), count(DISTINCT id), sum(id), sum(extract(epoch FROM updated_at))::bigint "
                             "FROM genius.appointments WHERE _sdc_deleted_at IS NULL")[0]
            record.lost = max(0, src[1] - dst[1])
            record.duplicated = dst[0] - dst[1]
            rate = ROWS / run.seconds
            record.note = (f"{run.seconds:.0f}s end to end ({rate:,.0f} rows/s; seeding {seeded:.0f}s); "
                           f"peak RSS MB: {peaks}")
            ledger.notes.append(f"scale: {ROWS:,} rows of genius.appointments in {run.seconds:.0f}s "
                                f"({rate:,.0f} rows/s) via meltano run; peak RSS MB {peaks}")
            assert {"meltano", "tap-genius", "target-warehouse"} <= set(peaks), f"processes not seen: {peaks}"
            assert [int(v) for v in src] == [int(v) for v in dst], f"source {src} != warehouse {dst}"
            over = {name: mb for name, mb in peaks.items() if mb >= LIMIT_MB}
            assert not over, f"peak RSS at or over {LIMIT_MB} MB: {over}"
    finally:
        drop_database(pg_server_dsn, dsn)
        drop_mysql_database(url)
