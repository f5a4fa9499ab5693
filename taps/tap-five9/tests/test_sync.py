"""Full sync → changes at Five9 → delta: the warehouse holds exactly the emulation's data, and a
delta catches every kind of contact edit (not only dispositions)."""

from __future__ import annotations

from contextlib import closing
from datetime import date, datetime, timezone
from decimal import Decimal

import psycopg2
import psycopg2.extras

from tests.harness.pipeline import run_pipeline

from tap_common.testing import bookmark, run_tap
from tap_five9.schemas import column_name, column_names

from .conftest import TAP, tap_config

SCHEMA = "five9"
KEYS = {"contacts": ("contactID", "contact_id"), "call_log": ("CALL ID", "call_id")}


def norm(value):
    """One spelling per value: instants as aware UTC, dates as dates, numbers as floats."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (Decimal, int, float)):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) > 19 and value[10] == "T":
        return datetime.fromisoformat(value).astimezone(timezone.utc)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return date.fromisoformat(value)
    try:
        return float(value)  # e.g. COST "0.1320" in a numeric column
    except (TypeError, ValueError):
        return value


def warehouse(dsn: str, stream: str, deleted: bool = False) -> dict[str, dict]:
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(f'SELECT * FROM {SCHEMA}."{stream}" WHERE _sdc_deleted_at IS {"NOT " if deleted else ""}NULL')
        return {str(row[KEYS[stream][1]]): dict(row) for row in cur.fetchall()}


def expected(sandbox, stream: str) -> dict[str, dict]:
    """The emulation's records under the tap's column names."""
    rows = sandbox.dump("five9", stream)
    names = column_names(rows[0]) if stream == "contacts" else {k: column_name(k) for k in rows[0]}
    return {str(r[KEYS[stream][0]]): {names[k]: v for k, v in r.items()} for r in rows}


def assert_warehouse_matches(sandbox, dsn: str) -> None:
    for stream in KEYS:
        want, loaded = expected(sandbox, stream), warehouse(dsn, stream)
        assert sorted(loaded) == sorted(want), f"{stream}: different keys"
        diffs = [(stream, key, col, loaded[key].get(col), value) for key, record in want.items()
                 for col, value in record.items() if norm(loaded[key].get(col)) != norm(value)]
        assert not diffs, diffs[:5]


def test_full_sync_changes_delta(fresh_sandbox, warehouse_dsn):
    sandbox = fresh_sandbox
    config = tap_config(sandbox)
    state = run_pipeline(TAP, config, warehouse_dsn, SCHEMA)
    assert_warehouse_matches(sandbox, warehouse_dsn)
    contacts = sandbox.dump("five9", "contacts")
    # the bookmark is the largest value loaded
    assert norm(bookmark(state, "contacts")) == max(norm(c["New Contact Field"]) for c in contacts)
    assert norm(bookmark(state, "call_log")) == max(norm(c["TIMESTAMP"]) for c in sandbox.dump("five9", "call_log"))

    # Changes at one instant: an edit that is no disposition, a call with its disposition, new
    # contacts, new calls.
    ids = sorted(c["contactID"] for c in contacts)
    edited, called = ids[3], ids[7]
    before = next(c for c in contacts if c["contactID"] == edited)
    at = sandbox.mutate("five9", {"action": "update", "object": "contacts", "ids": [edited],
                                  "changes": {"Lead Status": "Contacted", "Market": "Richmond"}})["at"]
    sandbox.mutate("five9", {"action": "dispose", "object": "contacts", "ids": [called], "at": at})
    created = sandbox.mutate("five9", {"action": "create", "object": "contacts", "count": 3, "at": at})["ids"]
    calls = sandbox.mutate("five9", {"action": "create", "object": "call_log", "count": 2, "at": at})["ids"]

    delta = run_tap(TAP, config, state=state)
    assert delta.returncode == 0, delta.stderr[-3000:]
    changed = {r["contact_id"] for r in delta.records["contacts"]}
    # Only what changed (the filter is client-side: Five9 has no modified filter), and the
    # predecessor's signal (sys_last_disposition_time) would have missed the plain edit.
    assert {edited, called, *created} <= changed and len(changed) < len(contacts) / 4
    after = next(c for c in sandbox.dump("five9", "contacts") if c["contactID"] == edited)
    assert after["sys_last_disposition_time"] == before["sys_last_disposition_time"]
    assert set(calls) <= {r["call_id"] for r in delta.records["call_log"]}

    final = run_pipeline(TAP, config, warehouse_dsn, SCHEMA, state=state)
    assert_warehouse_matches(sandbox, warehouse_dsn)
    assert warehouse(warehouse_dsn, "contacts")[edited]["lead_status"] == "Contacted"
    # every change happened at `at` (calls end then, so they started before it)
    assert norm(bookmark(final, "contacts")) == norm(at)
    assert norm(bookmark(final, "call_log")) == max(norm(c["TIMESTAMP"]) for c in sandbox.dump("five9", "call_log"))

    # Inclusive restart: the records at the bookmark come again, nothing older.
    again = run_tap(TAP, config, state=final)
    assert again.returncode == 0, again.stderr[-3000:]
    at_mark = {c["contactID"] for c in sandbox.dump("five9", "contacts") if norm(c["New Contact Field"]) == norm(at)}
    assert {edited, called, *created} <= at_mark  # (the new calls dispositioned their contacts too)
    assert {r["contact_id"] for r in again.records["contacts"]} == at_mark
    assert bookmark(again.state, "contacts") == bookmark(final, "contacts")


def test_without_a_modification_field_deletions_are_retired(fresh_sandbox, warehouse_dsn):
    """An account with no LastModifiedDateTime field: contacts are a full table, and a contact
    deleted at Five9 is marked deleted after the next complete sync (ACTIVATE_VERSION)."""
    sandbox = fresh_sandbox
    sandbox.configure("five9", modified_field=False)
    config = tap_config(sandbox)
    state = run_pipeline(TAP, config, warehouse_dsn, SCHEMA)
    gone = sorted(c["contactID"] for c in sandbox.dump("five9", "contacts"))[:2]
    sandbox.mutate("five9", {"action": "delete", "object": "contacts", "ids": gone})
    run_pipeline(TAP, config, warehouse_dsn, SCHEMA, state=state)
    assert set(gone) <= set(warehouse(warehouse_dsn, "contacts", deleted=True))
    assert_warehouse_matches(sandbox, warehouse_dsn)
