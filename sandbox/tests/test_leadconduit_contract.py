"""The LeadConduit emulation against the documented facts in
``crm_sandbox/api/vendors/leadconduit/CONTRACT.md``, over real HTTP."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
import requests

from crm_sandbox.api.vendors.leadconduit import API_KEY
from crm_sandbox.world import World
from tests.harness.sandbox import SANDBOX_SCALE, SANDBOX_SEED

OBJECT_ID = re.compile(r"^[0-9a-f]{24}$")


@pytest.fixture
def api(fresh_sandbox):
    base = fresh_sandbox.vendor_url("leadconduit")

    def get(path: str = "/events", auth=("API", API_KEY), **params) -> requests.Response:
        return requests.get(base + path, auth=auth, params=params, timeout=10)

    get.box = fresh_sandbox
    return get


def every_event(api, **params) -> list[dict]:
    events, after = [], None
    while True:
        page = api(sort="asc", limit=1000, **params, **({"after_id": after} if after else {})).json()
        if not page:
            return events
        events += page
        after = page[-1]["id"]


def test_basic_auth_the_key_is_the_password_the_user_name_is_ignored(api):
    assert api(auth=("API", API_KEY)).status_code == 200
    assert api(auth=("anything at all", API_KEY)).status_code == 200
    for auth in (("API", "wrong-key"), (API_KEY, ""), None):
        response = api(auth=auth)
        assert response.status_code == 401
        assert response.headers["Content-Type"] == "application/json; charset=utf-8"
        assert response.json() == {"error": "authentication failed"}


def test_a_bare_array_default_100_newest_first(api):
    page = api().json()
    assert isinstance(page, list) and len(page) == 100
    ids = [e["id"] for e in page]
    assert ids == sorted(ids, reverse=True) and all(OBJECT_ID.match(i) for i in ids)
    everything = every_event(api)
    assert ids == [e["id"] for e in reversed(everything[-100:])]


def test_limit_1_to_1000_and_sort_asc_or_desc(api):
    assert len(api(limit=1000).json()) == min(1000, len(every_event(api)))
    for bad in ({"limit": 0}, {"limit": 1001}, {"limit": "ten"}, {"sort": "newest"}):
        response = api(**bad)
        assert response.status_code == 400 and response.json()["error"], bad
    assert [e["id"] for e in api(limit=3, sort="asc").json()] == [e["id"] for e in every_event(api)[:3]]


def test_after_id_and_before_id_are_exclusive(api):
    events = every_event(api)
    ids = [e["id"] for e in events]
    middle = ids[len(ids) // 2]
    assert api(after_id=middle, sort="asc", limit=2).json()[0]["id"] == ids[len(ids) // 2 + 1]
    assert api(before_id=middle, sort="desc", limit=1).json()[0]["id"] == ids[len(ids) // 2 - 1]
    window = api(after_id=ids[10], before_id=ids[14], sort="asc").json()
    assert [e["id"] for e in window] == ids[11:14]
    assert api(after_id="not-an-id").status_code == 400


def test_start_and_end_are_inclusive_creation_times(api):
    events = every_event(api)
    created = [e["end_timestamp"] for e in events]  # an event is recorded when its step ends
    pick = events[len(events) // 3]
    at = datetime.fromtimestamp(pick["end_timestamp"] / 1000, timezone.utc)
    iso = at.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    first = api(start=iso, sort="asc", limit=1).json()[0]
    assert first["end_timestamp"] == pick["end_timestamp"] and created.index(pick["end_timestamp"]) == \
        [e["id"] for e in events].index(first["id"])
    assert api(end=iso, sort="desc", limit=1).json()[0]["end_timestamp"] == pick["end_timestamp"]
    assert api(start="yesterday-ish").status_code == 400


def test_include_exclude_and_rules(api):
    sources = api(rules=json.dumps([{"lhv": "type", "op": "is equal to", "rhv": "source"}]), limit=20).json()
    assert sources and {e["type"] for e in sources} == {"source"}
    state = sources[0]["vars"]["lead"]["state"]["normal"]
    by_state = api(rules=json.dumps([{"lhv": "lead.state", "op": "is equal to", "rhv": state}]), limit=50).json()
    assert {e["vars"]["lead"]["state"]["normal"] for e in by_state} == {state}
    slim = api(include=["type", "vars.lead.email"], limit=5).json()
    assert all(set(e) <= {"id", "type", "vars"} for e in slim)
    assert all("vars" not in e for e in api(exclude="vars", limit=5).json())
    assert api(include="type", exclude="vars").status_code == 400
    unsupported = api(rules=json.dumps([{"lhv": "type", "op": "matches pattern", "rhv": "s.*"}]))
    assert unsupported.status_code == 400 and "matches pattern" in unsupported.json()["error"]


def test_events_of_a_lead_steps_first_then_the_source_event(api):
    events = every_event(api)
    types = {e["type"] for e in events}
    assert {"source", "filter", "recipient", "feedback-received"} <= types
    outcomes = {e["outcome"] for e in events}
    assert {"success", "failure", "continue", "skip"} <= outcomes
    by_lead: dict[str, list[dict]] = {}
    for event in events:
        by_lead.setdefault(event["vars"]["lead"]["id"], []).append(event)
    for lead_events in by_lead.values():
        flow = [e for e in lead_events if e["type"] != "feedback-received"]
        assert flow[-1]["type"] == "source", "the submission is recorded after its steps"
        assert flow[-1]["start_timestamp"] == min(e["start_timestamp"] for e in flow)
    source = next(e for e in events if e["type"] == "source")
    lead = source["vars"]["lead"]
    assert set(lead["phone_1"]) >= {"normal", "raw", "area", "exchange", "line", "valid"}
    assert set(lead["postal_code"]) >= {"normal", "raw", "zip", "valid"}
    assert isinstance(lead["first_name"], str) and source["vars"]["flow"]["name"]
    assert isinstance(source["start_timestamp"], int) and source["expires_at"].endswith("Z")
    recipient = next(e for e in events if e["type"] == "recipient" and e["outcome"] == "success")
    assert recipient["credential"]["password"], "a stored login rides on recipient events"


def test_the_lead_id_is_the_crosswalk_id_hubspot_keeps(api):
    table = World(SANDBOX_SEED, SANDBOX_SCALE).ids.table("leadconduit", "homeowner")
    firsts: dict[int, str] = {}
    for lead in api.box.dump("leadconduit", "leads"):  # in submission order
        firsts.setdefault(lead["homeowner_id"], lead["lead_id"])
    assert table and all(firsts[h] == lead_id for h, lead_id in table.items())


def test_planted_midnight_leads_and_resubmissions(api):
    planted = api.box.dump("leadconduit", "planted")
    leads = {lead["lead_id"]: lead for lead in api.box.dump("leadconduit", "leads")}
    midnight = [p for p in planted if p["kind"] == "midnight"]
    assert midnight and [p for p in planted if p["kind"] == "resubmissions"]
    events = every_event(api)
    for pair in midnight:
        first, second = leads[pair["first"]], leads[pair["second"]]
        assert first["submitted_at"][:10] < second["submitted_at"][:10]
        assert (first["outcome"], second["outcome"], second["reason"]) == ("success", "failure", "Duplicate lead")
        recorded = next(e for e in events if e["id"] == first["source_event_id"])
        assert datetime.fromtimestamp(recorded["end_timestamp"] / 1000, timezone.utc).date().isoformat() \
            == second["submitted_at"][:10], "the first lead's source event is recorded after midnight"


def test_mutations_then_dump(api):
    box = api.box
    before = len(box.dump("leadconduit", "events"))
    made = box.mutate("leadconduit", {"action": "create", "object": "leads", "count": 2, "extra": {"score": 5}})
    assert len(made["leads"]) == 2 and made["ids"]
    dumped = box.dump("leadconduit", "events")
    assert len(dumped) == before + len(made["ids"]) and dumped[-1]["id"] == max(made["ids"])
    assert all("credential" not in e for e in dumped)
    assert {e["other"]["score"] for e in dumped if e["id"] in made["ids"]} == {5}
    again = box.mutate("leadconduit", {"action": "resubmit", "object": "leads", "ids": made["leads"][:1]})
    lead = {x["lead_id"]: x for x in box.dump("leadconduit", "leads")}[again["leads"][0]]
    assert (lead["outcome"], lead["reason"]) == ("failure", "Duplicate lead")
    fb = box.mutate("leadconduit", {"action": "create", "object": "feedback", "ids": made["leads"][:1],
                                    "type": "conversion"})
    (event,) = [e for e in every_event(api) if e["id"] in fb["ids"]]
    assert (event["type"], event["feedback"]["type"]) == ("feedback-received", "conversion")
    assert event["id"] == every_event(api)[-1]["id"] and event["recipient_event_id"]
    with pytest.raises(AssertionError, match="before the newest event"):
        box.mutate("leadconduit", {"action": "create", "object": "leads", "at": "2020-01-01T00:00:00Z"})


def test_rate_window_knob_answers_429_with_retry_after(api):
    api.box.configure("leadconduit", per_minute=2)
    assert [api(limit=1).status_code for _ in range(3)] == [200, 200, 429]
    refused = api(limit=1)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
