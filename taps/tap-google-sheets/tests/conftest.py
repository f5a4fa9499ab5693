"""tap-google-sheets tests run the real executable against the Google emulation over HTTP."""

from __future__ import annotations

import json

from tests.harness.sandbox import SandboxClient, sandbox_tap_config
from tap_google_sheets.tap import TapGoogleSheets

TAP = "tap-google-sheets"
VENDOR = "google-sheets"
LEADS_2024 = "1dEmOLeAds2024mKtG-sHeEtS_sAnDbOxAAAAAAAAAAA"
LEADS_2025 = "1FRKfuMSrm9DrdIe_vtZJn7usUpuXPDWl4TB1k7Ae4xo"
SPEND = "17AeA4zrC4nHJrU0Z6io-9HQJITql4K-_FTMkZ5vKLqg"
LEADS = {"sheet": "Marketing Source Leads", "header_overrides": {"marketing_channel": "channel"},
         "column_types": {"created_at": "date-time", "appt_date_time": "date-time"}}
#: The dev configuration (environments/dev.meltano.yml): the predecessor's three sheets.
DEMO_SHEETS = [
    {"spreadsheet_id": LEADS_2024, "stream": "marketing_leads_2024", **LEADS},
    {"spreadsheet_id": LEADS_2025, "stream": "marketing_leads_2025", **LEADS},
    {"spreadsheet_id": SPEND, "sheet": "All Marketing Spend", "stream": "marketing_spend",
     "key_columns": ["campaign_id"], "header_overrides": {"Date": "spend_date"}, "column_types": {"spend_date": "date"}},
]
#: Emulation object (mutate/dump) of each stream.
OBJECTS = {"marketing_leads_2024": "leads_2024", "marketing_leads_2025": "leads_2025", "marketing_spend": "spend"}


def service_account_json(box: SandboxClient) -> str:
    """The key the sandbox issued, its token_uri pointed at this sandbox."""
    info = json.loads(box.admin("GET", "vendors")[VENDOR]["credentials"]["service_account_json"])
    return json.dumps({**info, "token_uri": box.vendor_url(VENDOR) + "/token"})


def tap_config(box: SandboxClient, **overrides) -> dict:
    return sandbox_tap_config(TapGoogleSheets.config_jsonschema["properties"], VENDOR, box,
                              credentials={"service_account_json": service_account_json(box)},
                              drive_api_url=box.vendor_url(VENDOR), sheets=DEMO_SHEETS, **overrides)
