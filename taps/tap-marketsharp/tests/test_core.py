"""The singer-sdk standard tap tests, against the MarketSharp emulation."""

from __future__ import annotations

from tests.harness.sandbox import standard_suite
from tap_marketsharp.tap import TapMarketSharp

TestTapMarketSharp = standard_suite(TapMarketSharp, max_records=500)
