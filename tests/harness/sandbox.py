"""Pytest plugin: a session-scoped vendor-API sandbox served over real HTTP.

List ``"tests.harness.sandbox"`` in the root conftest's ``pytest_plugins``.  Fixtures:

- ``sandbox`` (session): the server on a free loopback port in a background thread.
  ``sandbox.url``, ``sandbox.vendor_url("hubspot")``, ``sandbox.admin(method, path, json)``,
  ``sandbox.reset(seed=, scale=)``, ``sandbox.faults([...])``, ``sandbox.mutate(vendor, body)``,
  ``sandbox.dump(vendor, obj)``, ``sandbox.configure(vendor, **knobs)``, ``sandbox.requests(vendor)``.
- ``fresh_sandbox`` (function): the same server, reset to ``SANDBOX_SEED``/``SANDBOX_SCALE``
  with no faults before the test.

Set ``CRM_SANDBOX_TEST_URL`` to run against an already running server instead.

For a tap's tests, ``sandbox_tap_config`` points a tap at a vendor's emulation from facts both
publish (credentials, ``api_url`` path), and ``standard_suite`` builds the singer-sdk standard
test class against a sandbox started at import time (the SDK discovers streams while the test
module is collected, before any fixture exists).
"""

from __future__ import annotations

import functools
import os
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests

from tap_common.testing import FAST_RETRIES

SANDBOX_SEED = 42
SANDBOX_SCALE = 0.05  # ~100 homeowners: enough for every code path, fast to sync


class SandboxClient:
    """Admin helpers around one running sandbox."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._http = requests.Session()

    def vendor_url(self, vendor: str) -> str:
        return f"{self.url}/{vendor}"

    def admin(self, method: str, path: str, json: Any = None) -> Any:
        response = self._http.request(method, f"{self.url}/_admin/{path.lstrip('/')}", json=json, timeout=60)
        if response.status_code >= 400:
            raise AssertionError(f"admin {method} {path}: {response.status_code} {response.text}")
        return response.json()

    def reset(self, seed: int = SANDBOX_SEED, scale: float = SANDBOX_SCALE) -> dict[str, Any]:
        return self.admin("POST", "reset", {"seed": seed, "scale": scale})

    def faults(self, plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return self.admin("POST", "faults", {"plan": plan})["plan"]

    def fault_report(self) -> list[dict[str, Any]]:
        return self.admin("GET", "faults")["plan"]

    def mutate(self, vendor: str, body: dict[str, Any]) -> dict[str, Any]:
        return self.admin("POST", f"{vendor}/mutate", body)

    def dump(self, vendor: str, obj: str) -> list[dict[str, Any]]:
        return self.admin("GET", f"{vendor}/dump/{obj}")

    def configure(self, vendor: str, **knobs: Any) -> dict[str, Any]:
        return self.admin("POST", f"{vendor}/config", knobs)

    def requests(self, vendor: str | None = None) -> list[dict[str, Any]]:
        return self.admin("GET", "requests" + (f"?vendor={vendor}" if vendor else ""))

    def clear_requests(self) -> None:
        self.admin("DELETE", "requests")


@pytest.fixture(scope="session")
def sandbox():
    external = os.environ.get("CRM_SANDBOX_TEST_URL")
    if external:
        client = SandboxClient(external)
        client.reset()
        yield client
        return
    from crm_sandbox.api.server import Sandbox, SandboxServer

    server = SandboxServer(("127.0.0.1", 0), Sandbox(SANDBOX_SEED, SANDBOX_SCALE)).start()
    try:
        yield SandboxClient(server.url)
    finally:
        server.stop()


@pytest.fixture
def fresh_sandbox(sandbox: SandboxClient) -> SandboxClient:
    sandbox.reset()
    return sandbox


@functools.cache
def import_time_sandbox() -> SandboxClient:
    """One sandbox per test process for code that runs at import (the SDK standard suite).

    It only ever serves reads from the seeded world; tests that mutate use ``fresh_sandbox``.
    """
    external = os.environ.get("CRM_SANDBOX_TEST_URL")
    if external:
        return SandboxClient(external)
    from crm_sandbox.api.server import Sandbox, SandboxServer

    server = SandboxServer(("127.0.0.1", 0), Sandbox(SANDBOX_SEED, SANDBOX_SCALE)).start()  # daemon thread
    return SandboxClient(server.url)


def sandbox_tap_config(settings: dict[str, Any], vendor: str, box: SandboxClient,
                       credentials: dict[str, str] | None = None, **extra: Any) -> dict[str, Any]:
    """Config pointing a tap (its settings schema ``properties``) at ``vendor`` on ``box``.

    Credential settings are the vendor's documented demo ``credentials``; ``api_url`` (or a SOAP
    tap's ``wsdl_url``) is the vendor's mount plus the path and query of the tap's default
    (``https://api.callrail.com/v3`` → ``…/callrail/v3``); retries are shortened; ``extra`` adds
    or overrides settings.
    """
    creds = credentials or box.admin("GET", "vendors")[vendor]["credentials"]
    missing = [name for name in creds if name not in settings]
    assert not missing, f"the tap has no setting {missing} for the credentials the sandbox documents"
    url_setting = "wsdl_url" if "wsdl_url" in settings else "api_url"  # SOAP taps name a WSDL (tap-five9)
    default = urlsplit((settings.get(url_setting) or {}).get("default") or "")
    config: dict[str, Any] = {**creds, url_setting: box.vendor_url(vendor) + default.path.rstrip("/")
                              + (f"?{default.query}" if default.query else "")}
    config.update({k: v for k, v in FAST_RETRIES.items() if k in settings})
    return {**config, **extra}


def standard_suite(tap_class: type, *, max_records: int = 50, **extra: Any) -> type:
    """The singer-sdk standard tap test class, against the vendor's emulation.

    ``tap-<vendor>`` names the emulation; ``extra`` adds settings (e.g. a data file).
    Use: ``TestTapX = standard_suite(TapX)`` in the tap's ``tests/test_core.py``.
    """
    from singer_sdk.testing import SuiteConfig, get_tap_test_class

    vendor = tap_class.name.removeprefix("tap-")
    config = sandbox_tap_config(tap_class.config_jsonschema["properties"], vendor, import_time_sandbox(), **extra)
    return get_tap_test_class(tap_class, config=config, suite_config=SuiteConfig(max_records_limit=max_records))
