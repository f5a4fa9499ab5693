"""tap-salesrabbit tests run the real executable against the SalesRabbit emulation over HTTP."""

from __future__ import annotations

from tests.harness.sandbox import sandbox_tap_config
from tap_salesrabbit.tap import TapSalesRabbit

TAP = "tap-salesrabbit"
VENDOR = "salesrabbit"


def tap_config(sandbox, **overrides) -> dict:
    return sandbox_tap_config(TapSalesRabbit.config_jsonschema["properties"], VENDOR, sandbox, **overrides)
