"""tap-hubspot | target-warehouse into PostgreSQL: full sync, mutations, delta — table by table."""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg2
import psycopg2.extras
import pytest

from tap_common.testing import select
from tests.harness.pipeline import run_pipeline

from .conftest import ZIPS

STREAMS = ["contacts", "deals", "appointments", "divisions", "genius_users",
           "contact_appointments", "contact_divisions", "contact_deals", "zipcodes"]
KEYS = {"zipcodes": "zipcode", "contact_appointments": "contact_id", "contact_divisions": "contact_id",
        "contact_deals": "contact_id"}

pytestmark = pytest.mark.skipif(not (Path(sys.executable).parent / "target-warehouse").exists(),
                                reason="target-warehouse is not installed in this virtualenv")


def read_warehouse(dsn: str, schema: str, streams: list[str] = STREAMS) -> dict[str, dict[str, dict]]:
    tables: dict[str, dict[str, dict]] = {}
    with psycopg2.connect(dsn) as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        for stream in streams:
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


def test_a_zip_code_removed_from_the_csv_is_retired(hubspot, warehouse_dsn, tmp_path):
    """zipcodes is full-table: ACTIVATE_VERSION after a good run marks rows gone from the CSV deleted."""
    lines = ZIPS.read_text(encoding="utf-8-sig").splitlines()
    csv = tmp_path / "zips.csv"
    csv.write_text("\n".join(lines) + "\n")
    config = hubspot.config(zipcodes_source=str(csv))
    catalog = select(hubspot.catalog(config), ["zipcodes"])
    run_pipeline(["tap-hubspot"], config, warehouse_dsn, "hubspot", catalog=catalog)
    removed = lines[1].split(",")[0].strip()
    csv.write_text("\n".join([lines[0], *lines[2:]]) + "\n")

    run_pipeline(["tap-hubspot"], config, warehouse_dsn, "hubspot", catalog=catalog)
    with psycopg2.connect(warehouse_dsn) as conn, conn.cursor() as cur:
        cur.execute('SELECT zipcode FROM hubspot.zipcodes WHERE _sdc_deleted_at IS NOT NULL')
        assert [row[0] for row in cur.fetchall()] == [removed]
        cur.execute('SELECT count(*) FROM hubspot.zipcodes WHERE _sdc_deleted_at IS NULL')
        assert cur.fetchone()[0] == len(lines) - 2


def test_association_rows_of_archived_objects_are_retired(hubspot, warehouse_dsn):
    """A contact that did not change stops listing a deal archived since; an archived contact's
    row is retired (association streams are full table with ACTIVATE_VERSION)."""
    config = hubspot.config()
    catalog = select(hubspot.catalog(config), ["contacts", "deals", "contact_deals"])
    state = run_pipeline(["tap-hubspot"], config, warehouse_dsn, "hubspot", catalog=catalog)
    box = hubspot.box
    linked = box.dump("hubspot", "associations.contacts.deals")
    holder, deal = linked[0]["from_id"], linked[0]["to_id"]
    gone = next(p["from_id"] for p in linked if p["from_id"] != holder)
    box.mutate("hubspot", {"action": "archive", "object": "deals", "ids": [deal]})
    box.mutate("hubspot", {"action": "archive", "object": "contacts", "ids": [gone]})

    run_pipeline(["tap-hubspot"], config, warehouse_dsn, "hubspot", state=state, catalog=catalog)
    with psycopg2.connect(warehouse_dsn) as conn, conn.cursor() as cur:
        cur.execute("SELECT deal_ids FROM hubspot.contact_deals WHERE contact_id = %s AND _sdc_deleted_at IS NULL",
                    (holder,))
        assert deal not in cur.fetchone()[0]
        cur.execute("SELECT _sdc_deleted_at IS NOT NULL FROM hubspot.contact_deals WHERE contact_id = %s", (gone,))
        assert cur.fetchall() == [(True,)]
        cur.execute("SELECT _sdc_deleted_at IS NOT NULL FROM hubspot.contacts WHERE id = %s", (holder,))
        assert cur.fetchall() == [(False,)]
    hubspot.assert_matches(read_warehouse(warehouse_dsn, "hubspot", ["contacts", "deals", "contact_deals"]),
                           ["contacts", "deals", "contact_deals"])
