"""Injected faults: transient ones are retried to a complete sync, credential ones stop the run."""

from __future__ import annotations

import re

import pytest

from tap_common.testing import CREDENTIAL_FAULTS, PERSISTENT_FAULT, TRANSIENT_FAULTS, bookmark, run_tap

from .conftest import TAP, account_ctx, tap_config

STREAMS = ("accounts", "companies", "trackers", "calls", "form_submissions", "text_messages",
           "tags", "users")
#: Small pages, so faults land in the middle of a paginated read.
PAGE = 7


@pytest.fixture
def paged(fresh_sandbox):
    fresh_sandbox.configure("callrail", max_per_page=PAGE)
    return fresh_sandbox


def assert_complete(run, sandbox) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    for stream in STREAMS:
        loaded = {str(r["id"]) for r in run.records.get(stream, [])}
        assert loaded == {str(r["id"]) for r in sandbox.dump("callrail", stream)}, stream


def test_pagination_reads_every_page(paged):
    run = run_tap(TAP, tap_config(paged))
    assert_complete(run, paged)
    calls = [r for r in paged.requests("callrail") if re.search(r"/calls(\.json)?$", r["path"])]
    # next_page is called as given: the docs' shape, ``…/calls?…&offset=1…`` (no ``.json``)
    assert any("offset=" in r["query"] and r["path"].endswith("/calls") for r in calls), \
        "relative pagination followed next_page"
    tags = [r for r in paged.requests("callrail") if r["path"].endswith("/tags.json")]
    assert any("page=2" in r["query"] for r in tags), "offset pagination went past page 1"


#: Where each shared fault hits (path, requests let through first): spread over the streams,
#: in the middle of paginated reads.
TARGETS = {
    "429 + Retry-After": (r"/calls(\.json)?$", 1),
    "429, no Retry-After": (r"/trackers\.json$", 1),
    "500": (r"/form_submissions\.json$", 2),
    "502": (r"/a\.json$", 0),
    "503": (r"/text-messages\.json$", 1),
    "timeout (slow > client timeout)": (r"/users\.json$", 1),
    "connection reset": (r"/tags\.json$", 2),
    "truncated body": (r"/calls(\.json)?$", 3),
}


@pytest.mark.parametrize("name", TRANSIENT_FAULTS)
def test_transient_fault_is_retried(paged, name):
    path, skip = TARGETS[name]
    rule = {**TRANSIENT_FAULTS[name], "vendor": "callrail", "path": path, "skip": skip}
    paged.faults([rule])
    run = run_tap(TAP, tap_config(paged))
    assert [r["fired"] for r in paged.fault_report()] == [rule["times"]]
    assert_complete(run, paged)


@pytest.mark.parametrize("status", [401, 403])
def test_credential_rejected_stops_the_run_naming_api_key(paged, accounts, status):
    """Mid-run, on the second account's calls: no retry, that account's bookmark never moves."""
    first, second = accounts[0]["id"], accounts[1]["id"]
    rule = CREDENTIAL_FAULTS["401 mid-run (token expires)" if status == 401 else "403 (permission withdrawn)"]
    paged.faults([{"vendor": "callrail", "path": f"/a/{second}/calls(\\.json)?$", "skip": 1, **rule}])
    run = run_tap(TAP, tap_config(paged))
    assert run.returncode != 0
    assert "'api_key'" in run.stderr and f"HTTP {status}" in run.stderr
    failed = [r for r in paged.requests("callrail") if r["status"] == status]
    assert len(failed) == 1, "a rejected credential is not retried"
    assert bookmark(run.state, "calls", account_ctx(first)) is not None
    assert bookmark(run.state, "calls", account_ctx(second)) is None

    paged.faults([])
    rerun = run_tap(TAP, tap_config(paged), state=run.state)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    calls = {r["id"] for r in rerun.records.get("calls", []) if r["account_id"] == second}
    assert calls == {c["id"] for c in paged.dump("callrail", "calls") if c["account_id"] == second}


def test_bad_key_fails_before_any_record(fresh_sandbox):
    run = run_tap(TAP, tap_config(fresh_sandbox, api_key="not-a-key"))
    assert run.returncode != 0 and "'api_key'" in run.stderr
    assert not [m for m in run.messages if m["type"] == "RECORD"]


def test_persistent_5xx_fails_after_the_configured_attempts(fresh_sandbox):
    fresh_sandbox.faults([{**PERSISTENT_FAULT, "vendor": "callrail", "path": r"/users\.json$"}])
    run = run_tap(TAP, tap_config(fresh_sandbox, backoff_max_tries=3))
    assert run.returncode != 0
    assert [r["fired"] for r in fresh_sandbox.fault_report()] == [3]
