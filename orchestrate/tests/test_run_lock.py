"""orchestrate/run.sh refuses a second concurrent run of a job in the same project, environment
and state backend — and nothing else: another job, environment or state backend (a test's
private system database beside a user's ``make run-all``) runs alongside."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RUN_SH = ROOT / "orchestrate" / "run.sh"


@pytest.fixture
def fake_bin(tmp_path) -> Path:
    """run.sh's bin directory with a stand-in meltano that, given HOLD, holds the lock a while."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec {sys.executable} "$@"\n')
    (bin_dir / "meltano").write_text('#!/bin/sh\n[ -n "$HOLD" ] && exec sleep 60\necho "meltano $*"\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return bin_dir


def env_for(fake_bin: Path, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "MELTANO_VENV_BIN": str(fake_bin), "MELTANO_SYS_DIR_ROOT": str(tmp_path / "sys"),
            "WAREHOUSE_HOST": "127.0.0.1", "MELTANO_ENVIRONMENT": "dev", "RUN_REPORT": "0",
            "MELTANO_DATABASE_URI": f"sqlite:///{tmp_path / 'sys' / 'meltano.db'}", **extra}


def wait_until_locked(lock_dir: Path) -> None:
    for _ in range(300):
        for lock in lock_dir.glob("*hold*.lock"):
            with open(lock) as fh:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return  # the holder has it
        time.sleep(0.1)
    raise AssertionError("run.sh never took its lock")


def run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RUN_SH, *args], env=env, capture_output=True, text=True, timeout=60)


def test_only_the_same_job_environment_and_state_backend_is_refused(fake_bin, tmp_path):
    env = env_for(fake_bin, tmp_path)
    holder = subprocess.Popen([RUN_SH, "hold"], env={**env, "HOLD": "1"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_until_locked(tmp_path / "sys" / "locks")
        refused = run(env, "hold")
        assert refused.returncode == 75
        assert refused.stderr.strip() == ("run.sh: 'hold' is already running in dev against this state backend; "
                                          "not starting another")

        assert run(env, "other").stdout.strip() == "meltano run other"  # another job
        other_backend = env_for(fake_bin, tmp_path, MELTANO_DATABASE_URI=f"sqlite:///{tmp_path / 'test.db'}")
        assert run(other_backend, "hold").stdout.strip() == "meltano run hold"  # e.g. a test's own system db
        other_environment = env_for(fake_bin, tmp_path, MELTANO_ENVIRONMENT="staging")
        assert run(other_environment, "hold").stdout.strip() == "meltano run hold"
        other_project = env_for(fake_bin, tmp_path, MELTANO_SYS_DIR_ROOT=str(tmp_path / "elsewhere"))
        assert run(other_project, "hold").stdout.strip() == "meltano run hold"
    finally:
        holder.kill()
        holder.wait()
