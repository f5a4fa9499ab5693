"""The call log report: runReport → isReportRunning until false → getReportResult, windows that
halve when a report is cut off, and the delta's window (bookmark less the lookback)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tap_common.testing import bookmark, run_tap

from .conftest import TAP, tap_config


def calls(run) -> list[dict]:
    assert run.returncode == 0, run.stderr[-3000:]
    return run.records.get("call_log", [])


def operations(sandbox) -> list[dict]:
    return [o for o in sandbox.dump("five9", "operations") if o["operation"] != "getContactRecords"]


def test_polls_until_the_report_is_ready(fresh_sandbox):
    """Each report answers "running" four times; its result is asked for only after that
    (Five9 answers ResultIsNotReadyFault before, which would fail the sync)."""
    fresh_sandbox.configure("five9", report_running_polls=4)
    rows = calls(run_tap(TAP, tap_config(fresh_sandbox), streams=["call_log"]))
    assert sorted(r["call_id"] for r in rows) == sorted(c["CALL ID"] for c in fresh_sandbox.dump("five9", "call_log"))
    sequence = [o["operation"] for o in operations(fresh_sandbox)
                if o["operation"] in ("runReport", "isReportRunning", "getReportResult")]
    reports = sequence.count("runReport")
    assert reports >= 1
    assert sequence == ["runReport", *["isReportRunning"] * 5, "getReportResult"] * reports
    polls = [o for o in operations(fresh_sandbox) if o["operation"] == "isReportRunning"]
    assert {o["timeout"] for o in polls} == {"10"}  # Five9 may wait inside the call


def test_a_report_that_never_finishes_fails_naming_the_setting(fresh_sandbox):
    fresh_sandbox.configure("five9", report_running_polls=10_000)
    run = run_tap(TAP, tap_config(fresh_sandbox, report_timeout_seconds=1), streams=["call_log"])
    assert run.returncode != 0
    assert "still runs after 1 s (setting report_timeout_seconds)" in run.stderr


def test_cut_off_reports_are_halved_until_complete(fresh_sandbox):
    fresh_sandbox.configure("five9", max_report_rows=10)
    rows = calls(run_tap(TAP, tap_config(fresh_sandbox, report_row_limit=10), streams=["call_log"]))
    assert sorted({r["call_id"] for r in rows}) == sorted(c["CALL ID"] for c in fresh_sandbox.dump("five9", "call_log"))
    windows = [o for o in operations(fresh_sandbox) if o["operation"] == "runReport"]
    assert len(windows) > len(rows) / 10


def test_quiet_windows_grow_and_the_delta_rereads_the_lookback(fresh_sandbox):
    config = tap_config(fresh_sandbox, start_date="2015-01-01T00:00:00Z")
    full = run_tap(TAP, config, streams=["call_log"])
    calls(full)
    windows = [o for o in operations(fresh_sandbox) if o["operation"] == "runReport"]
    spans = [datetime.fromisoformat(o["end"]) - datetime.fromisoformat(o["start"]) for o in windows]
    assert max(spans) > timedelta(days=300) and len(windows) < 40  # eleven years in few reports
    mark = datetime.fromisoformat(bookmark(full.state, "call_log"))
    new = fresh_sandbox.mutate("five9", {"action": "create", "object": "call_log", "count": 2})["ids"]
    before = len(fresh_sandbox.dump("five9", "operations"))
    delta = run_tap(TAP, config, state=full.state, streams=["call_log"])
    assert set(new) <= {r["call_id"] for r in calls(delta)}
    first = next(o for o in fresh_sandbox.dump("five9", "operations")[before:] if o["operation"] == "runReport")
    assert datetime.fromisoformat(first["start"]) == mark - timedelta(minutes=60)
