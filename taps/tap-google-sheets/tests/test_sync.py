"""Full read → sheets edited → re-run: the warehouse holds exactly the emulation's sheets; an
unchanged sheet is not read at all (counted requests); an inserted row keeps natural keys."""

from __future__ import annotations

from contextlib import closing
from datetime import date, datetime, timezone
from decimal import Decimal

import psycopg2
import psycopg2.extras

from tap_common import column_names
from tap_common.testing import run_tap
from tap_google_sheets.schemas import MODIFIED, ROW_NUMBER, cell_value
from tests.harness.pipeline import run_pipeline

from .conftest import DEMO_SHEETS, OBJECTS, TAP, VENDOR, tap_config

SCHEMA = "google_sheets"
SHEETS = {s["stream"]: s for s in DEMO_SHEETS}


def expected(sandbox, stream: str) -> dict[tuple, dict]:
    """The sheet as the emulation holds it, one record per non-blank row, keyed like the tap."""
    sheet = SHEETS[stream]
    rows = sandbox.dump(VENDOR, OBJECTS[stream])
    names = column_names(rows[0]["values"], sheet.get("header_overrides"))
    types = sheet.get("column_types") or {}
    out = {}
    for row in rows[1:]:
        record = {name: cell_value(value, types.get(name, "string")) for name, value in zip(names, row["values"])}
        record = {**dict.fromkeys(names), **record, ROW_NUMBER: row["row"]}
        out[tuple(record[k] for k in sheet.get("key_columns") or [ROW_NUMBER])] = record
    return out


def norm(value):
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > 18 and value[10:11] == "T":
        return datetime.fromisoformat(value).astimezone(timezone.utc).isoformat()
    return value


def live_rows(dsn: str, stream: str) -> dict[tuple, dict]:
    keys = SHEETS[stream].get("key_columns") or [ROW_NUMBER]
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(f'SELECT * FROM {SCHEMA}."{stream}" WHERE _sdc_deleted_at IS NULL')
        return {tuple(row[k] for k in keys): dict(row) for row in cur.fetchall()}


def assert_warehouse_matches(sandbox, dsn: str) -> None:
    for stream in SHEETS:
        want, have = expected(sandbox, stream), live_rows(dsn, stream)
        assert sorted(map(str, have)) == sorted(map(str, want)), f"{stream}: different keys"
        diffs = [(stream, key, col, have[key].get(col), value) for key, record in want.items()
                 for col, value in record.items() if norm(have[key].get(col)) != norm(value)]
        assert not diffs, diffs[:5]


def test_full_edit_rerun_equals_the_sheets(fresh_sandbox, warehouse_dsn):
    sandbox = fresh_sandbox
    config = tap_config(sandbox)
    state = run_pipeline(TAP, config, warehouse_dsn, SCHEMA)
    assert_warehouse_matches(sandbox, warehouse_dsn)
    assert set(state["bookmarks"]) == set(SHEETS)

    spend = sandbox.dump(VENDOR, "spend")
    sandbox.mutate(VENDOR, {"object": "spend", "action": "update", "row": spend[5]["row"],
                            "values": [*spend[5]["values"][:1], "$9,999.00", *spend[5]["values"][2:]]})
    sandbox.mutate(VENDOR, {"object": "spend", "action": "delete", "row": spend[3]["row"]})  # rows below move up
    leads = sandbox.dump(VENDOR, "leads_2025")
    sandbox.mutate(VENDOR, {"object": "leads_2025", "action": "delete", "row": leads[2]["row"]})
    sandbox.mutate(VENDOR, {"object": "leads_2025", "action": "append",
                            "values": [46100.5, "New", "Lead", "8045550100", "new.lead@mail.example"]})
    final = run_pipeline(TAP, config, warehouse_dsn, SCHEMA, state=state)
    assert_warehouse_matches(sandbox, warehouse_dsn)
    assert live_rows(warehouse_dsn, "marketing_spend")[(spend[5]["values"][5],)]["cost"] == "$9,999.00"
    assert (spend[3]["values"][5],) not in live_rows(warehouse_dsn, "marketing_spend"), "a deleted row is retired"
    assert final["bookmarks"]["marketing_spend"]["modified_time"] > state["bookmarks"]["marketing_spend"]["modified_time"]
    assert final["bookmarks"]["marketing_leads_2024"] == state["bookmarks"]["marketing_leads_2024"]


def test_unchanged_sheets_are_not_read(fresh_sandbox):
    sandbox = fresh_sandbox
    config = tap_config(sandbox)
    full = run_tap(TAP, config)
    assert full.returncode == 0, full.stderr[-2000:]
    sandbox.mutate(VENDOR, {"object": "spend", "action": "touch"})
    sandbox.clear_requests()
    again = run_tap(TAP, config, state=full.state)
    assert again.returncode == 0, again.stderr[-2000:]
    reads = [r["path"] for r in sandbox.requests(VENDOR) if "/values/" in r["path"]]
    assert len(reads) == 1 and reads[0].startswith("/v4/spreadsheets/17AeA4"), reads
    assert set(again.records) == {"marketing_spend"}
    drive = [r for r in sandbox.requests(VENDOR) if r["path"].startswith("/drive/")]
    assert len(drive) == 3, "one modifiedTime check per sheet"
    versions = [m for m in again.messages if m["type"] == "ACTIVATE_VERSION"]
    assert [m["stream"] for m in versions] == ["marketing_spend"], "a skipped sheet retires nothing"


def test_an_inserted_row_keeps_natural_keys(fresh_sandbox):
    sandbox = fresh_sandbox
    config = tap_config(sandbox)
    before = {r["campaign_id"]: r for r in run_tap(TAP, config, streams=["marketing_spend"]).records["marketing_spend"]}
    sandbox.mutate(VENDOR, {"object": "spend", "action": "insert", "row": 2,
                            "values": [45700, 120.5, "Richmond", "Radio", "RIC Radio 02/2025", "CR1"]})
    after = {r["campaign_id"]: r for r in run_tap(TAP, config, streams=["marketing_spend"]).records["marketing_spend"]}
    assert set(after) == set(before) | {"CR1"}
    assert after["CR1"][ROW_NUMBER] == 2 and after["CR1"]["cost"] == "120.5"
    moved = [c for c in before if after[c][ROW_NUMBER] != before[c][ROW_NUMBER] + 1]
    assert not moved, "every other row moved down one and kept its key"
    assert all({k: v for k, v in after[c].items() if k not in (ROW_NUMBER, MODIFIED)}
               == {k: v for k, v in before[c].items() if k not in (ROW_NUMBER, MODIFIED)} for c in before)
