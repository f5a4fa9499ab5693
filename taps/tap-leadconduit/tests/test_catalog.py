"""Catalog snapshot: every schema change shows up in review as a diff of ``snapshots/catalog.json``.

Regenerate after an intended change: ``UPDATE_SNAPSHOTS=1 pytest taps/tap-leadconduit -k catalog``.
"""

from __future__ import annotations

from pathlib import Path

from tap_common.testing import assert_catalog_snapshot, catalog_view, discover

from .conftest import TAP

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"


def test_catalog_matches_snapshot():
    assert_catalog_snapshot(discover(TAP, {"api_key": "unused"}), SNAPSHOT)


def test_one_stream_keyed_and_incremental_on_the_event_id():
    (name, entry), = catalog_view(discover(TAP, {"api_key": "unused"})).items()
    assert (name, entry["key_properties"], entry["replication_key"]) == ("events", ["id"], "id")
    props = entry["properties"]
    for nested in ("vars", "other", "feedback", "acceptance_criteria"):
        assert "object" in props[nested]["type"], f"{nested} stays an object (jsonb)"
    assert "credential" not in props, "a recipient's stored login is never loaded"
    assert props["start_timestamp"]["type"] == ["integer", "null"]
