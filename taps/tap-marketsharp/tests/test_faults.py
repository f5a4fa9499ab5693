"""Injected faults: transient ones are retried to a complete sync, credential ones stop the run
naming every credential setting with the bookmark unmoved; broken and malformed bodies."""

from __future__ import annotations

import pytest

from tap_common.testing import CREDENTIAL_FAULTS, PERSISTENT_FAULT, TRANSIENT_FAULTS, bookmark, run_tap

from .conftest import TAP, VENDOR, tap_config

#: Enough streams to spread the faults over paged reads (server-driven pages of PAGE rows).
STREAMS = ("contacts", "appointments", "inquiries", "addresses", "employees", "companies")
PAGE = 7
SETTINGS = ("'company_id'", "'api_key'", "'secret_key'")


@pytest.fixture
def paged(fresh_sandbox):
    fresh_sandbox.configure(VENDOR, server_page_size=PAGE)
    return fresh_sandbox


def assert_complete(run, box) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    for stream in STREAMS:
        key = "contact_id" if stream == "contact_phones" else "id"
        assert {r[key] for r in run.records.get(stream, [])} == {r[key] for r in box.dump(VENDOR, stream)}, stream


#: Where each shared fault hits (path, matching requests let through first): mid-read.
TARGETS = {
    "429 + Retry-After": (r"/Contacts$", 2),
    "429, no Retry-After": (r"/Appointments$", 1),
    "500": (r"/Inquiries$", 3),
    "502": (r"/\$metadata$", 0),
    "503": (r"/Addresses$", 1),
    "timeout (slow > client timeout)": (r"/Employees$", 1),
    "connection reset": (r"/Contacts$", 4),
    "truncated body": (r"/Inquiries$", 2),
}


@pytest.mark.parametrize("name", TRANSIENT_FAULTS)
def test_transient_fault_is_retried(paged, name):
    path, skip = TARGETS[name]
    rule = {**TRANSIENT_FAULTS[name], "vendor": VENDOR, "path": path, "skip": skip}
    paged.faults([rule])
    run = run_tap(TAP, tap_config(paged), streams=STREAMS)
    assert [r["fired"] for r in paged.fault_report()] == [rule["times"]]
    assert_complete(run, paged)


@pytest.mark.parametrize("status", [401, 403])
def test_credential_rejected_stops_the_run_naming_every_setting(paged, status):
    rule = CREDENTIAL_FAULTS["401 mid-run (token expires)" if status == 401 else "403 (permission withdrawn)"]
    paged.faults([{"vendor": VENDOR, "path": r"/Inquiries$", "skip": 1, **rule}])
    run = run_tap(TAP, tap_config(paged), streams=STREAMS)
    assert run.returncode != 0
    assert all(name in run.stderr for name in SETTINGS) and f"HTTP {status}" in run.stderr
    assert len([r for r in paged.requests(VENDOR) if r["status"] == status]) == 1, "not retried"
    assert bookmark(run.state, "contacts") is not None and bookmark(run.state, "inquiries") is None

    paged.faults([])
    rerun = run_tap(TAP, tap_config(paged), state=run.state, streams=STREAMS)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert set(rerun.ids("inquiries")) == {r["id"] for r in paged.dump(VENDOR, "inquiries")}


@pytest.mark.parametrize("setting,value", [("api_key", "00000000-0000-0000-0000-000000000000"),
                                           ("secret_key", "c2VjcmV0"), ("company_id", "1")])
def test_wrong_credential_fails_before_any_record(fresh_sandbox, setting, value):
    run = run_tap(TAP, tap_config(fresh_sandbox, **{setting: value}))
    assert run.returncode != 0 and all(name in run.stderr for name in SETTINGS)
    assert not run.of_type("RECORD")
    assert value not in run.stderr or setting == "company_id", "secrets are never printed"


def test_secret_that_is_not_base64_is_named(fresh_sandbox):
    run = run_tap(TAP, tap_config(fresh_sandbox, secret_key="not base64!"))
    assert run.returncode != 0 and "'secret_key' is not Base64" in run.stderr and "not base64!" not in run.stderr


def test_every_retry_is_signed_afresh(paged):
    """The server refuses timestamps older than ``max_clock_skew``: a retry after a 3 s
    Retry-After carrying the first attempt's header would be refused."""
    paged.configure(VENDOR, max_clock_skew=1.5)
    paged.faults([{"fault": "status", "status": 429, "retry_after": 3, "times": 1, "vendor": VENDOR,
                   "path": r"/Contacts$", "skip": 1}])
    run = run_tap(TAP, tap_config(paged, backoff_max_seconds=5), streams=["contacts"])
    assert run.returncode == 0, run.stderr[-2000:]
    assert not [r for r in paged.requests(VENDOR) if r["status"] == 401]


def test_persistent_5xx_fails_after_the_configured_attempts(fresh_sandbox):
    fresh_sandbox.faults([{**PERSISTENT_FAULT, "vendor": VENDOR, "path": r"/Employees$"}])
    run = run_tap(TAP, tap_config(fresh_sandbox, backoff_max_tries=3), streams=["employees"])
    assert run.returncode != 0
    assert [r["fired"] for r in fresh_sandbox.fault_report()] == [3]


def test_malformed_document_names_entity_set_page_and_position(paged):
    paged.configure(VENDOR, corrupt_set="Contacts")
    run = run_tap(TAP, tap_config(paged), streams=["activities", "contacts"])
    assert run.returncode != 0
    assert "stream 'contacts', entity set 'Contacts', page 1" in run.stderr
    assert "malformed XML at line 1, column " in run.stderr
    assert len([r for r in paged.requests(VENDOR) if r["path"].endswith("/Contacts")]) == 1, "not retried"
    assert bookmark(run.state, "activities") is not None and bookmark(run.state, "contacts") is None
