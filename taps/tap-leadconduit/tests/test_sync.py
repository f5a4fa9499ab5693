"""Full sync → new events at LeadConduit → delta: the warehouse holds exactly the emulation's events,
read once each, in id order, with the documented parameters."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs

import psycopg2
import psycopg2.extras

from tests.harness.pipeline import run_pipeline

from tap_common.testing import bookmark

from .conftest import SCHEMA, START_DATE, TAP, VENDOR, event_requests, tap_config

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def norm(value):
    """One spelling per value: instants in UTC; nested objects compared as they are."""
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    if isinstance(value, str) and ISO.match(value):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def warehouse(dsn: str) -> dict[str, dict]:
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor(
            cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(f"SELECT * FROM {SCHEMA}.events")
        return {row["id"]: dict(row) for row in cur.fetchall()}


def assert_warehouse_matches(sandbox, dsn: str) -> dict[str, dict]:
    expected = {e["id"]: e for e in sandbox.dump(VENDOR, "events")}
    loaded = warehouse(dsn)
    assert sorted(loaded) == sorted(expected), "different event ids"
    diffs = [(eid, key, loaded[eid].get(key), value) for eid, event in expected.items()
             for key, value in event.items() if norm(loaded[eid].get(key)) != norm(value)]
    assert not diffs, diffs[:5]
    return loaded


def queries(sandbox) -> list[dict[str, str]]:
    return [{k: v[0] for k, v in parse_qs(r["query"]).items()} for r in event_requests(sandbox)]


def test_full_sync_new_events_delta(paged, warehouse_dsn):
    sandbox = paged
    config = tap_config(sandbox)
    state = run_pipeline(TAP, config, warehouse_dsn, SCHEMA)
    loaded = assert_warehouse_matches(sandbox, warehouse_dsn)
    assert bookmark(state, "events") == max(loaded)
    asked = queries(sandbox)
    # oldest first, asked for explicitly (LeadConduit's default is newest first), the maximum page,
    # `start` from start_date, then after the last id of each page until an empty page
    assert all(q["sort"] == "asc" and q["limit"] == "1000" and q["start"] == START_DATE for q in asked)
    assert "after_id" not in asked[0] and len(asked) == -(-len(loaded) // 40) + 1
    ids = sorted(loaded)
    assert [q["after_id"] for q in asked[1:]] == [ids[min(k * 40, len(ids)) - 1] for k in range(1, len(asked))]
    assert not any("credential" in e for e in loaded.values()), "a recipient's stored login never lands"
    assert all(e["other"] == {"recipient_record_id": e["other"]["recipient_record_id"]}
               for e in loaded.values() if e["type"] == "recipient" and e["outcome"] == "success")

    # Between the syncs: three new leads at one instant (carrying a field LeadConduit added
    # meanwhile), feedback on an old lead, and a homeowner submitting just before midnight
    # and again just after it.
    fresh = sandbox.mutate(VENDOR, {"action": "create", "object": "leads", "count": 3,
                                    "extra": {"routing_score": 87}})
    at = datetime.fromisoformat(fresh["at"].replace("Z", "+00:00"))
    old_lead = sandbox.dump(VENDOR, "leads")[0]["lead_id"]
    feedback = sandbox.mutate(VENDOR, {"action": "create", "object": "feedback", "ids": [old_lead],
                                       "type": "return", "reason": "Wrong number",
                                       "at": (at + timedelta(hours=1)).isoformat()})
    night = (at + timedelta(days=2)).replace(hour=23, minute=59, second=59, microsecond=700_000)
    late = sandbox.mutate(VENDOR, {"action": "create", "object": "leads", "count": 1, "at": night.isoformat()})
    again = sandbox.mutate(VENDOR, {"action": "resubmit", "object": "leads", "ids": late["leads"],
                                    "at": (night + timedelta(seconds=25)).isoformat()})
    sandbox.clear_requests()

    final = run_pipeline(TAP, config, warehouse_dsn, SCHEMA, state=state)
    loaded = assert_warehouse_matches(sandbox, warehouse_dsn)
    new_ids = set(fresh["ids"] + feedback["ids"] + late["ids"] + again["ids"])
    assert new_ids <= set(loaded) and bookmark(final, "events") == max(loaded) == max(new_ids)
    asked = queries(sandbox)
    # the delta starts right after the bookmark (exclusive), without `start`
    assert asked[0]["after_id"] == bookmark(state, "events") and "start" not in asked[0]
    assert all(q["sort"] == "asc" for q in asked)
    assert {loaded[i]["other"].get("routing_score") for i in fresh["ids"]} == {87}


def test_a_delta_with_nothing_new_reads_one_empty_page(fresh_sandbox, warehouse_dsn):
    config = tap_config(fresh_sandbox)
    state = run_pipeline(TAP, config, warehouse_dsn, SCHEMA)
    fresh_sandbox.clear_requests()
    final = run_pipeline(TAP, config, warehouse_dsn, SCHEMA, state=state)
    assert [q["after_id"] for q in queries(fresh_sandbox)] == [bookmark(state, "events")]
    assert bookmark(final, "events") == bookmark(state, "events")
