"""tap-five9 tests run the real executable against the Five9 emulation over HTTP."""

from __future__ import annotations

import pytest

from tests.harness.sandbox import sandbox_tap_config
from tap_five9.tap import TapFive9

TAP = "tap-five9"
#: Before the demo world's call log begins (it spans the two years before the world's epoch).
START_DATE = "2023-01-01T00:00:00Z"


def tap_config(sandbox, **overrides) -> dict:
    return sandbox_tap_config(TapFive9.config_jsonschema["properties"], "five9", sandbox,
                              **{"start_date": START_DATE, **overrides})


@pytest.fixture
def five9_config(fresh_sandbox) -> dict:
    return tap_config(fresh_sandbox)
