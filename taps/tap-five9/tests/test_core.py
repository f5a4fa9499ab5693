"""The singer-sdk standard tap tests, against the Five9 emulation."""

from __future__ import annotations

from tests.harness.sandbox import standard_suite
from tap_five9.tap import TapFive9

TestTapFive9 = standard_suite(TapFive9, max_records=200, start_date="2023-01-01T00:00:00Z")
