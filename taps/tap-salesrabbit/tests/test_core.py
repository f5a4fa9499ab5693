"""The singer-sdk standard tap tests, against the SalesRabbit emulation."""

from __future__ import annotations

from tests.harness.sandbox import standard_suite
from tap_salesrabbit.tap import TapSalesRabbit

TestTapSalesRabbit = standard_suite(TapSalesRabbit, max_records=500)
