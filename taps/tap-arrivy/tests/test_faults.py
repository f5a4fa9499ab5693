"""Injected faults: transient ones are retried to a complete sync, credential ones stop the run."""

from __future__ import annotations

import pytest

from tap_common.testing import CREDENTIAL_FAULTS, PERSISTENT_FAULT, TRANSIENT_FAULTS, run_tap

from .conftest import STREAMS, TAP, key, tap_config

#: Where each shared fault hits (path, requests let through first): spread over the streams, in
#: the middle of the task listing (pages of 500: the scheduled pass, then the unscheduled one)
#: and among the status histories.
TARGETS = {
    "429 + Retry-After": (r"/api/tasks$", 1),
    "429, no Retry-After": (r"/api/tasks/\d+/status$", 5),
    "500": (r"/api/entities$", 0),
    "502": (r"/api/groups$", 0),
    "503": (r"/api/tasks/\d+/status$", 11),
    "timeout (slow > client timeout)": (r"/api/bookings$", 0),
    "connection reset": (r"/api/statuses$", 0),
    "truncated body": (r"/api/tasks$", 0),
}


def assert_complete(run, sandbox) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    for stream in STREAMS:
        loaded = {key(stream, r) for r in run.records.get(stream, [])}
        assert loaded == {key(stream, r) for r in sandbox.dump("arrivy", stream)}, stream


@pytest.mark.parametrize("name", TRANSIENT_FAULTS)
def test_transient_fault_is_retried(fresh_sandbox, name):
    path, skip = TARGETS[name]
    rule = {**TRANSIENT_FAULTS[name], "vendor": "arrivy", "path": path, "skip": skip}
    fresh_sandbox.faults([rule])
    run = run_tap(TAP, tap_config(fresh_sandbox))
    assert [r["fired"] for r in fresh_sandbox.fault_report()] == [rule["times"]]
    assert_complete(run, fresh_sandbox)


def test_emulated_rate_limit_is_waited_out(fresh_sandbox):
    """Arrivy documents no limit; the emulation's own window answers 429 with Retry-After."""
    fresh_sandbox.configure("arrivy", per_second=8)
    run = run_tap(TAP, tap_config(fresh_sandbox, backoff_max_seconds=2))
    assert any(r["status"] == 429 for r in fresh_sandbox.requests("arrivy"))
    assert_complete(run, fresh_sandbox)


def test_expired_credential_names_both_settings_and_moves_no_bookmark(fresh_sandbox):
    """Mid-run, among the status histories: no retry, no history bookmark, nothing retired."""
    config = tap_config(fresh_sandbox)
    first = run_tap(TAP, config)
    assert first.returncode == 0, first.stderr[-2000:]
    state = first.state
    fresh_sandbox.mutate("arrivy", {"action": "report_status", "object": "tasks", "type": "COMPLETE",
                                    "ids": [t["id"] for t in fresh_sandbox.dump("arrivy", "tasks")[:3]]})
    fresh_sandbox.faults([{**CREDENTIAL_FAULTS["401 mid-run (token expires)"], "vendor": "arrivy",
                           "path": r"/api/tasks/\d+/status$", "skip": 1}])
    run = run_tap(TAP, config, state=state)
    assert run.returncode != 0
    assert "'auth_key', 'auth_token'" in run.stderr and "HTTP 401" in run.stderr
    assert "Wrong Credentials" in run.stderr
    assert len([r for r in fresh_sandbox.requests("arrivy") if r["status"] == 401]) == 1, "not retried"
    assert (run.state or state)["bookmarks"]["task_statuses"] == state["bookmarks"]["task_statuses"]
    assert not run.of_type("ACTIVATE_VERSION"), "a failed run retires nothing"

    fresh_sandbox.faults([])
    rerun = run_tap(TAP, config, state=run.state or state)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    changed = {r["task_id"] for r in rerun.records["task_statuses"] if r["type"] == "COMPLETE"}
    assert {t["id"] for t in fresh_sandbox.dump("arrivy", "tasks")[:3]} <= changed


def test_wrong_credentials_fail_before_any_record(fresh_sandbox):
    run = run_tap(TAP, tap_config(fresh_sandbox, auth_token="not-the-token"))
    assert run.returncode != 0 and "'auth_key', 'auth_token'" in run.stderr
    assert not run.of_type("RECORD")


def test_persistent_5xx_fails_after_the_configured_attempts(fresh_sandbox):
    fresh_sandbox.faults([{**PERSISTENT_FAULT, "vendor": "arrivy", "path": r"/api/groups$"}])
    run = run_tap(TAP, tap_config(fresh_sandbox, backoff_max_tries=3))
    assert run.returncode != 0
    assert [r["fired"] for r in fresh_sandbox.fault_report()] == [3]


def test_task_deleted_before_its_history_is_read(fresh_sandbox):
    """404 on a history (the task vanished after it was listed) is an empty history, not a failure."""
    fresh_sandbox.faults([{"fault": "status", "status": 404, "times": 1, "vendor": "arrivy",
                           "path": r"/api/tasks/\d+/status$", "skip": 2}])
    run = run_tap(TAP, tap_config(fresh_sandbox))
    assert run.returncode == 0, run.stderr[-2000:]
    missing = {key("task_statuses", s) for s in fresh_sandbox.dump("arrivy", "task_statuses")} \
        - {key("task_statuses", r) for r in run.records["task_statuses"]}
    assert len({task for task, _ in missing}) == 1, "exactly the one task's history"


def test_endpoints_outside_the_public_pages_may_be_absent(fresh_sandbox):
    """/bookings and /statuses are not in Arrivy's pages (the predecessor read them): an API that
    lacks them loses those two streams for the run, retires nothing in them, and loads the rest."""
    fresh_sandbox.faults([{"fault": "status", "status": 404, "times": None, "vendor": "arrivy",
                           "path": r"/api/(bookings|statuses)$"}])
    run = run_tap(TAP, tap_config(fresh_sandbox))
    assert run.returncode == 0, run.stderr[-2000:]
    assert "bookings" not in run.records and "statuses" not in run.records
    assert {m["stream"] for m in run.of_type("ACTIVATE_VERSION")} == {"entities", "groups", "tasks", "task_statuses"}
    assert "/bookings answers 404; this API does not offer it" in run.stderr
    assert len(run.records["tasks"]) == len(fresh_sandbox.dump("arrivy", "tasks"))
