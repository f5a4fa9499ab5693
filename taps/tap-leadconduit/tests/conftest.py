"""tap-leadconduit tests run the real executable against the LeadConduit emulation over HTTP."""

from __future__ import annotations

import pytest

from tests.harness.sandbox import sandbox_tap_config
from tap_leadconduit.tap import TapLeadConduit

TAP = "tap-leadconduit"
VENDOR = "leadconduit"
SCHEMA = "leadconduit"
#: Before every lead of the demo world: a first sync reads the whole event log.
START_DATE = "2015-01-01T00:00:00Z"


def tap_config(sandbox, **overrides) -> dict:
    return sandbox_tap_config(TapLeadConduit.config_jsonschema["properties"], VENDOR, sandbox,
                              start_date=START_DATE, **overrides)


def event_requests(sandbox) -> list[dict]:
    return [r for r in sandbox.requests(VENDOR) if r["path"].endswith("/events")]


@pytest.fixture
def paged(fresh_sandbox):
    """Pages of 40 events (the emulation answers fewer than the tap's limit=1000 asks)."""
    fresh_sandbox.configure(VENDOR, page_size_cap=40)
    return fresh_sandbox
