"""The tap relies only on HubSpot's documented contract and tolerates its documented variations.

Fast checks: request sizes against the documented limits, and the emulation's documented answers
the tap must cope with (207, numbers as JSON numbers, unknown fields).  HubSpot's value spellings
are covered by the kit's coercion tests (taps/common/tests/test_coerce.py).
"""

from __future__ import annotations

import json

import pytest

from tap_hubspot.client import Phase
from tap_hubspot.tap import TapHubSpot


def test_search_bodies_stay_under_the_documented_3000_characters(hubspot):
    tap = TapHubSpot(config=hubspot.config(), parse_env_config=False)
    contacts = tap.streams["contacts"]
    contacts._phase = Phase("search", low_ms=1_700_000_000_000, high_ms=1_800_000_000_000)
    first, rest = contacts._search_chunk()
    assert rest, "contacts have more properties than one search body holds"
    body = contacts._search_body(99_999_999_999, first)
    assert len(json.dumps(body)) <= 3_000
    assert set(first) | set(rest) == set(contacts.requested_properties())
    assert first[:2] == ["hs_object_id", "lastmodifieddate"]


def test_delta_search_then_batch_read_completes_the_properties(hubspot):
    full = hubspot.run(streams=["contacts"])
    assert full.returncode == 0, full.stderr[-2000:]
    changed = hubspot.box.mutate("hubspot", {"action": "update", "object": "contacts", "count": 3,
                                             "properties": {"services_of_interest": "Solar;Doors"}})
    hubspot.box.clear_requests()
    delta = hubspot.run(state=full.state, streams=["contacts"])
    assert delta.returncode == 0, delta.stderr[-2000:]
    calls = [r for r in hubspot.box.requests("hubspot") if "/objects/contacts" in r["path"]]
    assert any(r["path"].endswith("/search") for r in calls)
    assert any(r["path"].endswith("/batch/read") for r in calls)
    records = {r["id"]: r for r in delta.records["contacts"]}
    assert set(changed["ids"]) <= set(records)
    for rid in changed["ids"]:  # a property past the search body's chunk, and a multi-checkbox value
        assert records[rid]["services_of_interest"] == "Solar;Doors"
        assert records[rid]["original_lead_source"] is not None
