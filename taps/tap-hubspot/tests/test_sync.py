"""Full sync → mutations → delta sync: the warehouse equals the sandbox, stream by stream."""

from __future__ import annotations


def test_full_then_delta_sync_matches_the_sandbox(hubspot, bookmark_of):
    first = hubspot.run()
    assert first.returncode == 0, first.stderr[-3000:]
    warehouse = hubspot.apply({}, first)
    hubspot.assert_matches(warehouse)
    assert len(warehouse["zipcodes"]) == 800

    box = hubspot.box
    contacts = sorted(warehouse["contacts"])
    box.mutate("hubspot", {"action": "create", "object": "contacts", "count": 5})
    box.mutate("hubspot", {"action": "update", "object": "contacts", "ids": contacts[:5],
                           "properties": {"lifecyclestage": "customer", "price": "1250.5"}})
    box.mutate("hubspot", {"action": "archive", "object": "contacts", "ids": contacts[5:7]})
    linked = box.dump("hubspot", "associations.contacts.deals")
    holder, deal = next((p["from_id"], p["to_id"]) for p in linked if p["from_id"] not in contacts[:7])
    box.mutate("hubspot", {"action": "archive", "object": "deals", "ids": [deal]})
    box.mutate("hubspot", {"action": "update", "object": "divisions", "count": 1,
                           "properties": {"status": "inactive"}})
    new = box.mutate("hubspot", {"action": "create", "object": "appointments", "count": 2})
    box.mutate("hubspot", {"action": "associate", "from": "contacts", "to": "appointments",
                           "pairs": [[contacts[10], new["ids"][0]], [contacts[11], new["ids"][1]]]})
    division_link = next(p for p in box.dump("hubspot", "associations.contacts.divisions")
                         if p["from_id"] == contacts[12])
    box.mutate("hubspot", {"action": "unassociate", "from": "contacts", "to": "divisions",
                           "pairs": [[division_link["from_id"], division_link["to_id"]]]})
    # Neither association changes nor archiving a deal touch a contact's modified time in HubSpot.

    delta = hubspot.run(state=first.state)
    assert delta.returncode == 0, delta.stderr[-3000:]
    assert len(delta.ids("contacts")) < 20  # a delta, not a full sync
    hubspot.apply(warehouse, delta)
    hubspot.assert_matches(warehouse)
    assert warehouse["contacts"][contacts[5]]["_sdc_deleted_at"] is not None
    assert warehouse["deals"][deal]["archived"] is True
    assert deal not in warehouse["contact_deals"][holder]["deal_ids"]  # the holder itself did not change
    assert warehouse["contact_deals"][contacts[5]]["_sdc_deleted_at"] is not None  # archived contact
    assert warehouse["contact_divisions"][contacts[12]]["division_ids"] == []
    assert bookmark_of(delta.state, "contacts") > bookmark_of(first.state, "contacts")


def test_every_run_rereads_associations_so_removed_ones_disappear(hubspot):
    first = hubspot.run(streams=["contacts", "contact_deals"])
    warehouse = hubspot.apply({}, first)
    pair = hubspot.box.dump("hubspot", "associations.contacts.deals")[0]
    hubspot.box.mutate("hubspot", {"action": "unassociate", "from": "contacts", "to": "deals",
                                   "pairs": [[pair["from_id"], pair["to_id"]]]})
    delta = hubspot.run(state=first.state, streams=["contacts", "contact_deals"])
    assert not delta.records.get("contacts")  # no contact changed
    assert [m["stream"] for m in delta.of_type("ACTIVATE_VERSION")] == ["contact_deals"]
    hubspot.apply(warehouse, delta)
    assert pair["to_id"] not in warehouse["contact_deals"][pair["from_id"]]["deal_ids"]
    hubspot.assert_matches(warehouse, ["contacts", "contact_deals"])


def test_delta_without_changes_reads_nothing_and_keeps_the_bookmark(hubspot, bookmark_of):
    first = hubspot.run(streams=["deals"])
    again = hubspot.run(state=first.state, streams=["deals"])
    assert again.returncode == 0 and not again.records.get("deals")
    assert bookmark_of(again.state, "deals") == bookmark_of(first.state, "deals") is not None


def test_archived_objects_never_move_the_bookmark(hubspot, bookmark_of):
    first = hubspot.run(streams=["deals"])
    hubspot.box.mutate("hubspot", {"action": "archive", "object": "deals", "count": 3})
    again = hubspot.run(state=first.state, streams=["deals"])
    assert sorted(r["archived"] for r in again.records["deals"]) == [True] * 3
    assert bookmark_of(again.state, "deals") == bookmark_of(first.state, "deals")


def test_start_date_bounds_the_first_sync(hubspot):
    run = hubspot.run(hubspot.config(start_date="2025-12-01T00:00:00Z"), streams=["deals"])
    modified = [r["hs_lastmodifieddate"] for r in run.records["deals"]]
    assert modified and min(modified) >= "2025-12-01"
    assert len(modified) < len(hubspot.box.dump("hubspot", "deals"))
