"""Catalog snapshot: every schema change shows up in review as a diff of ``snapshots/catalog.json``.

Regenerate after an intended change: ``UPDATE_SNAPSHOTS=1 pytest taps/tap-callrail -k catalog``.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from .conftest import TAP

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"


def test_catalog_matches_snapshot(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"api_key": "unused"}))
    out = subprocess.run([TAP, "--config", str(config), "--discover"], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    catalog = json.dumps(json.loads(out), indent=2, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") or not SNAPSHOT.exists():
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(catalog)
    assert catalog == SNAPSHOT.read_text(), "catalog changed: review, then UPDATE_SNAPSHOTS=1"


def test_streams_and_replication(tmp_path):
    entries = {e["tap_stream_id"]: e for e in json.loads(SNAPSHOT.read_text())["streams"]}
    assert sorted(entries) == sorted(["accounts", "companies", "trackers", "calls", "form_submissions",
                                      "text_messages", "tags", "users"])
    keys = {name: e.get("replication_key") for name, e in entries.items()}
    assert keys == {"accounts": None, "companies": None, "trackers": None, "calls": "start_time",
                    "form_submissions": "submitted_at", "text_messages": "last_message_at",
                    "tags": None, "users": None}
    for name in ("trackers", "calls", "form_submissions", "text_messages", "users"):
        props = entries[name]["schema"]["properties"]
        nested = [k for k, v in props.items() if "object" in v.get("type", []) or "array" in v.get("type", [])]
        assert nested, f"{name}: nested objects stay objects (jsonb)"
