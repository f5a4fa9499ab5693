"""Fixtures for tap-hubspot's tests: the sandbox, running the tap for real, and comparing data.

``hubspot`` runs the ``tap-hubspot`` executable against the sandbox (a subprocess, as Meltano
does), applies its messages to an in-memory "warehouse" (upsert on the primary key; an
ACTIVATE_VERSION marks the stream's rows this run did not send deleted, as the target does), and builds
the rows the sandbox says the warehouse should hold — typed from HubSpot's property definitions
by rules written here, independently of the tap's code.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import requests

from tap_common import testing
from tap_hubspot.tap import TapHubSpot
from tests.harness.sandbox import sandbox_tap_config

TAP = "tap-hubspot"
ZIPS = Path(__file__).resolve().parents[3] / "sandbox" / "crm_sandbox" / "api" / "data" / "zips.csv"
OBJECTS = {"contacts": "contacts", "deals": "deals", "appointments": "0-421",
           "divisions": "2-37778609", "genius_users": "2-42119425"}
ASSOCIATIONS = {"contact_appointments": ("appointments", "appointment_ids"),
                "contact_divisions": ("divisions", "division_ids"),
                "contact_deals": ("deals", "deal_ids")}
KEYS = {**{s: "id" for s in OBJECTS}, **{s: "contact_id" for s in ASSOCIATIONS}, "zipcodes": "zipcode"}


def bookmark(state: dict | None, stream: str) -> str | None:
    """The bookmark of a stream's live objects (the ``{"archived": false}`` partition)."""
    return testing.bookmark(state, stream, {"archived": False})


def parse_instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(timezone.utc)


def normalize(kind: str, value: Any) -> Any:
    """One comparable form for a HubSpot string value and a typed warehouse value."""
    if value is None or value == "":
        return None
    if kind == "number":
        return Decimal(str(value)).normalize()
    if kind == "bool":
        return value is True or str(value).lower() == "true"
    if kind == "datetime":
        return parse_instant(value)
    if kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return str(value)


class HubSpotHarness:
    def __init__(self, box) -> None:
        self.box = box
        self.url = box.vendor_url("hubspot")

    def config(self, **extra: Any) -> dict[str, Any]:
        return sandbox_tap_config(TapHubSpot.config_jsonschema["properties"], "hubspot", self.box,
                                  **{"zipcodes_source": str(ZIPS), "request_timeout": 10, **extra})

    def run(self, config: dict[str, Any] | None = None, state: dict | None = None,
            streams: list[str] | None = None, timeout: float = 300) -> testing.TapRun:
        """A run of the tap; ``streams`` selects from a catalog discovered with the demo token
        (discovery reads the properties API), so a run can use another token."""
        config = config or self.config()
        catalog = testing.select(self.catalog(config), streams) if streams else None
        return testing.run_tap(TAP, config, state, catalog=catalog, timeout=timeout)

    def catalog(self, config: dict[str, Any] | None = None) -> dict[str, Any]:
        """The catalog discovered with ``config`` and the demo token."""
        return testing.discover(TAP, {**(config or self.config()), "access_token": "demo-hubspot-token"})

    @staticmethod
    def apply(warehouse: dict[str, dict[str, dict]], run: testing.TapRun) -> dict[str, dict[str, dict]]:
        """A run's messages into an in-memory warehouse keyed by stream and primary key: records
        upserted, and on ACTIVATE_VERSION the rows of older versions (not sent by this run) retired."""
        sent: dict[str, set[str]] = {}
        for message in run.messages:
            stream = message.get("stream")
            if message["type"] == "RECORD":
                key = message["record"][KEYS[stream]]
                warehouse.setdefault(stream, {})[key] = message["record"]
                sent.setdefault(stream, set()).add(key)
            elif message["type"] == "ACTIVATE_VERSION":
                table = warehouse.setdefault(stream, {})
                for key, row in table.items():
                    if key not in sent.get(stream, set()) and row.get("_sdc_deleted_at") is None:
                        table[key] = {**row, "_sdc_deleted_at": "retired"}
        return warehouse

    def kinds(self, stream: str) -> dict[str, str]:
        results = requests.get(f"{self.url}/crm/v3/properties/{OBJECTS[stream]}", timeout=10,
                               headers={"Authorization": "Bearer demo-hubspot-token"}).json()["results"]
        return {p["name"]: p["type"] for p in results}

    def expected(self, stream: str) -> dict[str, dict[str, Any]]:
        """The rows the sandbox says the warehouse should hold, normalized."""
        if stream in ASSOCIATIONS:  # live contacts, each with its live associated objects
            target, column = ASSOCIATIONS[stream]
            rows = {c["id"]: {"contact_id": c["id"], column: []}
                    for c in self.box.dump("hubspot", "contacts") if not c["archived"]}
            for pair in self.box.dump("hubspot", f"associations.contacts.{target}"):
                rows[pair["from_id"]][column].append(pair["to_id"])
            for row in rows.values():
                row[column].sort()
            return rows
        kinds = self.kinds(stream)
        return {r["id"]: {"id": r["id"], "deleted": r["archived"],
                          **{n: normalize(kinds[n], v) for n, v in r["properties"].items()}}
                for r in self.box.dump("hubspot", stream)}

    def actual(self, stream: str, table: dict[str, dict]) -> dict[str, dict[str, Any]]:
        """Warehouse rows normalized like ``expected``."""
        if stream in ASSOCIATIONS:  # the rows not retired
            column = ASSOCIATIONS[stream][1]
            return {k: {"contact_id": k, column: sorted(r[column] or [])}
                    for k, r in table.items() if r.get("_sdc_deleted_at") is None}
        kinds = self.kinds(stream)
        return {k: {"id": k, "deleted": r.get("_sdc_deleted_at") is not None,
                    **{n: normalize(kind, r.get(n)) for n, kind in kinds.items()}}
                for k, r in table.items()}

    def assert_matches(self, warehouse: dict[str, dict[str, dict]], streams: list[str] | None = None) -> None:
        for stream in streams or [*OBJECTS, *ASSOCIATIONS]:
            expected, actual = self.expected(stream), self.actual(stream, warehouse.get(stream, {}))
            assert sorted(actual) == sorted(expected), f"{stream}: different keys"
            wrong = [k for k in expected if actual[k] != expected[k]]
            assert not wrong, f"{stream}: {len(wrong)} rows differ, e.g. {wrong[0]}: " \
                              f"{_diff(expected[wrong[0]], actual[wrong[0]])}"


def _diff(a: dict, b: dict) -> dict:
    return {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)}


@pytest.fixture
def hubspot(fresh_sandbox) -> HubSpotHarness:
    return HubSpotHarness(fresh_sandbox)


@pytest.fixture(scope="session")
def harness_class() -> type[HubSpotHarness]:
    return HubSpotHarness


@pytest.fixture(scope="session")
def bookmark_of():
    return bookmark
