"""orchestrate/run.sh refuses a second concurrent run of the same job on one machine."""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_second_run_of_the_same_job_is_refused(tmp_path):
    env = {**os.environ, "MELTANO_LOCK_DIR": str(tmp_path), "WAREHOUSE_HOST": "127.0.0.1"}
    with open(tmp_path / "genius_el.lock", "w") as held:  # a run in progress holds this
        fcntl.flock(held, fcntl.LOCK_EX)
        proc = subprocess.run([ROOT / "orchestrate" / "run.sh", "genius_el"], env=env,
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 75
    assert "already in progress" in proc.stderr


def test_another_job_is_not_blocked(tmp_path):
    env = {**os.environ, "MELTANO_LOCK_DIR": str(tmp_path), "WAREHOUSE_HOST": "127.0.0.1"}
    with open(tmp_path / "genius_el.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        # --help: gets past the lock and into meltano without running a pipeline
        proc = subprocess.run([ROOT / "orchestrate" / "run.sh", "--help"], env=env,
                              capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Usage" in proc.stdout
