"""The shared fault table on the Sheets reads: transient faults change nothing; a rejected
credential stops the run naming the setting, the failing sheet's state unmoved."""

from __future__ import annotations

import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tap_common.testing import CREDENTIAL_FAULTS, PERSISTENT_FAULT, TRANSIENT_FAULTS, run_tap

from .conftest import TAP, VENDOR, service_account_json, tap_config

SPEND_VALUES = r"/v4/spreadsheets/17AeA4[^/]*/values/.*"


def clean_records(sandbox) -> dict:
    run = run_tap(TAP, tap_config(sandbox))
    assert run.returncode == 0, run.stderr[-2000:]
    return run.records


@pytest.mark.parametrize("fault", sorted(TRANSIENT_FAULTS))
def test_transient_fault_changes_nothing(fresh_sandbox, fault):
    want = clean_records(fresh_sandbox)
    fresh_sandbox.faults([{**TRANSIENT_FAULTS[fault], "vendor": VENDOR, "path": SPEND_VALUES}])
    run = run_tap(TAP, tap_config(fresh_sandbox))
    assert run.returncode == 0, run.stderr[-2000:]
    assert sum(rule["fired"] for rule in fresh_sandbox.fault_report()) >= 1
    assert run.records == want


def test_a_drive_or_header_fault_is_retried_too(fresh_sandbox):
    fresh_sandbox.faults([{**TRANSIENT_FAULTS["503"], "vendor": VENDOR, "path": r"/drive/v3/files/.*"},
                          {**TRANSIENT_FAULTS["429, no Retry-After"], "vendor": VENDOR, "path": r"/v4/spreadsheets/[^/]+"}])
    run = run_tap(TAP, tap_config(fresh_sandbox))
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(run.records["marketing_spend"]) > 0


@pytest.mark.parametrize("fault", sorted(CREDENTIAL_FAULTS))
def test_credential_fault_names_the_setting_and_keeps_state(fresh_sandbox, fault):
    config = tap_config(fresh_sandbox)
    fresh_sandbox.mutate(VENDOR, {"object": "spend", "action": "touch"})
    fresh_sandbox.faults([{**CREDENTIAL_FAULTS[fault], "vendor": VENDOR, "path": SPEND_VALUES}])
    run = run_tap(TAP, config)
    assert run.returncode != 0
    assert "'service_account_json'" in run.stderr
    assert "marketing_spend" not in (run.state or {}).get("bookmarks", {}), "the failed sheet is read again next run"
    assert not any(m["type"] == "ACTIVATE_VERSION" and m["stream"] == "marketing_spend" for m in run.messages)


def test_a_key_the_token_endpoint_rejects_names_the_setting(fresh_sandbox):
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()).decode()
    key = {**json.loads(service_account_json(fresh_sandbox)), "private_key": pem}
    run = run_tap(TAP, tap_config(fresh_sandbox, service_account_json=json.dumps(key)))
    assert run.returncode != 0
    assert "'service_account_json'" in run.stderr and "invalid_grant" in run.stderr
    assert pem.splitlines()[1] not in run.stderr, "the key is never printed"
    assert not run.records and not (run.state or {}).get("bookmarks")


def test_a_persistent_5xx_fails_after_the_retries_state_unmoved(fresh_sandbox):
    fresh_sandbox.faults([{**PERSISTENT_FAULT, "vendor": VENDOR, "path": SPEND_VALUES}])
    run = run_tap(TAP, tap_config(fresh_sandbox))
    assert run.returncode != 0 and "503" in run.stderr
    assert "marketing_spend" not in (run.state or {}).get("bookmarks", {})


def test_oauth_user_credentials_work_and_a_revoked_token_names_them(fresh_sandbox):
    from crm_sandbox.api.vendors.google_sheets import USER_CLIENT

    user = {"service_account_json": None, **USER_CLIENT, "token_uri": fresh_sandbox.vendor_url(VENDOR) + "/token"}
    run = run_tap(TAP, tap_config(fresh_sandbox, **user), streams=["marketing_spend"])
    assert run.returncode == 0, run.stderr[-2000:]
    assert len(run.records["marketing_spend"]) > 0
    revoked = run_tap(TAP, tap_config(fresh_sandbox, **{**user, "refresh_token": "1//revoked"}))
    assert revoked.returncode != 0 and "invalid_grant" in revoked.stderr
    assert all(f"'{name}'" in revoked.stderr for name in ("client_id", "client_secret", "refresh_token"))


@pytest.mark.parametrize("fault", ["503", "connection reset", "truncated body"])
def test_a_token_endpoint_fault_is_retried(fresh_sandbox, fault):
    fresh_sandbox.faults([{**TRANSIENT_FAULTS[fault], "vendor": VENDOR, "method": "POST", "path": r"/token"}])
    run = run_tap(TAP, tap_config(fresh_sandbox), streams=["marketing_spend"])
    assert run.returncode == 0, run.stderr[-2000:]
    assert sum(rule["fired"] for rule in fresh_sandbox.fault_report()) >= 1
