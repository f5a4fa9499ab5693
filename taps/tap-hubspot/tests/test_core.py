"""singer-sdk's standard tap tests, run against the local HubSpot sandbox over HTTP."""

from __future__ import annotations

from tap_hubspot.tap import TapHubSpot
from tests.harness.sandbox import standard_suite

from .conftest import ZIPS

TestTapHubSpot = standard_suite(TapHubSpot, zipcodes_source=str(ZIPS))
