"""Catalog snapshot: every schema change shows up in review as a diff of ``snapshots/catalog.json``.

Regenerate after an intended change: ``UPDATE_SNAPSHOTS=1 pytest taps/tap-callrail -k catalog``.
"""

from __future__ import annotations

from pathlib import Path

from tap_common.testing import assert_catalog_snapshot, catalog_view, discover

from .conftest import TAP

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"


def test_catalog_matches_snapshot():
    assert_catalog_snapshot(discover(TAP, {"api_key": "unused"}), SNAPSHOT)


def test_streams_and_replication():
    entries = catalog_view(discover(TAP, {"api_key": "unused"}))
    assert sorted(entries) == sorted(["accounts", "companies", "trackers", "calls", "form_submissions",
                                      "text_messages", "tags", "users"])
    keys = {name: e["replication_key"] for name, e in entries.items()}
    assert keys == {"accounts": None, "companies": None, "trackers": None, "calls": "start_time",
                    "form_submissions": "submitted_at", "text_messages": "last_message_at",
                    "tags": None, "users": None}
    for name in ("trackers", "calls", "form_submissions", "text_messages", "users"):
        props = entries[name]["properties"]
        nested = [k for k, v in props.items() if "object" in v.get("type", []) or "array" in v.get("type", [])]
        assert nested, f"{name}: nested objects stay objects (jsonb)"
