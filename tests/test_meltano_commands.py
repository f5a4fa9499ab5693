"""`meltano select` and `meltano config set`, as the README shows them, change only the lines
they must: every ``*.meltano.yml`` is kept in the layout Meltano writes (a rewrite is a
no-op), so the commands' diff is the setting itself, in the file the README names."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "orchestrate"))
import meltano_yaml  # noqa: E402


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project's Meltano files (the commands touch nothing else)."""
    for path in meltano_yaml.meltano_files(ROOT):
        target = tmp_path / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    return tmp_path


def meltano(project: Path, *args: str) -> str:
    env = {**os.environ, "MELTANO_PROJECT_ROOT": str(project), "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false"}
    env.pop("MELTANO_ENVIRONMENT", None)  # as a user's shell has it: `make` exports dev, a shell does not
    proc = subprocess.run([BIN / "meltano", *args], cwd=project, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout + proc.stderr


def changes(project: Path) -> dict[str, list[str]]:
    """Per file, the added and removed lines against the repository's copy."""
    found = {}
    for path in meltano_yaml.meltano_files(project):
        name = str(path.relative_to(project))
        before, after = (ROOT / name).read_text().splitlines(), path.read_text().splitlines()
        if diff := [line for line in difflib.unified_diff(before, after, lineterm="", n=0)
                    if line[:1] in "+-" and not line.startswith(("+++", "---"))]:
            found[name] = diff
    return found


def test_every_meltano_file_is_in_meltanos_own_layout():
    assert meltano_yaml.not_canonical() == [], "run `.venv/bin/python orchestrate/meltano_yaml.py`"


def test_select_writes_only_the_selection_into_the_taps_file(project):
    meltano(project, "select", "tap-genius", "appointments", "*")
    assert changes(project) == {"taps/tap-genius/tap-genius.meltano.yml": ["+    select:", "+    - appointments.*"]}


def test_config_set_in_prod_writes_only_the_setting_into_prods_file(project):
    meltano(project, "--environment=prod", "config", "set", "tap-genius", "host", "db.example.com")
    assert changes(project) == {"environments/prod.meltano.yml": ["+          host: db.example.com"]}


def test_config_set_without_environment_writes_the_plugins_file(project):
    meltano(project, "config", "set", "tap-genius", "host", "db.example.com")
    assert changes(project) == {"taps/tap-genius/tap-genius.meltano.yml": ["+    config:", "+      host: db.example.com"]}


def test_secret_goes_to_dotenv_and_wins_over_devs_demo_database(project):
    url = "mysql+pymysql://reader:pw@db.example.com/genius"
    meltano(project, "config", "set", "tap-genius", "sqlalchemy_url", url)
    assert changes(project) == {}
    assert (project / ".env").read_text().strip() == f"TAP_GENIUS_SQLALCHEMY_URL='{url}'"
    shown = meltano(project, "--environment=dev", "config", "list", "tap-genius")
    assert "sqlalchemy_url [env: TAP_GENIUS_SQLALCHEMY_URL" in shown
    assert "from the TAP_GENIUS_SQLALCHEMY_URL variable in `.env`" in shown
