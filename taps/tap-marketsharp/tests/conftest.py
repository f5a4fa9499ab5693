"""tap-marketsharp tests run the real executable against the MarketSharp emulation over HTTP."""

from __future__ import annotations

from tests.harness.sandbox import sandbox_tap_config
from tap_marketsharp.tap import TapMarketSharp

TAP = "tap-marketsharp"
VENDOR = "marketsharp"
STREAMS = tuple(stream.name for stream in TapMarketSharp.stream_types)
INCREMENTAL = ("activities", "activity_results", "appointments", "contacts", "customers", "employees",
               "inquiries", "jobs", "leads", "prospects")
#: Primary key per stream (every set is keyed ``id`` except ContactPhones).
KEYS = {name: ("contact_id" if name == "contact_phones" else "id") for name in STREAMS}


def tap_config(sandbox, **overrides) -> dict:
    return sandbox_tap_config(TapMarketSharp.config_jsonschema["properties"], VENDOR, sandbox, **overrides)
