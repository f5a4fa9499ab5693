"""tap-callrail tests run the real executable against the CallRail emulation over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

TAP = str(Path(sys.executable).parent / "tap-callrail")
API_KEY = "demo-callrail-key"
START_DATE = "2023-01-01T00:00:00Z"
#: Fast retries: tests shorten waits through settings, never by patching.
FAST = {"request_timeout": 2, "backoff_max_tries": 4, "backoff_base_seconds": 0.05,
        "backoff_max_seconds": 1}


def tap_config(sandbox, **overrides) -> dict:
    return {"api_key": API_KEY, "api_url": sandbox.vendor_url("callrail") + "/v3",
            "start_date": START_DATE, **FAST, **overrides}


@dataclass
class TapRun:
    returncode: int
    messages: list[dict]
    stderr: str

    def records(self, stream: str) -> list[dict]:
        return [m["record"] for m in self.messages if m["type"] == "RECORD" and m["stream"] == stream]

    @property
    def state(self) -> dict | None:
        states = [m["value"] for m in self.messages if m["type"] == "STATE"]
        return states[-1] if states else None

    def bookmark(self, stream: str, account_id: str) -> str | None:
        return bookmark(self.state, stream, account_id)


def bookmark(state: dict | None, stream: str, account_id: str) -> str | None:
    for part in ((state or {}).get("bookmarks", {}).get(stream, {}).get("partitions", [])):
        if part["context"] == {"account_id": account_id}:
            return part.get("replication_key_value")
    return None


def run_tap(config: dict, state: dict | None = None, timeout: float = 120) -> TapRun:
    """``tap-callrail --config … [--state …]`` as a subprocess; its stdout parsed."""
    with tempfile.TemporaryDirectory(prefix="tap-callrail-") as tmp:
        args = [TAP, "--config", str(Path(tmp, "config.json"))]
        Path(tmp, "config.json").write_text(json.dumps(config))
        if state:
            Path(tmp, "state.json").write_text(json.dumps(state))
            args += ["--state", str(Path(tmp, "state.json"))]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    messages = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return TapRun(proc.returncode, messages, proc.stderr)


@pytest.fixture
def callrail_config(fresh_sandbox) -> dict:
    return tap_config(fresh_sandbox)


@pytest.fixture
def accounts(fresh_sandbox) -> list[dict]:
    return sorted(fresh_sandbox.dump("callrail", "accounts"), key=lambda a: a["name"])
