"""The singer-sdk standard tap tests, against the CallRail emulation."""

from __future__ import annotations

from tests.harness.sandbox import standard_suite
from tap_callrail.tap import TapCallRail

TestTapCallRail = standard_suite(TapCallRail, max_records=500)
