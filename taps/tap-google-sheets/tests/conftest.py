"""tap-google-sheets tests run the real executable against the Google emulation over HTTP."""

from __future__ import annotations

from crm_sandbox.api.vendors.google_sheets import TAP_SHEETS, key_file_json
from tests.harness.sandbox import SandboxClient, sandbox_tap_config
from tap_google_sheets.tap import TapGoogleSheets

TAP = "tap-google-sheets"
VENDOR = "google-sheets"
#: The dev configuration (environments/dev.meltano.yml): the predecessor's three sheets.
DEMO_SHEETS = TAP_SHEETS
#: Emulation object (mutate/dump) of each stream.
OBJECTS = {"marketing_leads_2024": "leads_2024", "marketing_leads_2025": "leads_2025", "marketing_spend": "spend"}


def service_account_json(box: SandboxClient) -> str:
    """The key the sandbox issued, its token_uri pointed at this sandbox."""
    return key_file_json(box.vendor_url(VENDOR))


def tap_config(box: SandboxClient, **overrides) -> dict:
    return sandbox_tap_config(TapGoogleSheets.config_jsonschema["properties"], VENDOR, box,
                              **{"service_account_json": service_account_json(box),
                                 "drive_api_url": box.vendor_url(VENDOR), **overrides})
