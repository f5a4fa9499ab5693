"""The one source of truth every scheduler reads: ``meltano schedule list --format=json``.

Also reads the plugin definitions (the included ``*.meltano.yml`` files) where a generator
needs to know which settings of a job's plugins are connections or secrets.
"""

from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: Setting names that are connections even when not marked sensitive: in prod they come
#: from the runner's secrets, under Meltano's standard variable name (TAP_GENIUS_HOST, …).
CONNECTION_SETTINGS = frozenset({"host", "port", "user", "username", "database", "sqlalchemy_url",
                                 "api_url", "account_ids", "sheets"})
#: The warehouse connection: read by the loader, by dbt's profile and by systemdb.py.
WAREHOUSE_VARS = ("WAREHOUSE_HOST", "WAREHOUSE_PORT", "WAREHOUSE_USER", "WAREHOUSE_PASSWORD",
                  "WAREHOUSE_DATABASE", "WAREHOUSE_SSLMODE")


@dataclass(frozen=True)
class Schedule:
    name: str
    cron: str | None  # None for @once / @manual
    tasks: tuple[str, ...]  # each one `meltano run` invocation: "tap target", "dbt-postgres:run_x"
    job: str | None

    @property
    def plugins(self) -> list[str]:
        names = []
        for task in self.tasks:
            for block in task.split():
                name = block.split(":", 1)[0]
                if name not in names:
                    names.append(name)
        return names


def meltano_schedules_json(root: Path = ROOT, meltano: str | None = None) -> dict:
    """Run ``meltano schedule list --format=json`` in the project (no network, no state)."""
    meltano = meltano or str(Path(sys.executable).parent / "meltano")
    env = {**os.environ, "MELTANO_SEND_ANONYMOUS_USAGE_STATS": "false", "MELTANO_CLI_LOG_LEVEL": "warning"}
    out = subprocess.run([meltano, "schedule", "list", "--format=json"], cwd=root, env=env,
                         capture_output=True, text=True, check=True, timeout=300).stdout
    return json.loads(out[out.index("{"):])


def parse(data: dict) -> list[Schedule]:
    """Job schedules and (legacy) ELT schedules alike, sorted by name."""
    result = []
    for entry in data.get("schedules", {}).get("job", []):
        tasks = entry["job"]["tasks"]
        flat = [t if isinstance(t, str) else " ".join(t) for t in tasks]
        result.append(Schedule(entry["name"], entry.get("cron_interval"), tuple(flat), entry["job"]["name"]))
    for entry in data.get("schedules", {}).get("elt", []):
        blocks = " ".join(b for b in (entry["extractor"], entry["loader"]) if b)
        result.append(Schedule(entry["name"], entry.get("cron_interval"), (blocks,), None))
    return sorted(result, key=lambda s: s.name)


def plugin_definitions(root: Path = ROOT) -> dict[str, dict]:
    """Every plugin defined in meltano.yml or its include_paths, by name."""
    main = yaml.safe_load((root / "meltano.yml").read_text())
    files = [root / "meltano.yml"]
    for pattern in main.get("include_paths", []):
        files += sorted(Path(p) for p in glob.glob(str(root / pattern)))
    plugins: dict[str, dict] = {}
    for path in files:
        doc = yaml.safe_load(path.read_text()) or {}
        for plugin_type, group in (doc.get("plugins") or {}).items():
            for plugin in group or []:
                plugins[plugin["name"]] = {**plugin, "plugin_type": plugin_type}
    return plugins


def env_name(plugin: str, setting: dict) -> str:
    """Meltano's variable for a setting: its own ``env`` or ``<PLUGIN_NAME>_<SETTING_NAME>``."""
    if setting.get("env"):
        return setting["env"]
    return re.sub(r"[^A-Za-z0-9]+", "_", f"{plugin}_{setting['name']}").upper()


def secret_vars(schedule: Schedule, plugins: dict[str, dict]) -> list[str]:
    """Variables a run of ``schedule`` takes from the secret store: the warehouse (which the
    loader, dbt and the system database all read), then each extractor's secrets and
    connection settings."""
    names = list(WAREHOUSE_VARS)
    for name in schedule.plugins:
        definition = plugins.get(name, {})
        if definition.get("plugin_type", "extractors") != "extractors":
            continue
        for base in (definition, plugins.get(definition.get("inherit_from", ""), {})):
            for setting in base.get("settings", []) or []:
                if setting.get("sensitive") or setting["name"] in CONNECTION_SETTINGS:
                    var = env_name(name, setting)
                    if var not in names:
                        names.append(var)
    return names
