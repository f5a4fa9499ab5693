"""singer-sdk's standard tap tests, run against the local HubSpot sandbox over HTTP.

``get_tap_test_class`` needs the config when the module is imported, before fixtures exist, so
this module starts its own sandbox server (a daemon thread on a free port).
"""

from __future__ import annotations

from pathlib import Path

from singer_sdk.testing import SuiteConfig, get_tap_test_class

from crm_sandbox.api.server import Sandbox, SandboxServer
from tap_hubspot.tap import TapHubSpot

_SERVER = SandboxServer(("127.0.0.1", 0), Sandbox(seed=42, scale=0.05)).start()
ZIPS = Path(__file__).resolve().parents[3] / "sandbox" / "crm_sandbox" / "api" / "data" / "zips.csv"

TestTapHubSpot = get_tap_test_class(
    TapHubSpot,
    config={"access_token": "demo-hubspot-token", "api_url": f"{_SERVER.url}/hubspot",
            "zipcodes_source": str(ZIPS), "backoff_base_seconds": 0.05},
    suite_config=SuiteConfig(max_records_limit=50),
)
