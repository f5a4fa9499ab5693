"""Keep every ``*.meltano.yml`` in the layout Meltano itself writes.

    python orchestrate/meltano_yaml.py           # rewrite the project's files the way Meltano would
    python orchestrate/meltano_yaml.py --check   # exit 1, naming the files, if any would change

``meltano select``, ``meltano config set`` and ``meltano schedule add`` rewrite *every*
included file in Meltano's canonical form (two-space block lists, its own key order, single
quotes).  Files already in that form come out unchanged, so those commands then change
only the lines they must.  Comments survive where Meltano's rewrite keeps them (file
headers, lines above a mapping key); ``tests/test_meltano_commands.py`` checks both.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_REWRITE = "from meltano.core.project import Project\nwith Project.find().meltano_update():\n    pass\n"


def rewrite(project: Path) -> None:
    """Let Meltano load and write back the project at ``project`` (a no-op update)."""
    env = {**os.environ, "MELTANO_PROJECT_ROOT": str(project), "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false"}
    subprocess.run([sys.executable, "-c", _REWRITE], cwd=project, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def meltano_files(project: Path) -> list[Path]:
    return sorted(project.glob("meltano.yml")) + sorted(
        p for p in project.rglob("*.meltano.yml") if not any(part.startswith(".") for part in p.relative_to(project).parts))


def not_canonical(project: Path = ROOT) -> list[str]:
    """The files Meltano's rewrite would change (checked on a copy; the project is untouched)."""
    with tempfile.TemporaryDirectory(prefix="meltano-yaml-") as tmp:
        copy = Path(tmp)
        for path in meltano_files(project):
            target = copy / path.relative_to(project)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        rewrite(copy)
        return [str(p.relative_to(project)) for p in meltano_files(project)
                if p.read_text() != (copy / p.relative_to(project)).read_text()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files Meltano would rewrite")
    args = parser.parse_args()
    if args.check:
        if changed := not_canonical():
            print("not in Meltano's layout (run `.venv/bin/python orchestrate/meltano_yaml.py`): "
                  + ", ".join(changed), file=sys.stderr)
            return 1
        return 0
    rewrite(ROOT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
