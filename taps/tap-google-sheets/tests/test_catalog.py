"""Catalog snapshot of the demo sheets: a header or typing change shows up in review as a diff.

Regenerate after an intended change: ``UPDATE_SNAPSHOTS=1 pytest taps/tap-google-sheets -k catalog``.
"""

from __future__ import annotations

from pathlib import Path

from tap_common.testing import assert_catalog_snapshot, catalog_view, discover, run_tap

from .conftest import TAP, VENDOR, tap_config

SNAPSHOT = Path(__file__).parent / "snapshots" / "catalog.json"


def test_catalog_matches_snapshot(fresh_sandbox):
    assert_catalog_snapshot(discover(TAP, tap_config(fresh_sandbox)), SNAPSHOT)


def test_keys_types_and_replication(fresh_sandbox):
    entries = catalog_view(discover(TAP, tap_config(fresh_sandbox)))
    assert {name: (e["key_properties"], e["replication_method"]) for name, e in entries.items()} == {
        "marketing_leads_2024": (["sheet_row_number"], "FULL_TABLE"),
        "marketing_leads_2025": (["sheet_row_number"], "FULL_TABLE"),
        "marketing_spend": (["campaign_id"], "FULL_TABLE"),
    }
    leads = entries["marketing_leads_2025"]["properties"]
    assert leads["created_at"]["format"] == "date-time" and "phone_number" in leads and "channel" in leads
    assert "utm_campaign" not in entries["marketing_leads_2024"]["properties"], "each year's own header"
    assert entries["marketing_spend"]["properties"]["spend_date"]["format"] == "date"


def test_a_new_header_column_becomes_a_column(fresh_sandbox):
    """Discovery reads the header every run: a column marketing adds is loaded, not dropped."""
    fresh_sandbox.mutate(VENDOR, {"object": "spend", "action": "add_column", "column": "Campaign Type"})
    run = run_tap(TAP, tap_config(fresh_sandbox), streams=["marketing_spend"])
    assert run.returncode == 0, run.stderr[-2000:]
    (schema,) = [m["schema"] for m in run.messages if m["type"] == "SCHEMA" and m["stream"] == "marketing_spend"]
    assert schema["properties"]["campaign_type"]["type"] == ["string", "null"]
    assert all("campaign_type" in r for r in run.records["marketing_spend"])
