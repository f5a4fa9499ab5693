"""Injected faults: transient ones are retried to a complete sync, credential ones stop the run
naming ``api_token`` with the bookmark unmoved, a 5xx that never ends fails the run."""

from __future__ import annotations

import pytest

from tap_common.testing import CREDENTIAL_FAULTS, PERSISTENT_FAULT, TRANSIENT_FAULTS, run_tap

from .conftest import TAP, VENDOR, tap_config

#: Small pages, so faults land in the middle of a paginated read (~120 leads: 6 pages).
PAGE = 20
#: Where each shared fault hits (path, requests let through first).
TARGETS = {
    "429 + Retry-After": (r"/leads$", 1),
    "429, no Retry-After": (r"/users$", 0),
    "500": (r"/leads$", 2),
    "502": (r"/users$", 1),
    "503": (r"/leads$", 3),
    "timeout (slow > client timeout)": (r"/leads$", 4),
    "connection reset": (r"/leads$", 1),
    "truncated body": (r"/users$", 0),
}


@pytest.fixture
def paged(fresh_sandbox):
    fresh_sandbox.configure(VENDOR, max_page_size=PAGE)
    return fresh_sandbox


def assert_complete(run, sandbox) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    for stream in ("leads", "users"):
        assert sorted(set(run.ids(stream))) == sorted(r["id"] for r in sandbox.dump(VENDOR, stream)), stream


@pytest.mark.parametrize("name", TRANSIENT_FAULTS)
def test_transient_fault_is_retried(paged, name):
    path, skip = TARGETS[name]
    rule = {**TRANSIENT_FAULTS[name], "vendor": VENDOR, "path": path, "skip": skip}
    paged.faults([rule])
    run = run_tap(TAP, tap_config(paged))
    assert [r["fired"] for r in paged.fault_report()] == [rule["times"]]
    assert_complete(run, paged)


@pytest.mark.parametrize("status", [401, 403])
def test_credential_rejected_stops_the_run_naming_api_token(paged, status):
    """On the third page of a delta: no retry, and the leads bookmark stays where it was."""
    config = tap_config(paged)
    first = run_tap(TAP, config, streams=["leads"])
    paged.mutate(VENDOR, {"action": "update", "object": "leads", "count": 50})
    paged.configure(VENDOR, max_page_size=10)
    rule = CREDENTIAL_FAULTS["401 mid-run (token expires)" if status == 401 else "403 (permission withdrawn)"]
    paged.faults([{"vendor": VENDOR, "path": r"/leads$", "skip": 2, **rule}])
    paged.clear_requests()
    run = run_tap(TAP, config, state=first.state, streams=["leads"])
    assert run.returncode != 0
    assert "'api_token'" in run.stderr and f"HTTP {status}" in run.stderr
    assert len([r for r in paged.requests(VENDOR) if r["status"] == status]) == 1, "not retried"
    assert run.bookmark("leads") in (None, first.bookmark("leads")), "the bookmark did not move"
    assert "demo-salesrabbit-token" not in run.stderr, "the token is never printed"


def test_a_5xx_that_never_ends_fails_the_run_with_state_unmoved(paged):
    config = tap_config(paged, backoff_max_tries=3)
    first = run_tap(TAP, config, streams=["leads"])
    paged.mutate(VENDOR, {"action": "update", "object": "leads", "count": 30})
    paged.faults([{**PERSISTENT_FAULT, "vendor": VENDOR, "path": r"/leads$", "skip": 1}])
    run = run_tap(TAP, config, state=first.state, streams=["leads"])
    assert run.returncode != 0
    assert [r["fired"] for r in paged.fault_report()] == [3]
    assert run.bookmark("leads") in (None, first.bookmark("leads"))
