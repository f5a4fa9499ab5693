"""Catalog snapshot: every schema change shows up in review as a diff of ``snapshots/catalog.json``.
The contacts schema comes from the account's ``getContactFields`` (the emulation's demo domain).

Regenerate after an intended change: ``UPDATE_SNAPSHOTS=1 pytest taps/tap-five9 -k catalog``.
"""

from __future__ import annotations

from pathlib import Path

from tap_common.testing import assert_catalog_snapshot, catalog_view, discover

from .conftest import TAP, tap_config

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"


def test_catalog_matches_snapshot(sandbox):
    assert_catalog_snapshot(discover(TAP, tap_config(sandbox)), SNAPSHOT)


def test_streams_keys_and_column_names(sandbox):
    entries = catalog_view(discover(TAP, tap_config(sandbox)))
    assert sorted(entries) == ["call_log", "contacts"]
    assert entries["call_log"]["key_properties"] == ["call_id"]
    assert entries["call_log"]["replication_key"] == "timestamp"
    contacts = entries["contacts"]
    assert contacts["key_properties"] == ["contact_id"]
    # the field mapped to LastModifiedDateTime ("New Contact Field"), not the disposition time
    assert contacts["replication_key"] == "new_contact_field"
    props = contacts["properties"]
    # GUID-named and display-named custom fields → stable snake_case, typed by their Five9 type
    assert props["f65d759a_2250_4b2d_89a9_60796f624f72"]["type"] == ["string", "null"]
    assert props["field_4f347541_7c4d_4812_9190_e8dea6c0eb49"]["format"] == "date-time"
    assert props["last_agent_disposition_date_time"]["format"] == "date-time"
    assert props["pc_work_finished"]["format"] == "date"
    assert "number" in props["total_job_amount"]["type"] and "boolean" in props["do_not_dial"]["type"]
    assert props["hub_spot_contact_id"]["description"].startswith("Five9 contact field 'HubSpot_ContactID'")


def test_contacts_without_a_modification_field_are_a_full_table(fresh_sandbox):
    fresh_sandbox.configure("five9", modified_field=False)
    contacts = catalog_view(discover(TAP, {**tap_config(fresh_sandbox), "time_zone": "UTC"}))["contacts"]
    assert contacts["replication_key"] is None and contacts["replication_method"] == "FULL_TABLE"
