"""Running the project's Meltano jobs in isolation: own system database, own run/log dirs.

``MELTANO_SYS_DIR_ROOT`` points at a temporary ``.meltano`` whose plugin folders are links to
the project's installed ones, so a test neither reads nor disturbs anybody else's state,
catalogs or run files (two Meltano processes of one project share ``.meltano/run/<plugin>/``;
see test_concurrency.py), and everything Meltano writes is in one place to inspect.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from tests.harness.chaos import BIN
from tests.harness.meltano import PLUGIN_DIRS, isolated_env, written_files

ROOT = Path(__file__).resolve().parents[2]


def defined_plugins(kind: str = "extractors") -> list[str]:
    """Plugins of ``kind`` defined in the project's ``*.meltano.yml`` files."""
    names = []
    includes = (yaml.safe_load((ROOT / "meltano.yml").read_text()) or {}).get("include_paths") or []
    for path in sorted({p for pattern in includes for p in ROOT.glob(pattern.removeprefix("./"))}):
        document = yaml.safe_load(path.read_text()) or {}
        names += [p["name"] for p in (document.get("plugins") or {}).get(kind) or []]
    return sorted(set(names))


def ensure_installed(plugins: list[str]) -> None:
    """`make test` installs the plugins first; a bare pytest run installs what is missing."""
    missing = [p for p in plugins if not any((ROOT / ".meltano" / d / p / "venv" / "bin").exists()
                                             for d in PLUGIN_DIRS)]
    if missing:
        subprocess.run([str(BIN / "meltano"), "install"], cwd=ROOT, check=True, timeout=1800, capture_output=True,
                       env={**os.environ, "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false"})


@dataclass
class MeltanoRun:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    started: float
    ended: float


class IsolatedMeltano:
    def __init__(self, sys_dir: Path, env: dict[str, str]) -> None:
        self.sys_dir = sys_dir
        self.env = isolated_env(sys_dir, MELTANO_ENVIRONMENT="dev", **env)
        for name in ("WAREHOUSE_DSN", "WAREHOUSE_HOST", "WAREHOUSE_SSLMODE"):
            self.env.pop(name, None)

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen([str(BIN / "meltano"), *args], cwd=ROOT, env=self.env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run(self, *args: str, timeout: float = 900) -> MeltanoRun:
        started = time.monotonic()
        proc = self.start(*args)
        out, err = proc.communicate(timeout=timeout)
        return MeltanoRun(proc.returncode, out.decode(errors="replace"), err.decode(errors="replace"),
                          time.monotonic() - started, started, time.monotonic())

    def written_files(self) -> list[Path]:
        """Everything Meltano wrote itself (plugin venvs are links and are left out)."""
        return written_files(self.sys_dir)
