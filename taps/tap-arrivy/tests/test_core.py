"""The singer-sdk standard tap tests, against the Arrivy emulation."""

from __future__ import annotations

from tests.harness.sandbox import standard_suite
from tap_arrivy.tap import TapArrivy

TestTapArrivy = standard_suite(TapArrivy, max_records=500)
