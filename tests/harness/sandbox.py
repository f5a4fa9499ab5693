"""Pytest plugin: a session-scoped vendor-API sandbox served over real HTTP.

List ``"tests.harness.sandbox"`` in the root conftest's ``pytest_plugins``.  Fixtures:

- ``sandbox`` (session): the server on a free loopback port in a background thread.
  ``sandbox.url``, ``sandbox.vendor_url("hubspot")``, ``sandbox.admin(method, path, json)``,
  ``sandbox.reset(seed=, scale=)``, ``sandbox.faults([...])``, ``sandbox.mutate(vendor, body)``,
  ``sandbox.dump(vendor, obj)``, ``sandbox.configure(vendor, **knobs)``, ``sandbox.requests(vendor)``.
- ``fresh_sandbox`` (function): the same server, reset to ``SANDBOX_SEED``/``SANDBOX_SCALE``
  with no faults before the test.

Set ``CRM_SANDBOX_TEST_URL`` to run against an already running server instead.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import requests

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
