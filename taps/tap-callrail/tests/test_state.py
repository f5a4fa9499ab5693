"""Bookmarks: one per account and stream, the largest value loaded, the lookback applied on read."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from tap_callrail.client import retention_floor

from tap_common.testing import run_tap

from .conftest import START_DATE, TAP, account_ctx, tap_config

INCREMENTAL = {"calls": "start_time", "form_submissions": "submitted_at",
               "text_messages": "last_message_at"}


def _utc(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(timezone.utc)


def _start_dates(sandbox, account_id: str, resource: str) -> set[str]:
    return {re.search(r"start_date=([\d-]+)", r["query"]).group(1)
            for r in sandbox.requests("callrail") if r["path"] == f"/v3/a/{account_id}/{resource}.json"}


def test_bookmark_is_the_largest_value_loaded_per_account(fresh_sandbox, accounts):
    run = run_tap(TAP, tap_config(fresh_sandbox))
    assert run.returncode == 0, run.stderr[-2000:]
    for stream, key in INCREMENTAL.items():
        for account in accounts:
            values = [r[key] for r in run.records.get(stream, []) if r["account_id"] == account["id"]]
            assert values, (stream, account["name"])
            assert run.bookmark(stream, account_ctx(account["id"])) == max(values, key=_utc)
    # A first sync starts at start_date (less a day of time-zone slack), with no lookback, but
    # never before CallRail's 25-month retention window (START_DATE lies before it).
    floor = retention_floor(25)
    assert _utc(START_DATE).date() < floor
    assert _start_dates(fresh_sandbox, accounts[0]["id"], "calls") == {floor.isoformat()}


def test_two_accounts_keep_separate_bookmarks(fresh_sandbox, accounts):
    sandbox = fresh_sandbox
    first, second = accounts[0]["id"], accounts[1]["id"]
    full = run_tap(TAP, tap_config(sandbox))
    at = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(minutes=5)
    sandbox.mutate("callrail", {"action": "create", "object": "calls", "account_id": first,
                                "count": 2, "at": at.isoformat()})
    sandbox.clear_requests()

    delta = run_tap(TAP, tap_config(sandbox), state=full.state)
    assert delta.returncode == 0, delta.stderr[-2000:]
    assert _utc(delta.bookmark("calls", account_ctx(first))) == at
    assert delta.bookmark("calls", account_ctx(second)) == full.bookmark("calls", account_ctx(second))
    for account in (first, second):  # each account re-read from its own bookmark
        mark = _utc(full.bookmark("calls", account_ctx(account)))
        assert _start_dates(sandbox, account, "calls") == {(mark - timedelta(days=8)).date().isoformat()}
    # Only the lookback window is re-read, not the whole history.
    assert len(delta.records.get("calls", [])) < len(full.records.get("calls", [])) / 2


def test_lookback_window_bounds_what_a_delta_rereads(fresh_sandbox, accounts):
    sandbox = fresh_sandbox
    account = accounts[0]["id"]
    full = run_tap(TAP, tap_config(sandbox, lookback_days=3))
    mark = _utc(full.bookmark("calls", account_ctx(account)))
    calls = sorted((c for c in full.records.get("calls", []) if c["account_id"] == account),
                   key=lambda c: _utc(c["start_time"]))
    inside = [c["id"] for c in calls if _utc(c["start_time"]) >= mark - timedelta(days=3)]
    outside = [c["id"] for c in calls if _utc(c["start_time"]) < mark - timedelta(days=5)]
    sandbox.mutate("callrail", {"action": "update", "object": "calls", "ids": [inside[0], outside[0]],
                                "changes": {"note": "edited later"}})

    delta = run_tap(TAP, tap_config(sandbox, lookback_days=3), state=full.state)
    notes = {r["id"]: r["note"] for r in delta.records.get("calls", [])}
    assert notes[inside[0]] == "edited later"
    assert outside[0] not in notes  # older than the window: picked up by a wider lookback or a full sync


def test_account_allow_list(fresh_sandbox, accounts):
    chosen = accounts[1]["id"]
    run = run_tap(TAP, tap_config(fresh_sandbox, account_ids=[chosen]))
    assert run.returncode == 0, run.stderr[-2000:]
    assert [a["id"] for a in run.records.get("accounts", [])] == [chosen]
    for stream in ("companies", "trackers", "calls", "form_submissions", "text_messages", "tags", "users"):
        assert {r["account_id"] for r in run.records.get(stream, [])} == {chosen}, stream
    other = {r["path"] for r in fresh_sandbox.requests("callrail") if accounts[0]["id"] in r["path"]}
    assert not other


def test_start_date_is_a_documented_filter(fresh_sandbox, accounts):
    """No undocumented ``start_time=``/``sent_at=``; ``fields=`` carries the extra call fields."""
    run_tap(TAP, tap_config(fresh_sandbox))
    queries = [r["query"] for r in fresh_sandbox.requests("callrail")]
    assert not any(re.search(r"(^|&)(start_time|sent_at|submission_time)=", q) for q in queries)
    calls = [q for q in queries if "relative_pagination=true" in q]
    assert calls and all("fields=agent_email%2Ccall_type%2Ccampaign%2Ccompany_id" in q for q in calls)
    assert START_DATE.startswith("2023-01-01")
