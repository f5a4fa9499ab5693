"""Injected faults: transient ones are retried to a complete sync; a rejected credential and a
final SOAP fault stop the run with one clear error, bookmarks unmoved."""

from __future__ import annotations

import socket

import pytest

from tap_common.testing import CREDENTIAL_FAULTS, PERSISTENT_FAULT, TRANSIENT_FAULTS, run_tap

from .conftest import TAP, tap_config

#: Requests let through before each fault: 0 is the WSDL, 1 getContactFields, then the call
#: log's runReport / isReportRunning / getReportResult, then the lists and their contacts.
SKIP = {"429 + Retry-After": 0, "429, no Retry-After": 2, "500": 1, "502": 3, "503": 4,
        "timeout (slow > client timeout)": 5, "connection reset": 7, "truncated body": 0}


def assert_complete(run, sandbox) -> None:
    assert run.returncode == 0, run.stderr[-3000:]
    assert {r["contact_id"] for r in run.records["contacts"]} == {c["contactID"] for c in sandbox.dump("five9", "contacts")}
    assert {r["call_id"] for r in run.records["call_log"]} == {c["CALL ID"] for c in sandbox.dump("five9", "call_log")}


@pytest.mark.parametrize("name", TRANSIENT_FAULTS)
def test_transient_fault_is_retried(fresh_sandbox, name):
    rule = {**TRANSIENT_FAULTS[name], "vendor": "five9", "skip": SKIP[name]}
    fresh_sandbox.faults([rule])
    run = run_tap(TAP, tap_config(fresh_sandbox))
    assert [r["fired"] for r in fresh_sandbox.fault_report()] == [rule["times"]]
    assert_complete(run, fresh_sandbox)


def test_truncated_soap_replies_are_retried(fresh_sandbox):
    """A cut-off getContactRecords answer (HTTP 200, XML ending mid-record) is asked again."""
    first_lookup = 3 + 3 * 10  # WSDL, fields, lists … (any request past the reports will do)
    fresh_sandbox.faults([{**TRANSIENT_FAULTS["truncated body"], "vendor": "five9", "skip": first_lookup}])
    assert_complete(run_tap(TAP, tap_config(fresh_sandbox)), fresh_sandbox)


def test_wrong_password_is_one_clear_error_naming_both_settings(fresh_sandbox):
    run = run_tap(TAP, tap_config(fresh_sandbox, password="not-the-password"))
    assert run.returncode != 0 and run.state is None
    assert "Five9 rejected the credentials in settings 'username', 'password' (HTTP 401)" in run.stderr
    assert "JBWEB" not in run.stderr, "Five9's HTML error page is not quoted"
    assert [r["status"] for r in fresh_sandbox.requests("five9") if r["method"] == "POST"] == [401], "no retry"


def test_credential_expiring_mid_run_keeps_the_unfinished_stream_bookmark(fresh_sandbox):
    """The call log completes, then the credential expires during the contacts: the call log's
    bookmark is kept, the contacts get none, and the 401 is not retried."""
    baseline = run_tap(TAP, tap_config(fresh_sandbox))
    requests = len(fresh_sandbox.requests("five9"))
    fresh_sandbox.reset()
    fresh_sandbox.faults([{**CREDENTIAL_FAULTS["401 mid-run (token expires)"], "vendor": "five9",
                           "skip": requests - 2}])
    run = run_tap(TAP, tap_config(fresh_sandbox))
    assert run.returncode != 0 and "'username', 'password'" in run.stderr
    assert run.state["bookmarks"]["call_log"] == baseline.state["bookmarks"]["call_log"]
    assert "replication_key_value" not in (run.state["bookmarks"].get("contacts") or {})
    assert sum(r["status"] == 401 for r in fresh_sandbox.requests("five9")) == 1


def test_a_5xx_that_never_ends_fails_after_the_configured_attempts(fresh_sandbox):
    fresh_sandbox.faults([{**PERSISTENT_FAULT, "vendor": "five9", "skip": 1}])
    run = run_tap(TAP, tap_config(fresh_sandbox, backoff_max_tries=3))
    assert run.returncode != 0
    assert sum(r["status"] == 503 for r in fresh_sandbox.requests("five9")) == 3


def test_a_final_soap_fault_names_the_operation_and_the_list(fresh_sandbox):
    fresh_sandbox.configure("five9", denied_operations=["getContactRecords"])
    run = run_tap(TAP, tap_config(fresh_sandbox), streams=["contacts"])
    assert run.returncode != 0
    assert ("Five9 getContactRecords for last_list = 'Callback Requests' failed: AccessDisallowedFault: "
            "Access to getContactRecords is disallowed for this user") in run.stderr
    assert "Traceback" not in run.stderr, "an expected failure is one line"
    calls = [o for o in fresh_sandbox.dump("five9", "operations") if o["operation"] == "getContactRecords"]
    assert len(calls) == 1, "a final fault is not retried"


def test_a_final_report_fault_names_the_report_window(fresh_sandbox):
    fresh_sandbox.configure("five9", denied_operations=["runReport"])
    run = run_tap(TAP, tap_config(fresh_sandbox), streams=["call_log"])
    assert run.returncode != 0
    assert "Five9 runReport for the 'Call Log' report from 2023-01-01T00:00:00+00:00 to" in run.stderr


def test_an_unreachable_host_names_the_wsdl_url_setting(fresh_sandbox):
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    run = run_tap(TAP, tap_config(fresh_sandbox, wsdl_url=f"http://127.0.0.1:{port}/wsadmin/v9_5/AdminWebService?wsdl",
                                  backoff_max_tries=2))
    assert run.returncode != 0
    assert "check the wsdl_url setting (TAP_FIVE9_WSDL_URL)" in run.stderr and "Traceback" not in run.stderr
