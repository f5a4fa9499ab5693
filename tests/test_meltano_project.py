"""The Meltano project is self-contained: every plugin is defined inline, installable from
the package index alone, and secrets are marked sensitive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
# An address is not a secret even when its name says "token" (Google's `token_uri`).
SECRET_NAME = re.compile(r"(password|token|secret|api_key|private_key|client_secret)(?!_ur[il])", re.I)


def included_files() -> list[Path]:
    root = yaml.safe_load((ROOT / "meltano.yml").read_text())
    return sorted({p for pattern in root["include_paths"] for p in ROOT.glob(pattern.removeprefix("./"))})


def plugins() -> list[tuple[str, dict]]:
    found = []
    for path in included_files():
        for kind, items in (yaml.safe_load(path.read_text()) or {}).get("plugins", {}).items():
            found += [(kind, item) for item in items]
    return found


def test_root_file_is_only_a_table_of_contents():
    root = yaml.safe_load((ROOT / "meltano.yml").read_text())
    assert "plugins" not in root and "jobs" not in root and "schedules" not in root
    assert root["default_environment"] == "dev"


def test_main_plugins_are_defined():
    names = {item["name"] for _, item in plugins()}
    assert {"tap-genius", "target-warehouse"} <= names


@pytest.mark.parametrize("kind,plugin", plugins(), ids=lambda p: p["name"] if isinstance(p, dict) else p)
def test_plugin_is_inline_and_installable_offline(kind, plugin):
    if "inherit_from" in plugin:
        return  # inherits everything below from its parent, which is checked itself
    assert plugin.get("namespace"), "inline plugins need a namespace (Meltano Hub is unreachable)"
    assert plugin.get("pip_url"), "every plugin installs from the package index or a local path"
    if kind in ("extractors", "loaders"):
        assert plugin.get("executable")
        assert plugin.get("capabilities")


@pytest.mark.parametrize("kind,plugin", plugins(), ids=lambda p: p["name"] if isinstance(p, dict) else p)
def test_secret_settings_are_sensitive(kind, plugin):
    for setting in plugin.get("settings", []):
        if SECRET_NAME.search(setting["name"]):
            assert setting.get("sensitive") is True, f"{plugin['name']}.{setting['name']} must be sensitive"


def test_dbt_is_pinned_below_1_12():
    dbt = [p for _, p in plugins() if "dbt" in p["name"]]
    for plugin in dbt:
        assert "dbt-core~=1.11.0" in plugin["pip_url"] and "dbt-postgres~=1.11.0" in plugin["pip_url"]
