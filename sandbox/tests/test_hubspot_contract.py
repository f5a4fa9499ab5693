"""The HubSpot emulation against HubSpot's documented contract (over real HTTP)."""

from __future__ import annotations

import time

import requests

from crm_sandbox.world import World


def test_auth_errors_have_hubspots_shape(hub):
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        response = requests.get(f"{hub.url}/crm/v3/objects/contacts", headers=headers, timeout=5)
        body = response.json()
        assert response.status_code == 401
        assert body["status"] == "error" and body["category"] == "INVALID_AUTHENTICATION"
        assert body["message"] and body["correlationId"]


def test_list_paging_limits_and_properties(hub):
    contacts = len(World(42, 0.05).ids.table("hubspot", "homeowner"))
    assert 50 < contacts <= 100  # scale 0.05: one page of 100, two of 50
    first = hub.get("/crm/v3/objects/contacts", limit=100).json()
    assert len(first["results"]) == contacts and "paging" not in first
    page = hub.get("/crm/v3/objects/contacts", limit=50).json()
    assert len(page["results"]) == 50
    rest = hub.get("/crm/v3/objects/contacts", limit=50, after=page["paging"]["next"]["after"]).json()
    ids = [r["id"] for r in page["results"] + rest["results"]]
    assert ids == [r["id"] for r in first["results"]] and len(set(ids)) == contacts
    assert hub.get("/crm/v3/objects/contacts", limit=101).status_code == 400
    default = first["results"][0]
    assert set(default) == {"id", "properties", "createdAt", "updatedAt", "archived"}
    assert set(default["properties"]) == {"createdate", "email", "firstname", "hs_object_id",
                                          "lastmodifieddate", "lastname"}
    chosen = hub.get("/crm/v3/objects/0-1", properties="email,prospect_id,nonexistent").json()
    assert set(chosen["results"][0]["properties"]) == {"email", "prospect_id"}
    assert len(hub.get("/crm/v3/objects/contacts").json()["results"]) == 10  # default limit


def test_object_types_are_addressed_by_id_and_name(hub):
    for alias in ("0-421", "appointments", "2-37778609", "divisions", "p4242424_divisions", "2-42119425"):
        assert hub.get(f"/crm/v3/objects/{alias}", limit=1).status_code == 200
    assert hub.get("/crm/v3/objects/widgets").status_code == 400


def test_properties_api(hub):
    results = hub.get("/crm/v3/properties/contacts").json()["results"]
    types = {p["name"]: p["type"] for p in results}
    assert {types["prospect_id"], types["createdate"], types["first_appointment_date"],
            types["hs_is_unworked"], types["lifecyclestage"], types["email"]} == {
        "number", "datetime", "date", "bool", "enumeration", "string"}
    assert all({"name", "label", "type", "fieldType", "groupName", "options"} <= set(p) for p in results)


def test_archived_objects_only_on_the_archived_list(hub):
    victim = hub.get("/crm/v3/objects/deals", limit=1).json()["results"][0]["id"]
    hub.box.mutate("hubspot", {"action": "archive", "object": "deals", "ids": [victim]})
    live = [r["id"] for r in hub.get("/crm/v3/objects/deals", limit=100).json()["results"]]
    archived = hub.get("/crm/v3/objects/deals", limit=100, archived="true").json()["results"]
    assert victim not in live and [a["id"] for a in archived] == [victim]
    assert archived[0]["archived"] is True and archived[0]["archivedAt"]
    search = hub.post("/crm/v3/objects/deals/search", {"limit": 200}).json()
    assert victim not in {r["id"] for r in search["results"]}


def test_search_filters_sort_and_limits(hub):
    body = {"filterGroups": [{"filters": [
        {"propertyName": "lastmodifieddate", "operator": "GTE", "value": "1759276800000"},  # 2025-10-01
        {"propertyName": "hs_object_id", "operator": "GT", "value": "50000010"}]}],
        "sorts": [{"propertyName": "hs_object_id", "direction": "ASCENDING"}],
        "properties": ["lastmodifieddate"], "limit": 200}
    results = hub.post("/crm/v3/objects/contacts/search", body).json()["results"]
    assert results and [int(r["id"]) for r in results] == sorted(int(r["id"]) for r in results)
    assert all(int(r["id"]) > 50000010 and r["properties"]["lastmodifieddate"] >= "2025-10-01" for r in results)
    iso = dict(body, filterGroups=[{"filters": [dict(body["filterGroups"][0]["filters"][0],
                                                     value="2025-10-01T00:00:00Z"),
                                                body["filterGroups"][0]["filters"][1]]}])
    assert hub.post("/crm/v3/objects/contacts/search", iso).json()["results"] == results
    time.sleep(1.05)
    assert hub.post("/crm/v3/objects/contacts/search", {"limit": 201}).status_code == 400
    two_sorts = {"sorts": [{"propertyName": "hs_object_id"}, {"propertyName": "createdate"}]}
    assert hub.post("/crm/v3/objects/contacts/search", two_sorts).status_code == 400
    groups = {"filterGroups": [{"filters": [{"propertyName": "email", "operator": "HAS_PROPERTY"}]}] * 6}
    assert hub.post("/crm/v3/objects/contacts/search", groups).status_code == 400


def test_search_stops_at_10000_results(hub):
    hub.box.mutate("hubspot", {"action": "create", "object": "deals", "count": 10_050})
    page = hub.post("/crm/v3/objects/deals/search", {"limit": 200, "after": "9900"}).json()
    assert page["total"] > 10_000 and len(page["results"]) == 100
    assert page["paging"]["next"]["after"] == "10000"  # the trap a naive client follows…
    beyond = hub.post("/crm/v3/objects/deals/search", {"limit": 200, "after": "10000"})
    assert beyond.status_code == 400 and beyond.json()["category"] == "VALIDATION_ERROR"


def test_search_rate_limit(hub):
    codes = [hub.post("/crm/v3/objects/contacts/search", {"limit": 1}).status_code for _ in range(7)]
    assert codes[:5] == [200] * 5 and 429 in codes[5:]
    limited = hub.post("/crm/v3/objects/contacts/search", {"limit": 1})
    assert limited.status_code == 429 and limited.json()["errorType"] == "RATE_LIMIT"
    time.sleep(1.05)
    assert hub.post("/crm/v3/objects/contacts/search", {"limit": 1}).status_code == 200


def test_batch_read_multi_status(hub):
    ids = [r["id"] for r in hub.get("/crm/v3/objects/contacts", limit=2).json()["results"]]
    response = hub.post("/crm/v3/objects/contacts/batch/read",
                        {"properties": ["email"], "inputs": [{"id": ids[0]}, {"id": ids[1]}, {"id": "1"}]})
    body = response.json()
    assert response.status_code == 207 and body["status"] == "COMPLETE"
    assert sorted(r["id"] for r in body["results"]) == sorted(ids)
    assert body["errors"][0]["context"]["ids"] == ["1"]
    full = hub.post("/crm/v3/objects/contacts/batch/read", {"inputs": [{"id": ids[0]}]})
    assert full.status_code == 200
    too_many = {"inputs": [{"id": str(i)} for i in range(101)]}
    assert hub.post("/crm/v3/objects/contacts/batch/read", too_many).status_code == 400


def test_associations_v4_batch_read(hub):
    world = World(42, 0.05)
    several = world.planted.contacts_in_several_divisions[0]
    hub.box.configure("hubspot", association_page_size=1)
    first = hub.post("/crm/v4/associations/contacts/2-37778609/batch/read", {"inputs": [{"id": str(several)}]}).json()
    [result] = first["results"]
    assert len(result["to"]) == 1 and result["to"][0]["associationTypes"][0]["typeId"]
    after = result["paging"]["next"]["after"]
    second = hub.post("/crm/v4/associations/contacts/2-37778609/batch/read",
                      {"inputs": [{"id": str(several), "after": after}]}).json()
    assert "paging" not in second["results"][0]
    assert {result["to"][0]["toObjectId"], second["results"][0]["to"][0]["toObjectId"]} == {
        world.ids.get("hubspot", "division", d)  # toObjectId is a number
        for h, d in world.homeowner_divisions if world.ids.get("hubspot", "homeowner", h) == several}
    too_many = {"inputs": [{"id": str(i)} for i in range(1001)]}
    assert hub.post("/crm/v4/associations/contacts/deals/batch/read", too_many).status_code == 400


def test_url_length_limit(hub):
    hub.box.configure("hubspot", max_url_length=500)
    assert hub.get("/crm/v3/objects/contacts", properties=",".join(["email"] * 100)).status_code == 414


def test_mutations_and_dumps(hub):
    created = hub.box.mutate("hubspot", {"action": "create", "object": "contacts", "count": 3,
                                         "at": "2026-06-01T00:00:00Z"})
    updated = hub.box.mutate("hubspot", {"action": "update", "object": "contacts", "ids": created["ids"][:2],
                                         "properties": {"lifecyclestage": "customer"}})
    dump = {r["id"]: r for r in hub.box.dump("hubspot", "contacts")}
    assert dump[created["ids"][0]]["properties"]["lifecyclestage"] == "customer"
    assert dump[created["ids"][0]]["properties"]["lastmodifieddate"] == updated["at"]
    assert dump[created["ids"][2]]["properties"]["lastmodifieddate"] == "2026-06-01T00:00:00.000Z"
    pair = hub.box.dump("hubspot", "associations.contacts.deals")[0]
    hub.box.mutate("hubspot", {"action": "unassociate", "from": "contacts", "to": "deals",
                               "pairs": [[pair["from_id"], pair["to_id"]]]})
    assert pair not in hub.box.dump("hubspot", "associations.contacts.deals")
    planted = World(42, 0.05).planted.contacts_in_several_divisions
    links = hub.box.dump("hubspot", "associations.contacts.divisions")
    assert all(sum(1 for l in links if l["from_id"] == str(c)) >= 2 for c in planted)
