"""What a person sees during `make run` / `orchestrate/run.sh`: per-stream progress and each
step's end instead of Singer METRIC lines (kept in .meltano/logs/meltano.log), everything
back with `--log-level=debug`, one clear line for an expected failure, and the table that
ends the run.  Real Meltano, real plugins, in a private Meltano directory."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.harness.meltano import BIN, ROOT, isolated_env

pytestmark = pytest.mark.usefixtures("plugins_installed")


@pytest.fixture(scope="module")
def plugins_installed():
    if not (ROOT / ".meltano" / "extractors" / "tap-genius" / "venv").exists():
        pytest.fail("plugins are not installed: run `make meltano-install` (make test does it)", pytrace=False)


@pytest.fixture(scope="module")
def genius_source(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("genius") / "genius.sqlite"
    subprocess.run([BIN / "crm-sandbox", "genius-seed", "--url", f"sqlite:///{path}", "--scale", "0.05"],
                   check=True, capture_output=True)
    return f"sqlite:///{path}"


@pytest.fixture
def env(tmp_path, warehouse_dsn, genius_source) -> dict[str, str]:
    dsn = urlsplit(warehouse_dsn)
    env = isolated_env(tmp_path / "meltano-sys", MELTANO_ENVIRONMENT="dev", TAP_GENIUS_SQLALCHEMY_URL=genius_source,
                       TAP_GENIUS__SELECT_FILTER='["divisions", "prospects", "appointments"]',
                       WAREHOUSE_HOST=dsn.hostname, WAREHOUSE_PORT=str(dsn.port or 5432),
                       WAREHOUSE_USER=dsn.username or "postgres", WAREHOUSE_DATABASE=dsn.path.lstrip("/"))
    for name in ("WAREHOUSE_DSN", "WAREHOUSE_SSLMODE", "FORCE_COLOR"):
        env.pop(name, None)
    return env


def meltano(env: dict[str, str], *args: str, runner: str = "meltano") -> subprocess.CompletedProcess:
    command = [ROOT / "orchestrate" / "run.sh", *args] if runner == "run.sh" else [BIN / "meltano", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_console_shows_progress_and_the_log_file_keeps_the_metrics(env):
    proc = meltano(env, "run", "tap-genius", "target-warehouse")
    assert proc.returncode == 0, proc.stderr[-3000:]
    console = proc.stderr.splitlines()
    assert not [line for line in console if "METRIC" in line]
    assert any(re.search(r"tap-genius\s+prospects: [\d,]+ records in [\d.]+ s", line) for line in console), proc.stderr
    assert any("step 1 (ExtractLoadBlocks) finished in" in line for line in console)
    records = [json.loads(line) for line in (Path(env["MELTANO_SYS_DIR_ROOT"]) / "logs" / "meltano.log").open()]
    metrics = [r["metric_info"] for r in records if "metric_info" in r and r.get("name") == "tap-genius"]
    assert {"record_count", "sync_duration"} <= {m["metric"] for m in metrics}


def test_debug_brings_everything_back(env):
    proc = meltano(env, "--log-level=debug", "run", "tap-genius", "target-warehouse")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "record_count" in proc.stderr and "[debug" in proc.stderr


def test_run_sh_ends_with_the_table_of_every_stream(env):
    proc = meltano(env, "tap-genius", "target-warehouse", runner="run.sh")
    assert proc.returncode == 0, proc.stderr[-3000:]
    table = proc.stdout.splitlines()
    header = next(i for i, line in enumerate(table) if line.startswith("stream "))
    assert table[header].split() == ["stream", "rows", "inserted", "updated", "deleted", "seconds", "freshness"]
    rows = {line.split()[0]: line.split() for line in table[header + 2:] if line.startswith("genius.")}
    assert set(rows) == {"genius.divisions", "genius.prospects", "genius.appointments"}
    assert rows["genius.prospects"][1] == rows["genius.prospects"][2] != "0"  # a first load: all inserted
    assert float(rows["genius.prospects"][5]) >= 0


def test_wrong_password_is_one_clear_line(env, mysql_server_url):
    env = {**env, "TAP_GENIUS_SQLALCHEMY_URL": "mysql+pymysql://root:wrong@127.0.0.1:3306/genius"}
    proc = meltano(env, "run", "tap-genius", "target-warehouse")
    assert proc.returncode == 1
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert not any("Traceback" in line or line.lstrip().startswith("{") for line in lines), proc.stderr
    clear = [line for line in lines if "check TAP_GENIUS_USER and TAP_GENIUS_PASSWORD" in line]
    assert len(clear) == 1 and "[error" in clear[0], proc.stderr
    assert any("Catalog discovery failed: `tap-genius --discover` exited 1 (see above)" in line for line in lines)
    assert len(lines) <= 14, proc.stderr  # Meltano's own notes (version, state, …), the line, its verdict
