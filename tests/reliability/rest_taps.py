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
from urllib.parse import urlsplit

from tests.harness.chaos import BIN

ROOT = Path(__file__).resolve().parents[2]
FAST_RETRIES = {"request_timeout": 1, "backoff_base_seconds": 0.05, "backoff_max_seconds": 1,
                "backoff_max_tries": 6}
START_DATE = "2020-01-01T00:00:00Z"
#: Settings a tap needs that it cannot describe itself (a data file of the repository).
EXTRA = {"tap-hubspot": {"zipcodes_source": str(ROOT / "sandbox/crm_sandbox/api/data/zips.csv")}}


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
    vendor = tap.removeprefix("tap-")
    known = settings(tap)
    creds = credentials or sandbox.admin("GET", "vendors")[vendor]["credentials"]
    missing = [name for name in creds if name not in known]
    assert not missing, f"{tap} has no setting {missing} for the credentials the sandbox documents"
    default = (known.get("api_url") or {}).get("default") or ""
    config = {**creds, "api_url": sandbox.vendor_url(vendor) + urlsplit(default).path.rstrip("/")}
    if "start_date" in known:
        config["start_date"] = START_DATE
    config.update({k: v for k, v in FAST_RETRIES.items() if k in known})
    config.update(EXTRA.get(tap, {}))
    return config
