"""Schemas typed from the properties API, allow-lists, URL-sized property chunks, catalog snapshot."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from tap_common.testing import assert_catalog_snapshot

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"


def _entries(hubspot):
    return {e["tap_stream_id"]: e for e in hubspot.catalog()["streams"]}


def test_properties_are_typed_for_real(hubspot):
    contacts = _entries(hubspot)["contacts"]["schema"]["properties"]
    assert contacts["prospect_id"]["type"] == ["number", "null"]
    assert contacts["createdate"] == {"type": ["string", "null"], "format": "date-time"}
    assert contacts["first_appointment_date"] == {"type": ["string", "null"], "format": "date"}
    assert contacts["hs_is_unworked"]["type"] == ["boolean", "null"]
    assert contacts["lifecyclestage"]["type"] == ["string", "null"]
    assert {"id", "created_at", "updated_at", "archived", "_sdc_deleted_at"} <= set(contacts)
    run = hubspot.run(streams=["contacts"])
    record = next(r for r in run.records["contacts"] if r["prospect_year_built"] is not None)
    assert isinstance(record["prospect_id"], int) and isinstance(record["hs_is_unworked"], bool)
    assert record["createdate"].endswith("+00:00") and len(record["first_appointment_date"]) == 10


def test_catalog_keys_and_replication(hubspot):
    entries = _entries(hubspot)
    assert set(entries) == {"contacts", "deals", "appointments", "divisions", "genius_users", "zipcodes",
                            "contact_appointments", "contact_divisions", "contact_deals"}
    assert entries["contacts"]["replication_key"] == "lastmodifieddate"
    assert entries["deals"]["replication_key"] == "hs_lastmodifieddate"
    assert entries["contact_deals"]["key_properties"] == ["contact_id"]
    assert entries["zipcodes"]["key_properties"] == ["zipcode"]


def test_catalog_snapshot(hubspot):
    """Any change to keys, replication keys or column types shows up here, for review."""
    assert_catalog_snapshot(hubspot.catalog(), SNAPSHOT)


def test_property_allowlist(hubspot):
    config = hubspot.config(property_allowlist={"contacts": ["email", "firstname"]})
    run = hubspot.run(config)
    record = run.records["contacts"][0]
    assert set(record) == {"email", "firstname", "hs_object_id", "lastmodifieddate", "id", "created_at",
                           "updated_at", "archived", "_sdc_deleted_at"}
    assert len(run.records["deals"][0]) > 10  # other streams keep every property


def test_long_property_lists_are_chunked_and_merged(hubspot):
    hubspot.box.clear_requests()
    run = hubspot.run(streams=["contacts"])
    calls = [r for r in hubspot.box.requests("hubspot") if "/objects/contacts" in r["path"]]
    lists = [r for r in calls if r["method"] == "GET"]
    batch = [r for r in calls if r["path"].endswith("/batch/read")]
    assert lists and batch and all(len(unquote(r["query"])) < 2_100 for r in lists)
    expected = {c["id"]: c["properties"] for c in hubspot.box.dump("hubspot", "contacts")}
    for record in run.records["contacts"]:  # first-chunk and batch-read properties both arrive
        assert record["firstname"] == expected[record["id"]]["firstname"]
        assert record["original_lead_source"] == expected[record["id"]]["original_lead_source"]


def test_object_type_settings_accept_names(hubspot):
    by_id = hubspot.run(streams=["appointments"])
    by_name = hubspot.run(hubspot.config(appointments_object_type="appointments"), streams=["appointments"])
    assert by_name.returncode == 0 and by_name.records == by_id.records
