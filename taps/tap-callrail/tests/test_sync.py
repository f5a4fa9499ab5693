"""Full sync → mutations at CallRail → delta: the warehouse holds exactly the sandbox's data."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import psycopg2
import psycopg2.extras

from tests.harness.pipeline import run_pipeline

from tap_common.testing import bookmark

from .conftest import account_ctx, tap_config

STREAMS = ("accounts", "companies", "trackers", "calls", "form_submissions", "text_messages",
           "tags", "users")
SCHEMA = "callrail"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


#: Documented as strings (``"27"``), loaded into integer columns.
NUMERIC_STRINGS = {"recording_duration"}


def norm(value, key: str | None = None):
    """One spelling per value: instants in UTC, numerics as floats."""
    if key in NUMERIC_STRINGS and isinstance(value, str):
        return float(value)
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    if isinstance(value, str) and ISO.match(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    return value


def warehouse(dsn: str, stream: str, deleted: bool = False) -> dict[str, dict]:
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor(
            cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(f'SELECT * FROM {SCHEMA}."{stream}" WHERE _sdc_deleted_at IS {"NOT " if deleted else ""}NULL')
        return {str(row["id"]): dict(row) for row in cur.fetchall()}


def assert_warehouse_matches(sandbox, dsn: str) -> None:
    for stream in STREAMS:
        expected = {str(r["id"]): r for r in sandbox.dump("callrail", stream)}
        loaded = warehouse(dsn, stream)
        assert sorted(loaded) == sorted(expected), f"{stream}: different ids"
        diffs = [(stream, rid, key, loaded[rid].get(key), value)
                 for rid, record in expected.items() for key, value in record.items()
                 if norm(loaded[rid].get(key), key) != norm(value, key)]
        assert not diffs, diffs[:5]


def test_full_sync_mutations_delta(fresh_sandbox, warehouse_dsn):
    sandbox = fresh_sandbox
    config = tap_config(sandbox)
    state = run_pipeline("tap-callrail", config, warehouse_dsn, SCHEMA)
    assert_warehouse_matches(sandbox, warehouse_dsn)

    accounts = sorted(sandbox.dump("callrail", "accounts"), key=lambda a: a["name"])
    first, second = accounts[0]["id"], accounts[1]["id"]
    calls = sandbox.dump("callrail", "calls")
    # A note edited on a call inside the lookback window before the second account's bookmark.
    mark = datetime.fromisoformat(bookmark(state, "calls", account_ctx(second)))
    recent = [c for c in calls if c["account_id"] == second
              and norm(c["start_time"]) > mark - timedelta(days=6)]
    edited = min(recent, key=lambda c: norm(c["start_time"]))["id"]
    sandbox.mutate("callrail", {"action": "update", "object": "calls", "ids": [edited],
                                "changes": {"note": "Signed contract", "lead_status": "good_lead"}})
    new = sandbox.mutate("callrail", {"action": "create", "object": "calls", "account_id": first,
                                      "count": 3})["ids"]
    tag = next(t for t in sandbox.dump("callrail", "tags")
               if t["account_id"] == first and t["tag_level"] == "company")
    sandbox.mutate("callrail", {"action": "delete", "object": "tags", "ids": [tag["id"]]})
    conversation = next(c for c in sandbox.dump("callrail", "text_messages") if c["account_id"] == first)
    sandbox.mutate("callrail", {"action": "create", "object": "text_messages",
                                "ids": [conversation["id"]], "content": "Is Tuesday OK?"})
    sandbox.clear_requests()

    final = run_pipeline("tap-callrail", config, warehouse_dsn, SCHEMA, state=state)
    assert_warehouse_matches(sandbox, warehouse_dsn)
    loaded = warehouse(warehouse_dsn, "calls")
    assert loaded[edited]["note"] == "Signed contract" and set(new) <= set(loaded)
    assert str(tag["id"]) in warehouse(warehouse_dsn, "tags", deleted=True)
    assert warehouse(warehouse_dsn, "text_messages")[conversation["id"]]["recent_messages"][0]["content"] \
        == "Is Tuesday OK?"
    # The delta asked each account for its own window: bookmark − lookback − a day of time-zone slack.
    for account in (first, second):
        want = (datetime.fromisoformat(bookmark(state, "calls", account_ctx(account))) - timedelta(days=8)).date()
        sent = {re.search(r"start_date=([\d-]+)", r["query"]).group(1)
                for r in sandbox.requests("callrail") if f"/a/{account}/calls.json" in r["path"]}
        assert sent == {want.isoformat()}
    assert bookmark(final, "calls", account_ctx(first)) > bookmark(state, "calls", account_ctx(first))
    assert bookmark(final, "calls", account_ctx(second)) == bookmark(state, "calls", account_ctx(second))
