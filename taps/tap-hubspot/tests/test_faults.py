"""Injected faults: the sync completes with the same result, or fails cleanly on a 401."""

from __future__ import annotations

import copy

import pytest

from tap_common.testing import CREDENTIAL_FAULTS, PERSISTENT_FAULT, TRANSIENT_FAULTS

STREAMS = ["contacts", "deals", "contact_deals"]
#: Where the fault hits: list calls and batch reads (full sync), searches (delta sync).
TARGETS = {"full": "/crm/v3/objects/contacts(/batch/read)?$", "delta": "/search$"}


@pytest.fixture(scope="module")
def baseline(sandbox, harness_class):
    sandbox.reset()
    run = harness_class(sandbox).run(streams=STREAMS)
    assert run.returncode == 0, run.stderr[-3000:]
    return harness_class.apply({}, run), run.state


@pytest.mark.parametrize("kind", ["full", "delta"])
@pytest.mark.parametrize("name", TRANSIENT_FAULTS)
def test_fault_gives_the_same_result(hubspot, baseline, name, kind):
    warehouse, state = copy.deepcopy(baseline[0]), baseline[1]
    if kind == "delta":
        hubspot.box.mutate("hubspot", {"action": "update", "object": "contacts", "count": 3,
                                       "properties": {"lifecyclestage": "customer"}})
    hubspot.box.faults([{**TRANSIENT_FAULTS[name], "vendor": "hubspot", "path": TARGETS[kind], "skip": 1}])
    run = hubspot.run(hubspot.config(request_timeout=0.5), state=state if kind == "delta" else None,
                      streams=STREAMS)
    assert run.returncode == 0, run.stderr[-3000:]
    assert sum(rule["fired"] for rule in hubspot.box.fault_report()) >= 1
    if kind == "full":
        assert hubspot.apply({}, run) == warehouse
        assert run.state == state
    hubspot.assert_matches(hubspot.apply(warehouse, run), STREAMS)


def test_expired_token_mid_run_fails_cleanly_naming_access_token(hubspot, bookmark_of):
    first = hubspot.run(streams=STREAMS)
    hubspot.box.mutate("hubspot", {"action": "update", "object": "contacts", "count": 3})
    # contact_deals (full table, no search) syncs first, then contacts' probe meets the expired token.
    hubspot.box.faults([{**CREDENTIAL_FAULTS["401 mid-run (token expires)"], "vendor": "hubspot",
                         "path": "/search$"}])
    run = hubspot.run(state=first.state, streams=STREAMS)
    assert run.returncode != 0
    assert "setting 'access_token'" in run.stderr and "HTTP 401" in run.stderr
    assert run.records.get("contact_deals") and not run.records.get("contacts") and not run.records.get("deals")
    assert not run.of_type("ACTIVATE_VERSION")  # a failed run retires no association row
    for stream in ("contacts", "deals"):
        assert bookmark_of(run.state or first.state, stream) == bookmark_of(first.state, stream)


def test_wrong_token_stops_before_any_record_or_state(hubspot):
    run = hubspot.run(hubspot.config(access_token="nope"), streams=["deals"])
    assert run.returncode != 0 and "setting 'access_token'" in run.stderr
    assert run.state is None and not run.records


def test_retries_are_bounded(hubspot):
    hubspot.box.faults([{**PERSISTENT_FAULT, "vendor": "hubspot", "path": "/crm/v3/objects/deals$"}])
    run = hubspot.run(hubspot.config(backoff_max_tries=3), streams=["deals"])
    assert run.returncode != 0 and "503" in run.stderr
    assert hubspot.box.fault_report()[0]["fired"] == 3
