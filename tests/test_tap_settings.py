"""Settings are stated once: each tap's ``*.meltano.yml`` says exactly what its ``--about`` says.

The tap's config schema (singer-sdk) is the one place a setting, its kind, its secrecy and its
default are defined; the Meltano plugin definition must repeat them faithfully (Meltano shows
them in ``meltano config list`` and applies the defaults before the tap sees the config).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
#: Settings singer-sdk adds itself (stream maps, flattening, batch; decimals for SQL taps): a plugin
#: file may declare them (kinds must agree; a falsy value stands for the SDK's "unset").
SDK_BUILTINS = {"stream_maps", "stream_map_config", "faker_config", "flattening_enabled", "flattening_max_depth",
                "flattening_max_key_length", "flattening_separator", "batch_config", "use_singer_decimal"}
PLUGIN_FILES = sorted(ROOT.glob("taps/tap-*/tap-*.meltano.yml"))


def meltano_kind(spec: dict) -> str:
    """The Meltano ``kind`` a JSON-schema setting needs."""
    types = spec.get("type", [])
    types = ({types} if isinstance(types, str) else set(types)) - {"null"}
    if spec.get("format") == "date-time":
        return "date_iso8601"
    if types == {"number", "string"}:
        return "string"  # numeric text: Meltano cannot JSON-encode env-set decimals
    return {"string": "string", "integer": "integer", "boolean": "boolean", "array": "array",
            "object": "object", "number": "decimal"}[types.pop()] if len(types) == 1 else "string"


def about(executable: str) -> dict:
    done = subprocess.run([str(BIN / executable), "--about", "--format=json"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, f"{executable} --about failed: {done.stderr[-2000:]}"
    return json.loads(done.stdout)["settings"]["properties"]


def test_every_tap_has_a_plugin_file():
    taps = sorted(p.name for p in (ROOT / "taps").glob("tap-*") if (p / "pyproject.toml").exists())
    assert [p.parent.name for p in PLUGIN_FILES] == taps


@pytest.mark.parametrize("plugin_file", PLUGIN_FILES, ids=lambda p: p.parent.name)
def test_meltano_settings_equal_about(plugin_file):
    (plugin,) = yaml.safe_load(plugin_file.read_text())["plugins"]["extractors"]
    declared = {s["name"]: s for s in plugin.get("settings", [])}
    settings = about(plugin.get("executable", plugin["name"]))
    schema = {name: spec for name, spec in settings.items()
              if name not in SDK_BUILTINS or name in declared}
    assert sorted(declared) == sorted(schema), f"{plugin_file.name}: settings differ from --about"
    wrong = {}
    for name, spec in schema.items():
        want = {"kind": meltano_kind(spec), "sensitive": bool(spec.get("secret")), "value": spec.get("default")}
        kind = declared[name].get("kind", "string")
        have = {"kind": "string" if kind == "password" else kind,  # Meltano's masked-input string
                "sensitive": bool(declared[name].get("sensitive")), "value": declared[name].get("value")}
        if name in SDK_BUILTINS and want["value"] is None and not have["value"]:
            have["value"] = None
        if have != want:
            wrong[name] = {"meltano.yml": have, "--about": want}
    assert not wrong, f"{plugin_file.name}: {json.dumps(wrong, indent=1)}"
    if any(spec.get("default") is not None for spec in schema.values()) and "emit_activate_version_messages" in schema:
        assert "activate-version" in plugin.get("capabilities", []), f"{plugin_file.name}: capability activate-version"
