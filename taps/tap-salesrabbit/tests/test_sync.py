"""Full sync → changes at SalesRabbit → delta: the warehouse holds exactly the emulation's data.

Columns are SalesRabbit's camelCase fields in snake_case (the loader's naming); deleted leads are
rows marked ``_sdc_deleted_at``; removed users are retired by ACTIVATE_VERSION.
"""

from __future__ import annotations

import re
from contextlib import closing
from datetime import date, datetime, timezone
from decimal import Decimal

import psycopg2
import psycopg2.extras

from tests.harness.pipeline import run_pipeline
from target_warehouse.identifiers import conform_name

from .conftest import VENDOR, tap_config

SCHEMA = "salesrabbit"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def norm(value):
    """One spelling per value: instants in UTC, dates as text, numbers as floats."""
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and ISO.match(value):
        return datetime.fromisoformat(value).astimezone(timezone.utc)
    return value


def warehouse(dsn: str, stream: str) -> dict[int, dict]:
    """Every row of the table by id (deleted ones included)."""
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(f'SELECT * FROM {SCHEMA}."{stream}"')
        return {row["id"]: dict(row) for row in cur.fetchall()}


def assert_warehouse_matches(sandbox, dsn: str) -> None:
    """Leads: every lead, deleted ones marked.  Users: the live rows are exactly SalesRabbit's."""
    for stream in ("leads", "users"):
        expected = {r["id"]: r for r in sandbox.dump(VENDOR, stream)}
        loaded = warehouse(dsn, stream)
        if stream == "users":
            loaded = {i: row for i, row in loaded.items() if row["_sdc_deleted_at"] is None}
        assert sorted(loaded) == sorted(expected), f"{stream}: different ids"
        diffs = [(stream, i, key, loaded[i].get(conform_name(key)), value)
                 for i, record in expected.items() for key, value in record.items()
                 if norm(loaded[i].get(conform_name(key))) != norm(value)]
        assert not diffs, diffs[:5]


def test_full_sync_changes_delta(fresh_sandbox, warehouse_dsn):
    sandbox = fresh_sandbox
    config = tap_config(sandbox)
    state = run_pipeline("tap-salesrabbit", config, warehouse_dsn, SCHEMA)
    assert_warehouse_matches(sandbox, warehouse_dsn)
    leads = warehouse(warehouse_dsn, "leads")
    assert any(row["_sdc_deleted_at"] for row in leads.values()), "the world has deleted leads"
    sample = next(row for row in leads.values() if row["status"] == "Appointment Set")
    assert sample["address"]["street1"] and sample["coordinates"]["latitude"], "nested objects land as jsonb"

    changed = sandbox.mutate(VENDOR, {"action": "update", "object": "leads", "count": 3})["ids"]
    created = sandbox.mutate(VENDOR, {"action": "create", "object": "leads", "count": 4})["ids"]
    deleted = sandbox.mutate(VENDOR, {"action": "delete", "object": "leads", "ids": created[:1] + changed[:1]})["ids"]
    restored = next(i for i, row in leads.items() if row["_sdc_deleted_at"])
    sandbox.mutate(VENDOR, {"action": "restore", "object": "leads", "ids": [restored]})
    users = sorted(u["id"] for u in sandbox.dump(VENDOR, "users"))
    sandbox.mutate(VENDOR, {"action": "remove", "object": "users", "ids": users[:1]})
    sandbox.mutate(VENDOR, {"action": "deactivate", "object": "users", "ids": users[1:2]})
    new_user = sandbox.mutate(VENDOR, {"action": "create", "object": "users"})["ids"]

    final = run_pipeline("tap-salesrabbit", config, warehouse_dsn, SCHEMA, state=state)
    assert_warehouse_matches(sandbox, warehouse_dsn)
    leads = warehouse(warehouse_dsn, "leads")
    assert all(leads[i]["notes"] == "Knocked again" for i in changed[1:])
    assert set(created) <= set(leads) and all(leads[i]["_sdc_deleted_at"] for i in deleted)
    assert leads[restored]["_sdc_deleted_at"] is None and leads[restored]["deleted_at"] is None
    people = warehouse(warehouse_dsn, "users")
    assert people[users[0]]["_sdc_deleted_at"] is not None, "a removed user is retired"
    assert people[users[1]]["active"] is False and set(new_user) <= set(people)
    assert final["bookmarks"]["leads"]["replication_key_value"] > state["bookmarks"]["leads"]["replication_key_value"]


def test_delta_reads_only_what_changed(fresh_sandbox, warehouse_dsn):
    sandbox = fresh_sandbox
    config = tap_config(sandbox)
    state = run_pipeline("tap-salesrabbit", config, warehouse_dsn, SCHEMA)
    before = warehouse(warehouse_dsn, "leads")
    sandbox.mutate(VENDOR, {"action": "update", "object": "leads", "count": 2})
    run_pipeline("tap-salesrabbit", config, warehouse_dsn, SCHEMA, state=state)
    after = warehouse(warehouse_dsn, "leads")
    reloaded = {i for i in after if after[i]["_sdc_batched_at"] != before.get(i, {}).get("_sdc_batched_at")}
    bookmark = datetime.fromisoformat(state["bookmarks"]["leads"]["replication_key_value"])
    # the two changed leads, plus the ones of the re-read boundary second (bookmark − 1 s … bookmark)
    boundary = {i for i, row in before.items() if (bookmark - row["date_modified"]).total_seconds() <= 1}
    assert len(reloaded - boundary) == 2, sorted(reloaded)
