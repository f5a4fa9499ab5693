"""tap-callrail tests run the real executable against the CallRail emulation over HTTP."""

from __future__ import annotations

import pytest

from tests.harness.sandbox import sandbox_tap_config
from tap_callrail.tap import TapCallRail

TAP = "tap-callrail"
#: The emulation's demo key (test_emulation.py talks to the emulation directly).
API_KEY = "demo-callrail-key"
#: Before CallRail's 25-month retention window: a first sync reads everything CallRail keeps.
START_DATE = "2023-01-01T00:00:00Z"


def tap_config(sandbox, **overrides) -> dict:
    return sandbox_tap_config(TapCallRail.config_jsonschema["properties"], "callrail", sandbox,
                              start_date=START_DATE, **overrides)


def account_ctx(account_id: str) -> dict:
    """The state partition (SDK context) of one account's streams."""
    return {"account_id": account_id}


@pytest.fixture
def callrail_config(fresh_sandbox) -> dict:
    return tap_config(fresh_sandbox)


@pytest.fixture
def accounts(fresh_sandbox) -> list[dict]:
    return sorted(fresh_sandbox.dump("callrail", "accounts"), key=lambda a: a["name"])
