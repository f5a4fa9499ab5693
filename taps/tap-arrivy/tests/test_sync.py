"""Full sync → edits at Arrivy that the predecessor's delta missed → delta: nothing is missed.

The predecessor asked for tasks *scheduled* after its last run, so edits to tasks scheduled long
ago, unscheduled tasks and deletions never reached the warehouse. Here every kind of edit lands
on tasks scheduled months ago, and the delta must leave the warehouse equal to Arrivy: every
table exactly; task_statuses holding every status Arrivy has, the only leftovers being the
statuses of the deleted task and the one deleted status, which the next full pass retires.
"""

from __future__ import annotations

import re
from contextlib import closing
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import psycopg2
import psycopg2.extras

from tests.harness.pipeline import run_pipeline

from .conftest import STREAMS, TAP, key, tap_config

SCHEMA = "arrivy"
ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")
HISTORY = re.compile(r"/api/tasks/(\d+)/status$")


def norm(value):
    """One spelling per value: instants in UTC (Arrivy's naive strings are UTC), numbers as floats."""
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and ISO.match(value):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    return value


def warehouse(dsn: str, stream: str, deleted: bool = False) -> dict[tuple, dict]:
    with closing(psycopg2.connect(dsn)) as conn, conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(f'SELECT * FROM {SCHEMA}."{stream}" WHERE _sdc_deleted_at IS {"NOT " if deleted else ""}NULL')
        return {key(stream, row): dict(row) for row in cur.fetchall()}


def differences(sandbox, dsn: str, stream: str) -> tuple[set, set, list]:
    """(keys only Arrivy has, keys only the warehouse has live, differing values)."""
    expected = {key(stream, r): r for r in sandbox.dump("arrivy", stream)}
    loaded = warehouse(dsn, stream)
    diffs = [(stream, k, field, loaded[k].get(field, "<no column>"), value)
             for k, record in expected.items() if k in loaded
             for field, value in record.items() if norm(loaded[k].get(field)) != norm(value)]
    return set(expected) - set(loaded), set(loaded) - set(expected), diffs


def assert_equal(sandbox, dsn: str, streams=STREAMS) -> None:
    for stream in streams:
        missing, extra, diffs = differences(sandbox, dsn, stream)
        assert not missing and not extra and not diffs, (stream, sorted(missing)[:5], sorted(extra)[:5], diffs[:5])


def mutate(sandbox, action: str, obj: str, ids: list, **body) -> list:
    return sandbox.mutate("arrivy", {"action": action, "object": obj, "ids": ids, **body})["ids"]


def test_delta_misses_no_edited_task(fresh_sandbox, warehouse_dsn):
    sandbox, dsn = fresh_sandbox, warehouse_dsn
    config = tap_config(sandbox)
    state = run_pipeline(TAP, config, dsn, SCHEMA)
    assert_equal(sandbox, dsn)
    bookmark = state["bookmarks"]["task_statuses"]["updated_through"]

    tasks = sandbox.dump("arrivy", "tasks")
    long_ago = datetime.now(timezone.utc) - timedelta(days=120)
    old = sorted((t for t in tasks if t["start_datetime"] and norm(t["start_datetime"]) < long_ago),
                 key=lambda t: t["start_datetime"])
    edited, noted, moved, unscheduled, deleted, reopened = (t["id"] for t in old[:6])
    completed = next(t["id"] for t in tasks if t["status"] == "CANCELLED")
    booked = next(t["id"] for t in tasks if t["unscheduled"])
    history = sandbox.dump("arrivy", "task_statuses")
    pruned = next(t for t in old[6:] if sum(s["task_id"] == t["id"] for s in history) > 1)
    dropped = next(s for s in history if s["task_id"] == pruned["id"])
    deleted_statuses = {key("task_statuses", s) for s in history if s["task_id"] == deleted} \
        | {key("task_statuses", dropped)}
    builtin = next(s for s in sandbox.dump("arrivy", "statuses") if "updated" not in s)

    mutate(sandbox, "update", "tasks", [edited], changes={"title": "Re-roof (warranty)", "details": "Redo flashing"})
    mutate(sandbox, "report_status", "tasks", [noted], type="CUSTOM", notes="Customer called: leak is back")
    mutate(sandbox, "reschedule", "tasks", [moved], days=-30)
    mutate(sandbox, "unschedule", "tasks", [unscheduled])
    mutate(sandbox, "delete", "tasks", [deleted])
    mutate(sandbox, "report_status", "tasks", [reopened], type="RESCHEDULED")
    mutate(sandbox, "report_status", "tasks", [completed], type="COMPLETE")
    mutate(sandbox, "reschedule", "tasks", [booked], start="2025-03-03T14:00:00+00:00")
    mutate(sandbox, "delete", "task_statuses", [dropped["id"]])
    created = mutate(sandbox, "create", "tasks", [], count=2)
    mutate(sandbox, "update", "statuses", [builtin["id"]], changes={"title": "On the way"})
    mutate(sandbox, "delete", "entities", [sandbox.dump("arrivy", "entities")[0]["id"]])
    mutate(sandbox, "update", "groups", [sandbox.dump("arrivy", "groups")[0]["id"]], changes={"phone": "(804) 555-0111"})
    sandbox.clear_requests()

    delta = run_pipeline(TAP, config, dsn, SCHEMA, state=state)
    assert_equal(sandbox, dsn, [s for s in STREAMS if s != "task_statuses"])
    assert set(warehouse(dsn, "tasks", deleted=True)) == {(str(deleted),)}
    missing, extra, diffs = differences(sandbox, dsn, "task_statuses")
    assert not missing and not diffs, (sorted(missing)[:5], diffs[:5])
    assert extra == deleted_statuses, "only the deleted task's statuses and the deleted status linger"

    # The delta read each changed task's history and no other (plus the tasks at the bookmark,
    # which is inclusive); the tasks themselves in full, 500 a page.
    requests = sandbox.requests("arrivy")
    histories = {int(m.group(1)) for r in requests if (m := HISTORY.search(r["path"]))}
    at_bookmark = {t["id"] for t in tasks if t["updated"] and norm(t["updated"]) == norm(bookmark)}
    changed = {edited, noted, moved, unscheduled, reopened, completed, booked, pruned["id"], *created}
    assert histories == changed | at_bookmark
    listings = [r["query"] for r in requests if r["path"] == "/api/tasks"]
    assert len(listings) == 2 and any("unscheduled=true" in q for q in listings)
    assert len(requests) == len(histories) + 2 + 4  # + entities, groups, bookings, statuses
    assert delta["bookmarks"]["task_statuses"]["updated_through"] > bookmark

    # The next period's first run re-reads every history and retires what Arrivy no longer has.
    delta["bookmarks"]["task_statuses"]["full_pass_period"] -= 1
    run_pipeline(TAP, config, dsn, SCHEMA, state=delta)
    assert_equal(sandbox, dsn)
    assert set(warehouse(dsn, "task_statuses", deleted=True)) == deleted_statuses
