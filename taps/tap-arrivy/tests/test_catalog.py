"""Catalog snapshot: every schema change shows up in review as a diff of ``snapshots/catalog.json``.

Regenerate after an intended change: ``UPDATE_SNAPSHOTS=1 pytest taps/tap-arrivy -k catalog``.
"""

from __future__ import annotations

from pathlib import Path

from tap_common.testing import assert_catalog_snapshot, catalog_view, discover

from .conftest import STREAMS, TAP

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"
CONFIG = {"auth_key": "unused", "auth_token": "unused"}


def test_catalog_matches_snapshot():
    assert_catalog_snapshot(discover(TAP, CONFIG), SNAPSHOT)


def test_streams_keys_and_replication():
    entries = catalog_view(discover(TAP, CONFIG))
    assert sorted(entries) == sorted(STREAMS)
    # No stream has a replication key: Arrivy offers no modification filter (README).
    assert {name: e["replication_key"] for name, e in entries.items()} == dict.fromkeys(STREAMS)
    assert entries["task_statuses"]["key_properties"] == ["task_id", "id"]
    assert all(entries[s]["key_properties"] == ["id"] for s in STREAMS if s != "task_statuses")
    tasks = entries["tasks"]["properties"]
    # Arrivy's documented shapes: instants, the schedule as written, nested objects as jsonb.
    assert tasks["start_datetime"]["format"] == "date-time"
    assert "string" in tasks["start_datetime_original_iso_str"]["type"]
    assert {"array", "string"} <= set(tasks["entity_ids"]["type"])
    assert "object" in tasks["customer_exact_location"]["type"]
