"""Catalog snapshot: every schema change shows up in review as a diff of ``snapshots/catalog.json``.

Regenerate after an intended change: ``UPDATE_SNAPSHOTS=1 pytest taps/tap-salesrabbit -k catalog``.
"""

from __future__ import annotations

from pathlib import Path

from tap_common.testing import assert_catalog_snapshot, catalog_view, discover

from .conftest import TAP

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"
CONFIG = {"api_token": "unused"}


def test_catalog_matches_snapshot():
    assert_catalog_snapshot(discover(TAP, CONFIG), SNAPSHOT)


def test_streams_keys_and_replication():
    entries = catalog_view(discover(TAP, CONFIG))
    assert {name: (e["key_properties"], e["replication_key"], e["replication_method"])
            for name, e in entries.items()} == {
        "leads": (["id"], "dateModified", "INCREMENTAL"),
        "users": (["id"], None, "FULL_TABLE"),
    }
    leads = entries["leads"]["properties"]
    for nested in ("address", "coordinates", "customFields"):
        assert "object" in leads[nested]["type"], f"{nested} stays an object (jsonb)"
    assert leads["_sdc_deleted_at"]["format"] == "date-time"
