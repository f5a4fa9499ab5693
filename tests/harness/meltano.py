"""Meltano for tests, isolated from whoever else uses the same checkout.

``MELTANO_SYS_DIR_ROOT`` points at a private ``.meltano`` whose plugin folders are links to the
project's installed ones, and ``MELTANO_DATABASE_URI`` at a private system database, so a test
shares no run files (``.meltano/run/<plugin>/``: config, catalog, state — two Meltano processes
of one project overwrite each other's, "Invalid catalog"), logs, state or run lock
(``orchestrate/run.sh`` scopes it to the state backend) with a user's ``make run-all`` going on
at the same time, and everything Meltano wrote is in one place to inspect.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PLUGIN_DIRS = ("extractors", "loaders", "utilities", "mappers", "transformers", "orchestrators", "files")


def isolated_env(sys_dir: Path, **extra: str) -> dict[str, str]:
    """``os.environ`` plus a private Meltano system directory and database under ``sys_dir``."""
    sys_dir.mkdir(parents=True, exist_ok=True)
    for name in PLUGIN_DIRS:
        if (ROOT / ".meltano" / name).exists() and not (sys_dir / name).exists():
            (sys_dir / name).symlink_to(ROOT / ".meltano" / name)
    return {**os.environ, "MELTANO_SYS_DIR_ROOT": str(sys_dir), "MELTANO_PROJECT_ROOT": str(ROOT),
            "MELTANO_DATABASE_URI": f"sqlite:///{sys_dir / 'meltano.db'}",
            "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false", "MELTANO_VENV_BIN": str(BIN), **extra}


def written_files(sys_dir: Path) -> list[Path]:
    """Everything Meltano wrote itself under ``sys_dir`` (the linked plugin venvs left out)."""
    return [p for p in sys_dir.rglob("*") if p.is_file() and not any(
        (sys_dir / d) in p.parents for d in PLUGIN_DIRS)]
