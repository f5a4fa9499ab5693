"""Benchmark tap-genius: alone on a 1,000,000-row table next to pipelinewise-tap-mysql, the delta
after changing 1 % of the rows, and the end-to-end ``meltano run tap-genius target-warehouse``.

    .venv/bin/python bench/tap-genius/run.py                  # everything
    .venv/bin/python bench/tap-genius/run.py --skip-meltano   # the taps only

* The table (``make_table.sql``, MariaDB ``seq_1_to_1000000``) is a 10-column
  ``job_change_order_item`` in database ``genius_bench``; both taps read it incrementally by
  ``updated_at`` from an empty state, stdout to /dev/null.  Rows/s = rows / wall time of the
  process (start-up included); peak RSS from ``wait4``.
* pipelinewise-tap-mysql is installed from the package index into ``bench/.venvs/`` (git-ignored).
* Delta: ``UPDATE`` 1 % of the rows (new ``updated_at``), then each tap again with its own state.
* End to end: a Genius demo database (``crm-sandbox genius-seed --scale``, SQLite as ``make run``
  or ``--e2e-source mariadb``), loaded by ``meltano run --full-refresh tap-genius target-warehouse``
  into the configured (or project-local) warehouse, schema ``genius_bench``.

Results are printed and written to ``bench/tap-genius/data/results.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = ROOT / ".venv" / "bin"
PW_VENV = ROOT / "bench" / ".venvs" / "pipelinewise-tap-mysql"
DATABASE = "genius_bench"
TABLE = "job_change_order_item"
STREAM = "job_change_order_items"
COUNT = re.compile(r'"metric": ?"record_count", ?"value": ?(\d+)')


def run(args: list[str], *, stdout: object = subprocess.DEVNULL, env: dict | None = None) -> dict:
    """Run a process; wall time, peak RSS (MiB) and its stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=stdout, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        err.seek(0)
        stderr = err.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{args[0]} failed:\n{stderr[-3000:]}")
    rows = sum(int(n) for n in COUNT.findall(stderr))
    return {"seconds": round(seconds, 2), "rows": rows, "rows_per_s": round(rows / seconds) if seconds else 0,
            "peak_rss_mib": round(usage.ru_maxrss / 1024, 1), "stderr": stderr}


def last_state(path: Path) -> dict:
    state = None
    with path.open() as lines:  # streamed: a forked child's peak RSS starts from ours
        for line in lines:
            if '"STATE"' in line:
                state = json.loads(line)["value"]
    return state or {}


def prepare_table(server: str, rows: int) -> None:
    engine = sa.create_engine(server)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE IF NOT EXISTS {DATABASE} CHARACTER SET utf8mb4")
        have = conn.exec_driver_sql(
            "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s",
            (DATABASE, TABLE)).scalar()
    engine.dispose()
    if have is None or abs(have - rows) > rows * 0.1 or os.environ.get("BENCH_REBUILD"):
        url = sa.make_url(server)
        sql = (HERE / "make_table.sql").read_text().replace("seq_1_to_1000000", f"seq_1_to_{rows}")
        print(f"building {DATABASE}.{TABLE} with {rows:,} rows …", flush=True)
        subprocess.run(["mysql", "-h", url.host or "127.0.0.1", "-P", str(url.port or 3306), "-u", url.username or "root",
                        *([f"-p{url.password}"] if url.password else []), "--default-character-set=utf8mb4", DATABASE],
                       input=sql.encode(), check=True)


def ensure_pipelinewise() -> Path:
    exe = PW_VENV / "bin" / "tap-mysql"
    if not exe.exists():
        subprocess.run([str(BIN / "uv"), "venv", "--python", sys.executable, str(PW_VENV)], check=True)
        subprocess.run([str(BIN / "uv"), "pip", "install", "--python", str(PW_VENV / "bin" / "python"),
                        "pipelinewise-tap-mysql"], check=True)
    return exe


def genius_catalog(config: Path, out: Path) -> None:
    catalog = json.loads(subprocess.check_output([str(BIN / "tap-genius"), "--config", str(config), "--discover"],
                                                 stderr=subprocess.DEVNULL))
    for entry in catalog["streams"]:
        root = next(m for m in entry["metadata"] if m["breadcrumb"] == [])
        root["metadata"]["selected"] = entry["tap_stream_id"] == STREAM
    out.write_text(json.dumps(catalog))


def pipelinewise_catalog(exe: Path, config: Path, out: Path) -> None:
    catalog = json.loads(subprocess.check_output([str(exe), "--config", str(config), "--discover"],
                                                 stderr=subprocess.DEVNULL))
    for entry in catalog["streams"]:
        for item in entry["metadata"]:
            item["metadata"]["selected"] = True
            if item["breadcrumb"] == []:
                item["metadata"].update({"replication-method": "INCREMENTAL", "replication-key": "updated_at"})
    out.write_text(json.dumps(catalog))


def taps(server: str, rows: int, work: Path) -> dict:
    prepare_table(server, rows)
    url = sa.make_url(server)
    genius_config = work / "genius.json"
    genius_config.write_text(json.dumps({"sqlalchemy_url": url.set(database=DATABASE).render_as_string(False)}))
    pw_config = work / "pipelinewise.json"
    pw_config.write_text(json.dumps({"host": url.host or "127.0.0.1", "port": url.port or 3306,
                                     "user": url.username or "root", "password": url.password or "",
                                     "filter_dbs": DATABASE}))
    pw = ensure_pipelinewise()
    genius_catalog(genius_config, work / "genius_catalog.json")
    pipelinewise_catalog(pw, pw_config, work / "pw_catalog.json")
    genius = [str(BIN / "tap-genius"), "--config", str(genius_config), "--catalog", str(work / "genius_catalog.json")]
    pipelinewise = [str(pw), "--config", str(pw_config), "--properties", str(work / "pw_catalog.json")]

    results: dict = {}
    with open(os.devnull, "wb") as null:
        results["tap-genius"] = run(genius, stdout=null)
        results["pipelinewise-tap-mysql"] = run(pipelinewise, stdout=null)
    # states for the delta: one more run each, stdout kept
    for name, cmd in (("tap-genius", genius), ("pipelinewise-tap-mysql", pipelinewise)):
        with open(work / f"{name}.out", "wb") as out:
            run(cmd, stdout=out)
    engine = sa.create_engine(url.set(database=DATABASE))
    with engine.begin() as conn:  # 1 % of the rows change in one bulk update, one second
        changed = conn.exec_driver_sql(
            f"UPDATE {TABLE} SET amount = amount + 1, updated_at = "
            f"(SELECT m FROM (SELECT MAX(updated_at) + INTERVAL 1 HOUR AS m FROM {TABLE}) x) WHERE MOD(id, 100) = 7").rowcount
    engine.dispose()
    for name, cmd, flag in (("tap-genius", genius, "--state"), ("pipelinewise-tap-mysql", pipelinewise, "--state")):
        state = work / f"{name}.state.json"
        state.write_text(json.dumps(last_state(work / f"{name}.out")))
        with open(os.devnull, "wb") as null:
            results[f"{name} delta"] = run([*cmd, flag, str(state)], stdout=null)
    results["delta changed rows"] = changed
    return results


def meltano(server: str, scale: float, source: str) -> dict:
    if source == "sqlite":  # what `make run` loads (the dev environment's demo source)
        path = HERE / "data" / "genius.sqlite"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        demo = f"sqlite:///{path}"
    else:
        url, name = sa.make_url(server), "genius_bench_demo"
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
            conn.exec_driver_sql(f"CREATE DATABASE {name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        engine.dispose()
        demo = url.set(database=name).render_as_string(False)
    subprocess.run([str(BIN / "crm-sandbox"), "genius-seed", "--url", demo, "--scale", str(scale)], check=True,
                   stdout=subprocess.DEVNULL)
    env = {**os.environ, "MELTANO_PROJECT_ROOT": str(ROOT), "TAP_GENIUS_SQLALCHEMY_URL": demo,
           "TARGET_WAREHOUSE_DEFAULT_TARGET_SCHEMA": "genius_bench", "PATH": f"{BIN}:{os.environ['PATH']}"}
    subprocess.run([str(BIN / "meltano"), "install", "extractor", "tap-genius"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([str(BIN / "meltano"), "install", "loader", "target-warehouse"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    cmd = [str(BIN / "meltano"), "run", "--full-refresh", "--state-id-suffix", "bench", "tap-genius", "target-warehouse"]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"meltano run failed:\n{done.stderr[-3000:]}")
    rows = sum(int(n) for n in re.findall(r'record_count[^0-9]*"value"[^0-9]*(\d+)', done.stderr))
    return {"source": source, "scale": scale, "seconds": round(seconds, 1), "rows": rows,
            "rows_per_s": round(rows / seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mysql", default="mysql+pymysql://root@127.0.0.1:3306/", help="server URL (no database)")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--scale", type=float, default=10.0, help="Genius demo size for the meltano run")
    parser.add_argument("--e2e-source", choices=("sqlite", "mariadb"), default="sqlite",
                        help="source of the meltano run: the SQLite demo (as `make run`) or MariaDB")
    parser.add_argument("--skip-meltano", action="store_true")
    parser.add_argument("--skip-taps", action="store_true")
    args = parser.parse_args()
    results: dict = {}
    if not args.skip_taps:
        with tempfile.TemporaryDirectory(prefix="bench-genius-") as tmp:
            results.update(taps(args.mysql, args.rows, Path(tmp)))
    if not args.skip_meltano:
        results["meltano run tap-genius target-warehouse"] = meltano(args.mysql, args.scale, args.e2e_source)
    for value in results.values():
        if isinstance(value, dict):
            value.pop("stderr", None)
    (HERE / "data").mkdir(exist_ok=True)
    (HERE / "data" / "results.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
