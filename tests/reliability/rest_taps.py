"""The REST taps present and how to point each at the sandbox, found rather than listed.

A REST tap is ``taps/tap-<vendor>`` where ``<vendor>`` is a sandbox emulation
(``crm_sandbox.api.vendors``).  Its configuration follows from facts it publishes itself:
the credential setting names are the sandbox vendor's ``credentials`` keys (the sandbox
documents the values it accepts); ``api_url`` is the sandbox mount plus the path of the
tap's default ``api_url`` (``https://api.callrail.com/v3`` → ``…/callrail/v3``); retry
settings are shortened when the tap has them.  A later tap needs nothing here unless it
has a required setting beyond these — then ``EXTRA`` says so.
"""

from __future__ import annotations

import json
import subprocess
from functools import cache
from pathlib import Path
from tap_common.testing import FAST_RETRIES  # noqa: F401 - re-exported for test_secrets
from tests.harness.chaos import BIN
from tests.harness.sandbox import sandbox_tap_config

ROOT = Path(__file__).resolve().parents[2]
START_DATE = "2020-01-01T00:00:00Z"
#: Settings a tap needs that it cannot describe itself (a data file of the repository).
#: A callable takes the sandbox (settings naming its address).
EXTRA = {"tap-hubspot": {"zipcodes_source": str(ROOT / "sandbox/crm_sandbox/api/data/zips.csv")},
         "tap-google-sheets": lambda box: {"service_account_json": _google_key(box.vendor_url("google-sheets")),
                                           "drive_api_url": box.vendor_url("google-sheets"),
                                           "sheets": _google_sheets()}}


def _google_sheets() -> list[dict]:
    from crm_sandbox.api.vendors.google_sheets import TAP_SHEETS  # the demo sheets dev configures

    return TAP_SHEETS


def _google_key(vendor_url: str) -> str:
    from crm_sandbox.api.vendors.google_sheets import key_file_json  # the key's token_uri names the sandbox

    return key_file_json(vendor_url)


def sandbox_vendors() -> list[str]:
    from crm_sandbox.api.vendors import discover

    return sorted(discover())


def tap_directories() -> list[str]:
    return sorted(p.name for p in (ROOT / "taps").glob("tap-*") if (p / "pyproject.toml").exists())


def rest_taps() -> list[str]:
    """``tap-<vendor>`` for every sandbox vendor whose tap exists in ``taps/``."""
    present = set(tap_directories())
    return [f"tap-{v}" for v in sandbox_vendors() if f"tap-{v}" in present]


@cache
def about(tap: str) -> dict:
    done = subprocess.run([str(BIN / tap), "--about", "--format=json"], capture_output=True, check=False,
                          text=True, timeout=120)
    assert done.returncode == 0, f"{tap} --about failed: {done.stderr[-2000:]}"
    return json.loads(done.stdout)


def settings(tap: str) -> dict:
    return about(tap)["settings"]["properties"]


def secret_settings(tap: str) -> list[str]:
    return [name for name, spec in settings(tap).items() if spec.get("secret")]


def sandbox_config(tap: str, sandbox, credentials: dict[str, str] | None = None) -> dict:
    known = settings(tap)
    extra = EXTRA.get(tap, {})
    extra = extra(sandbox) if callable(extra) else extra
    config = sandbox_tap_config(known, tap.removeprefix("tap-"), sandbox, credentials, **extra)
    if "start_date" in known:
        config["start_date"] = START_DATE
    return config
