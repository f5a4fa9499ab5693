"""The singer-sdk standard tap tests, against the Google emulation (the demo sheets)."""

from __future__ import annotations

from tests.harness.sandbox import import_time_sandbox, standard_suite
from tap_google_sheets.tap import TapGoogleSheets

from .conftest import DEMO_SHEETS, VENDOR, service_account_json

_BOX = import_time_sandbox()
TestTapGoogleSheets = standard_suite(TapGoogleSheets, max_records=500,
                                     service_account_json=service_account_json(_BOX),
                                     drive_api_url=_BOX.vendor_url(VENDOR), sheets=DEMO_SHEETS)
