"""Fixtures shared by the sandbox's vendor tests (the server itself: ``tests/harness/sandbox.py``)."""

from __future__ import annotations

import time

import pytest
import requests

from crm_sandbox.api.vendors.hubspot import DEMO_TOKEN

HUBSPOT_AUTH = {"Authorization": f"Bearer {DEMO_TOKEN}"}


class HubSpotClient:
    """Authorised calls to the HubSpot emulation of a freshly reset sandbox."""

    def __init__(self, box) -> None:
        self.box = box
        self.url = box.vendor_url("hubspot")

    def get(self, path, **params):
        return requests.get(f"{self.url}{path}", params=params, headers=HUBSPOT_AUTH, timeout=10)

    def post(self, path, body, **params):
        return requests.post(f"{self.url}{path}", params=params, json=body, headers=HUBSPOT_AUTH, timeout=10)

    def search(self, otype, body):
        time.sleep(0.21)  # stay under 5 searches a second
        return self.post(f"/crm/v3/objects/{otype}/search", body)


@pytest.fixture
def hub(fresh_sandbox) -> HubSpotClient:
    return HubSpotClient(fresh_sandbox)
