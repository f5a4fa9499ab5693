"""The singer-sdk standard tap tests, against the CallRail emulation."""

from __future__ import annotations

import pytest
from singer_sdk.testing import SuiteConfig, get_tap_test_class

from tap_callrail.tap import TapCallRail

from .conftest import tap_config

#: Filled in by ``_point_at_sandbox`` before the suite's class-scoped runner syncs.
CONFIG: dict = {"api_key": "placeholder", "api_url": "http://127.0.0.1:9/callrail/v3"}

_Base = get_tap_test_class(TapCallRail, config=CONFIG, suite_config=SuiteConfig(max_records_limit=500))


class TestTapCallRail(_Base):
    @pytest.fixture(scope="class", autouse=True)
    @classmethod
    def _point_at_sandbox(cls, sandbox):
        sandbox.reset()
        CONFIG.update(tap_config(sandbox))
