"""The reliability suite's fixtures; the report hook comes from ``report.py``.

Reduced mode (default, part of ``make test``) runs a few cases of each concern; full mode
(``RELIABILITY_FULL=1``, ``make reliability``) runs ≥ 20 kill points per crash scenario, the
whole fault matrix, hundreds of property-based cases and the 5,000,000-row scale run.
"""

from __future__ import annotations

import pytest

from tests.harness.chaos import full_mode
from tests.reliability.report import LEDGER, Ledger, pytest_terminal_summary  # noqa: F401 - the hook

MODE = "full" if full_mode() else "reduced"


@pytest.fixture(scope="session")
def ledger() -> Ledger:
    return LEDGER


def pytest_report_header() -> str:
    return f"reliability suite: {MODE} mode (RELIABILITY_FULL=1 for the full one)"
