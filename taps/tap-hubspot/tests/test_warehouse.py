"""tap-hubspot | target-warehouse into PostgreSQL: full sync, mutations, delta — table by table."""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg2
import psycopg2.extras
import pytest

from tests.harness.pipeline import run_pipeline

STREAMS = ["contacts", "deals", "appointments", "divisions", "genius_users",
           "contact_appointments", "contact_divisions", "contact_deals", "zipcodes"]
KEYS = {"zipcodes": "zipcode", "contact_appointments": "contact_id", "contact_divisions": "contact_id",
        "contact_deals": "contact_id"}

pytestmark = pytest.mark.skipif(not (Path(sys.executable).parent / "target-warehouse").exists(),
                                reason="target-warehouse is not installed in this virtualenv")


def read_warehouse(dsn: str, schema: str) -> dict[str, dict[str, dict]]:
    tables: dict[str, dict[str, dict]] = {}
    with psycopg2.connect(dsn) as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        for stream in STREAMS:
            cur.execute(f'SELECT * FROM "{schema}"."{stream}"')
            tables[stream] = {str(row[KEYS.get(stream, "id")]): dict(row) for row in cur.fetchall()}
    return tables


def test_pipeline_loads_every_stream_and_applies_deltas(hubspot, warehouse_dsn):
    config = hubspot.config()
    state = run_pipeline(["tap-hubspot"], config, warehouse_dsn, "hubspot")
    warehouse = read_warehouse(warehouse_dsn, "hubspot")
    hubspot.assert_matches(warehouse)
    assert len(warehouse["zipcodes"]) == 800

    box, contacts = hubspot.box, sorted(warehouse["contacts"])
    box.mutate("hubspot", {"action": "create", "object": "contacts", "count": 4})
    box.mutate("hubspot", {"action": "update", "object": "contacts", "ids": contacts[:4],
                           "properties": {"lifecyclestage": "customer", "price": "99.95"}})
    box.mutate("hubspot", {"action": "archive", "object": "contacts", "ids": contacts[4:6]})
    box.mutate("hubspot", {"action": "archive", "object": "appointments", "count": 1})
    run_pipeline(["tap-hubspot"], config, warehouse_dsn, "hubspot", state=state)
    warehouse = read_warehouse(warehouse_dsn, "hubspot")
    hubspot.assert_matches(warehouse)
    assert warehouse["contacts"][contacts[4]]["_sdc_deleted_at"] is not None
