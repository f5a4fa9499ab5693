"""The emulation keeps Arrivy's documented contract (CONTRACT.md), which the tap relies on."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import requests

EASTERN = ZoneInfo("America/New_York")
HEADERS = {"X-Auth-Key": "demo-arrivy-key", "X-Auth-Token": "demo-arrivy-token"}


@pytest.fixture
def get(fresh_sandbox):
    base = fresh_sandbox.vendor_url("arrivy") + "/api"
    return lambda path, headers=HEADERS, **params: requests.get(base + path, headers=headers, params=params,
                                                                timeout=30)


@pytest.mark.parametrize("headers", [{}, {"X-Auth-Key": "demo-arrivy-key"},
                                     {**HEADERS, "X-Auth-Token": "wrong"}])
def test_both_headers_or_the_documented_401(get, headers):
    answer = get("/tasks", headers=headers)
    assert answer.status_code == 401
    assert answer.json() == {"message": "UNAUTHORIZED", "description": "Wrong Credentials"}


def test_lists_are_bare_arrays_with_documented_page_defaults(get, fresh_sandbox):
    assert len(get("/groups").json()) == len(fresh_sandbox.dump("arrivy", "groups"))  # 8 < 100
    assert [g["id"] for g in get("/groups", items_per_page=3, page=3).json()] == \
        [g["id"] for g in fresh_sandbox.dump("arrivy", "groups")][6:9]
    for bad in ("0", "501", "ten"):
        answer = get("/tasks", items_per_page=bad)
        assert answer.status_code == 400
        assert answer.json() == {"message": "INVALID_INPUT", "description": "Invalid items_per_page"}


def test_from_and_to_select_by_schedule_and_unscheduled_tasks_only_on_request(get, fresh_sandbox):
    tasks = fresh_sandbox.dump("arrivy", "tasks")
    scheduled = {t["id"] for t in tasks if not t["unscheduled"]}
    unscheduled = {t["id"] for t in tasks if t["unscheduled"]}
    assert unscheduled and {t["id"] for t in get("/tasks").json()} == scheduled
    assert {t["id"] for t in get("/tasks", unscheduled="true").json()} == unscheduled
    def start(t):
        return datetime.fromisoformat(t["start_datetime"]).replace(tzinfo=timezone.utc)

    first = min((t for t in tasks if t["id"] in scheduled), key=start)
    lo, hi = start(first), start(first) + timedelta(days=30)
    window = get("/tasks", **{"from": lo.astimezone(EASTERN).isoformat(), "to": hi.isoformat()}).json()
    expected = {t["id"] for t in tasks if t["id"] in scheduled and lo <= start(t) <= hi}
    assert first["id"] in expected and {t["id"] for t in window} == expected
    # An unencoded "+" arrives as a space: Arrivy says it must be URL-encoded.
    assert get("/tasks?from=2025-06-01T00:00:00+00:00").status_code == 400


def test_datetimes_are_utc_without_offset_plus_the_original_strings(get):
    task = next(t for t in get("/tasks").json() if t["start_datetime"])
    start = datetime.fromisoformat(task["start_datetime"])
    original = datetime.fromisoformat(task["start_datetime_original_iso_str"])
    assert start.tzinfo is None and original.tzinfo is not None
    assert start.replace(tzinfo=timezone.utc) == original
    status = get(f"/tasks/{task['id']}/status").json()[0]
    assert datetime.fromisoformat(status["time"]).tzinfo is None and status["time_original_iso_str"]


def test_status_history_and_deleted_tasks(get, fresh_sandbox):
    task = fresh_sandbox.dump("arrivy", "tasks")[0]
    history = get(f"/tasks/{task['id']}/status").json()
    assert history == sorted(history, key=lambda s: s["time"]) and {"id", "type", "time"} <= set(history[0])
    fresh_sandbox.mutate("arrivy", {"action": "delete", "object": "tasks", "ids": [task["id"]]})
    gone = get(f"/tasks/{task['id']}/status")
    assert gone.status_code == 404 and gone.json()["message"] == "NOT_FOUND"


def test_every_change_to_a_task_moves_its_updated(get, fresh_sandbox):
    task = fresh_sandbox.dump("arrivy", "tasks")[0]
    before = get(f"/tasks/{task['id']}").json()["updated"]
    status = get(f"/tasks/{task['id']}/status").json()[0]
    fresh_sandbox.mutate("arrivy", {"action": "delete", "object": "task_statuses", "ids": [status["id"]],
                                    "at": "2030-01-01T00:00:00Z"})
    assert get(f"/tasks/{task['id']}").json()["updated"] == "2030-01-01T00:00:00" > before
