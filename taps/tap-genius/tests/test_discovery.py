"""Discovery: exactly the 30 streams, their keys, replication keys and every source column."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import discover

@pytest.fixture(scope="module")
def shared_config(shared_mysql):
    return {"sqlalchemy_url": shared_mysql}


SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"

EXPECTED = {  # stream: (source table, primary key, replication key)
    "division_groups": ("division_group", ["id"], "updated_at"),
    "division_regions": ("division_region", ["id"], None),
    "divisions": ("division", ["id"], "updated_at"),
    "user_titles": ("user_title", ["id"], "updated_at"),
    "users": ("user_data", ["user_id"], "updated_at"),
    "user_associations": ("users_userassociations", ["id"], "updated_at"),
    "services": ("service", ["id"], "updated_at"),
    "appointment_types": ("appointment_type", ["id"], None),
    "appointment_outcome_types": ("appointment_outcome_type", ["id"], None),
    "appointment_outcomes": ("appointment_outcome", ["id"], "updated_at"),
    "marketing_source_types": ("marketing_source_type", ["id"], "modified_at"),
    "marketing_sources": ("marketing_source", ["id"], "updated_at"),
    "marketsharp_sources": ("marketsharp_source", ["id"], "updated_at"),
    "marketsharp_marketing_source_maps": ("marketsharp_marketing_source_map", ["marketsharp_id"], "updated_at"),
    "prospects": ("prospect", ["id"], "updated_at"),
    "prospect_sources": ("prospect_source", ["id"], "modified_at"),
    "leads": ("lead", ["lead_id"], "modified_at"),
    "appointments": ("appointment", ["id"], "updated_at"),
    "appointment_services": ("appointment_to_service", ["appointment_id", "service_id"], "updated_at"),
    "quotes": ("quote", ["id"], "updated_at"),
    "jobs": ("job", ["id"], "updated_at"),
    "job_statuses": ("job_status", ["id"], None),
    "job_financings": ("job_financing", ["job_id"], None),
    "job_change_order_types": ("job_change_order_type", ["id"], None),
    "job_change_order_statuses": ("job_change_order_status", ["id"], None),
    "job_change_order_reasons": ("job_change_order_reason", ["id"], None),
    "job_change_orders": ("job_change_order", ["id"], "updated_at"),
    "job_change_order_items": ("job_change_order_item", ["id"], "updated_at"),
    "integration_field_definitions": ("integration_field_definition", ["id"], None),
    "integration_fields": ("integration_field", ["id"], "updated_at"),
}


def _root(entry: dict) -> dict:
    return next(m["metadata"] for m in entry["metadata"] if m["breadcrumb"] == [])


def test_discovery_lists_exactly_the_30_streams_with_keys(shared_config):
    catalog = discover(shared_config)
    found = {e["tap_stream_id"]: (e["table_name"], e["key_properties"], e.get("replication_key"))
             for e in catalog["streams"]}
    assert found == EXPECTED
    for entry in catalog["streams"]:
        root = _root(entry)
        rk = EXPECTED[entry["tap_stream_id"]][2]
        assert entry["replication_method"] == ("INCREMENTAL" if rk else "FULL_TABLE")
        assert root["table-key-properties"] == entry["key_properties"]
        assert root.get("replication-key") == rk
        for key in [*entry["key_properties"], *([rk] if rk else [])]:
            assert {"breadcrumb": ["properties", key], "metadata": {"inclusion": "automatic"}} in entry["metadata"]


def test_every_source_column_and_the_joins_are_in_the_schema(shared_config):
    from crm_sandbox.genius import schema

    streams = {e["tap_stream_id"]: e for e in discover(shared_config)["streams"]}
    for name, (table, _, _) in EXPECTED.items():
        properties = list(streams[name]["schema"]["properties"])
        columns = [c.name for c in schema.metadata.tables[table].columns]
        assert properties[: len(columns)] == columns, name
    assert len(streams["leads"]["schema"]["properties"]) == 96  # 95 lead columns + modified_at
    assert "hubspot_contact_id" in streams["prospects"]["schema"]["properties"]
    assert "hubspot_appointment_id" in streams["appointments"]["schema"]["properties"]
    assert "primary_user_id" in streams["users"]["schema"]["properties"]


def test_catalog_snapshot(shared_config):
    """Any schema change shows up here; regenerate with UPDATE_SNAPSHOTS=1 and review the diff."""
    catalog = {e["tap_stream_id"]: {"table": e["table_name"], "key_properties": e["key_properties"],
                                    "replication_key": e.get("replication_key"),
                                    "replication_method": e["replication_method"],
                                    "properties": e["schema"]["properties"]}
               for e in discover(shared_config)["streams"]}
    text = json.dumps(catalog, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") or not SNAPSHOT.exists():
        SNAPSHOT.write_text(text)
    assert catalog == json.loads(SNAPSHOT.read_text())
