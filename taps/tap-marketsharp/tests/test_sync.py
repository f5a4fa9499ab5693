"""Full sync → changes at MarketSharp → delta: the warehouse holds exactly the emulation's data,
including rows sharing one ``lastUpdate`` across page and delta boundaries, and rows retired
from full-table sets."""

from __future__ import annotations

from contextlib import closing
from datetime import datetime, timedelta
from urllib.parse import parse_qs

import psycopg2
import psycopg2.extras

from tests.harness.pipeline import run_pipeline
from tests.harness.values import norm

from tap_common.testing import bookmark
from tap_marketsharp.schemas import edm_datetime

from .conftest import KEYS, STREAMS, TAP, VENDOR, tap_config

SCHEMA = "marketsharp"


def warehouse(dsn: str, stream: str, deleted: bool = False) -> dict[str, dict]:
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(f'SELECT * FROM {SCHEMA}."{stream}" WHERE _sdc_deleted_at IS {"NOT " if deleted else ""}NULL')
        return {str(row[KEYS[stream]]): dict(row) for row in cur.fetchall()}


def assert_warehouse_matches(sandbox, dsn: str) -> None:
    for stream in STREAMS:
        expected = {str(r[KEYS[stream]]): r for r in sandbox.dump(VENDOR, stream)}
        loaded = warehouse(dsn, stream)
        assert sorted(loaded) == sorted(expected), f"{stream}: different ids"
        diffs = [(stream, rid, key, loaded[rid].get(key), value) for rid, record in expected.items()
                 for key, value in record.items() if norm(loaded[rid].get(key)) != norm(value)]
        assert not diffs, diffs[:5]


def test_full_sync_changes_delta(fresh_sandbox, warehouse_dsn):
    box = fresh_sandbox
    box.configure(VENDOR, server_page_size=6)  # every set pages (server-driven), so boundaries are crossed
    config = tap_config(box)
    state = run_pipeline(TAP, config, warehouse_dsn, SCHEMA)
    assert_warehouse_matches(box, warehouse_dsn)
    text = {r["id"]: r["note"] for r in box.dump(VENDOR, "inquiries") if r["note"]}
    assert "Call before 5pm\r\nGate code 1234" in text.values(), "a carriage return survives"
    assert any("\x0b" in note for note in text.values()) and any("\x1f" in note for note in text.values())

    contacts = sorted(box.dump(VENDOR, "contacts"), key=lambda r: r["last_update"])
    tied = [c["id"] for c in contacts[:9]]  # nine contacts edited in one bulk update: one instant
    at = box.mutate(VENDOR, {"action": "update", "object": "contacts", "ids": tied,
                             "changes": {"mailMergeName": "Bulk\x0bupdate"}})["at"]
    new = box.mutate(VENDOR, {"action": "create", "object": "contacts", "count": 3, "at": at})["ids"]
    appointment = box.dump(VENDOR, "appointments")[0]["id"]
    box.mutate(VENDOR, {"action": "update", "object": "appointments", "ids": [appointment],
                        "changes": {"note": "Moved to Tuesday\r\nbring samples"}})
    field = box.dump(VENDOR, "custom_fields")[0]["id"]
    box.mutate(VENDOR, {"action": "delete", "object": "custom_fields", "ids": [field]})
    box.clear_requests()

    final = run_pipeline(TAP, config, warehouse_dsn, SCHEMA, state=state)
    assert_warehouse_matches(box, warehouse_dsn)
    loaded = warehouse(warehouse_dsn, "contacts")
    assert all(loaded[c]["mail_merge_name"] == "Bulk\x0bupdate" for c in tied) and set(new) <= set(loaded)
    assert field in warehouse(warehouse_dsn, "custom_fields", deleted=True)
    assert warehouse(warehouse_dsn, "appointments")[appointment]["note"] == "Moved to Tuesday\r\nbring samples"
    assert norm(bookmark(final, "contacts")) == norm(edm_datetime(at))  # the bulk update's instant
    # The delta asked from the bookmark's second, one second early (inclusive restart), never from scratch.
    first = [r for r in box.requests(VENDOR) if r["path"].endswith("/Contacts")][0]
    mark = datetime.fromisoformat(bookmark(state, "contacts")).replace(microsecond=0, tzinfo=None)
    assert parse_qs(first["query"])["$filter"] == [f"lastUpdate gt datetime'{(mark - timedelta(seconds=1)).isoformat()}'"]
