"""Catalog snapshot (schemas discovered from the emulation's ``$metadata``): every schema change
shows up in review as a diff of ``snapshots/catalog.json``.

Regenerate after an intended change: ``UPDATE_SNAPSHOTS=1 pytest taps/tap-marketsharp -k catalog``.
"""

from __future__ import annotations

from pathlib import Path

from tap_common.testing import assert_catalog_snapshot, catalog_view, discover

from .conftest import INCREMENTAL, KEYS, STREAMS, TAP, tap_config

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"


def test_catalog_matches_snapshot(sandbox):
    assert_catalog_snapshot(discover(TAP, tap_config(sandbox)), SNAPSHOT)


def test_streams_keys_and_replication(sandbox):
    entries = catalog_view(discover(TAP, tap_config(sandbox)))
    assert sorted(entries) == sorted(STREAMS) and len(entries) == 23
    for name, entry in entries.items():
        assert entry["key_properties"] == [KEYS[name]], name
        assert entry["replication_key"] == ("last_update" if name in INCREMENTAL else None), name


def test_edm_types_become_json_schema_types(sandbox):
    """Edm.Guid, DateTime, Decimal, Boolean, Int32, Double and String, as $metadata declares them."""
    entries = catalog_view(discover(TAP, tap_config(sandbox)))
    contacts, interests = entries["contacts"]["properties"], entries["product_interests"]["properties"]
    assert contacts["id"] == {"type": ["string"], "format": "uuid"}
    assert contacts["last_update"] == {"type": ["string", "null"], "format": "date-time"}
    assert contacts["company_id"] == {"type": ["integer", "null"]}
    assert contacts["do_not_mail"] == {"type": ["boolean", "null"]}
    assert contacts["first_name"] == {"type": ["string", "null"], "maxLength": 100}
    assert interests["price_quoted"] == {"type": ["number", "null"]}
    assert entries["addresses"]["properties"]["latitude"] == {"type": ["number", "null"]}
    assert entries["activity_references"]["properties"]["id"] == {"type": ["integer"]}
