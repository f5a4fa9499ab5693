"""Create ``orchestrate/airflow/.venv`` with Airflow 3 if it is missing; print its python.

Uses uv (installed in the project's dev venv by ``make bootstrap``) because it resolves and
installs Airflow's ~130 packages in seconds; plain pip takes minutes.  Safe to call from
several processes: a lock file serialises creation, and a marker file written last means
"complete" (a half-built venv is rebuilt).
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
REQUIREMENTS = HERE / "requirements.txt"
MARKER = VENV / ".complete"


def uv() -> str:
    local = Path(sys.executable).parent / "uv"
    found = str(local) if local.exists() else shutil.which("uv")
    if not found:
        raise SystemExit("uv not found: run `make bootstrap` (it installs uv into .venv)")
    return found


def ensure() -> Path:
    python = VENV / "bin" / "python"
    HERE.joinpath(".venv.lock").touch()
    with open(HERE / ".venv.lock") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if MARKER.exists() and MARKER.read_text() == REQUIREMENTS.read_text():
            return python
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([uv(), "venv", "--quiet", "--python", sys.executable, str(VENV)], check=True)
        subprocess.run([uv(), "pip", "install", "--quiet", "--python", str(python), "-r", str(REQUIREMENTS)],
                       check=True)
        MARKER.write_text(REQUIREMENTS.read_text())
    return python


if __name__ == "__main__":
    print(ensure())
