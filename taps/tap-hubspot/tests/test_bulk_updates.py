"""More than 10,000 records sharing one modified time: every one arrives exactly once."""

from __future__ import annotations

from collections import Counter


def test_12000_contacts_updated_at_one_instant_arrive_exactly_once(hubspot, bookmark_of):
    box = hubspot.box
    first = hubspot.run(streams=["contacts"])
    box.mutate("hubspot", {"action": "create", "object": "contacts", "count": 12_000})
    bulk = box.mutate("hubspot", {"action": "update", "object": "contacts", "all": True,
                                  "properties": {"lifecyclestage": "opportunity"}})
    live = {c["id"] for c in box.dump("hubspot", "contacts") if not c["archived"]}
    assert len(bulk["ids"]) == len(live) > 12_000
    # HubSpot's limits as its usage guide states them (the emulation's defaults are the search
    # guide's 5/s and a higher tier's burst): the tap's own pace must never meet a 429.
    box.configure("hubspot", search_per_second=4, requests_per_10s=100)
    box.clear_requests()

    delta = hubspot.run(state=first.state, streams=["contacts"])
    assert delta.returncode == 0, delta.stderr[-3000:]
    counts = Counter(delta.ids("contacts"))
    assert set(counts) == live
    assert max(counts.values()) == 1
    assert {r["lifecyclestage"] for r in delta.records["contacts"]} == {"opportunity"}
    assert bookmark_of(delta.state, "contacts").startswith(bulk["at"][:19])
    requests = box.requests("hubspot")
    assert sum(r["path"].endswith("/search") for r in requests) > 60
    assert {r["status"] for r in requests} == {200}  # never paged past 10,000, never throttled

    # The next delta moves on: only what changed after the bulk instant arrives.
    later = box.mutate("hubspot", {"action": "update", "object": "contacts", "ids": [sorted(live)[7]]})
    again = hubspot.run(state=delta.state, streams=["contacts"])
    assert again.returncode == 0 and again.ids("contacts") == later["ids"]
