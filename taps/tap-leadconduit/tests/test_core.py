"""The singer-sdk standard tap tests, against the LeadConduit emulation."""

from __future__ import annotations

from tests.harness.sandbox import standard_suite
from tap_leadconduit.tap import TapLeadConduit

TestTapLeadConduit = standard_suite(TapLeadConduit, max_records=500, start_date="2015-01-01T00:00:00Z")
