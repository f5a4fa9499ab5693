"""The HubSpot emulation against the documented facts listed in ``crm_sandbox/api/vendors/hubspot/CONTRACT.md``.

Complements ``test_hubspot_contract.py`` with what the docs audit added:
search limits and body size, default order, value encodings, list/batch options, v4 shapes,
rate-limit headers.
"""

from __future__ import annotations

import re

import pytest
import requests

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


@pytest.fixture
def hub(hub):
    hub.box.configure("hubspot", search_per_second=50)
    return hub


def _with_email(hub):
    results = hub.get("/crm/v3/objects/contacts", limit=100, properties="email").json()["results"]
    return next(r for r in results if r["properties"]["email"])


def _filters(n, name="email"):
    return [{"propertyName": name, "operator": "HAS_PROPERTY"} for _ in range(n)]


def test_search_filter_limits_are_5_groups_6_filters_18_in_all(hub):
    ok = {"filterGroups": [{"filters": _filters(6)}] * 3}
    assert hub.search("contacts", ok).status_code == 200
    seven = {"filterGroups": [{"filters": _filters(7)}]}
    nineteen = {"filterGroups": [{"filters": _filters(5)}] * 3 + [{"filters": _filters(4)}]}
    for body in (seven, nineteen):
        response = hub.search("contacts", body)
        assert response.status_code == 400 and response.json()["category"] == "VALIDATION_ERROR"


def test_search_body_over_3000_characters_is_rejected(hub):
    names = [p["name"] for p in hub.get("/crm/v3/properties/contacts").json()["results"]]
    long = {"properties": names, "limit": 1}
    assert len(requests.models.complexjson.dumps(long)) > 3000
    response = hub.search("contacts", long)
    assert response.status_code == 400 and response.json()["status"] == "error"
    assert hub.search("contacts", {"properties": names[:20], "limit": 1}).status_code == 200


def test_search_default_order_is_creation_order_and_paging_after_is_a_string(hub):
    page = hub.search("contacts", {"limit": 100, "properties": ["createdate"]}).json()
    created = [r["createdAt"] for r in page["results"]]
    assert created == sorted(created) and isinstance(page["total"], int)
    small = hub.search("contacts", {"limit": 5}).json()
    assert small["paging"]["next"]["after"] == "5"
    assert hub.search("contacts", {"limit": 5, "after": 5}).json()["results"][0]["id"] == page["results"][5]["id"]


def test_property_values_are_strings_in_documented_formats(hub):
    props = "prospect_id,hs_is_unworked,createdate,first_appointment_date,services_of_interest,email"
    results = hub.get("/crm/v3/objects/contacts", limit=100, properties=props).json()["results"]
    for record in results:
        values = record["properties"]
        assert all(v is None or isinstance(v, str) for v in values.values())
        assert ISO_MS.match(values["createdate"]) and ISO_MS.match(record["createdAt"])
        assert values["hs_is_unworked"] in ("true", "false")
        assert re.fullmatch(r"-?\d+(\.\d+)?", values["prospect_id"])
        if values["first_appointment_date"]:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", values["first_appointment_date"])
    assert any(";" in (r["properties"]["services_of_interest"] or "") for r in results)
    definitions = {p["name"]: p for p in hub.get("/crm/v3/properties/contacts").json()["results"]}
    assert definitions["services_of_interest"]["fieldType"] == "checkbox"
    assert definitions["hs_whatsapp_phone_number"]["type"] == "phone_number"
    assert {"name", "label", "type", "fieldType", "hidden", "calculated", "options"} <= set(definitions["email"])


def test_enumeration_filters_are_case_sensitive_and_match_one_checkbox_option(hub):
    eq = {"filterGroups": [{"filters": [{"propertyName": "services_of_interest", "operator": "EQ",
                                         "value": "Siding"}]}], "properties": ["services_of_interest"], "limit": 200}
    hits = hub.search("contacts", eq).json()["results"]
    assert hits and all("Siding" in r["properties"]["services_of_interest"].split(";") for r in hits)
    eq["filterGroups"][0]["filters"][0]["value"] = "siding"
    assert hub.search("contacts", eq).json()["total"] == 0
    # string IN expects lowercase values
    email = _with_email(hub)["properties"]["email"]
    lower = {"filterGroups": [{"filters": [{"propertyName": "email", "operator": "IN", "values": [email.lower()]}]}]}
    assert hub.search("contacts", lower).json()["total"] >= 1


def test_list_associations_and_properties_with_history(hub):
    linked = hub.box.dump("hubspot", "associations.contacts.deals")[0]
    page = hub.get("/crm/v3/objects/contacts", limit=100, associations="deals,widgets",
                   propertiesWithHistory="lastmodifieddate")
    assert page.status_code == 400  # with history a page holds at most 50 objects
    page = hub.get("/crm/v3/objects/contacts", limit=50, associations="deals,widgets",
                   propertiesWithHistory="lastmodifieddate").json()
    by_id = {r["id"]: r for r in page["results"]}
    while linked["from_id"] not in by_id and page.get("paging"):
        page = hub.get("/crm/v3/objects/contacts", limit=50, associations="deals",
                       after=page["paging"]["next"]["after"]).json()
        by_id.update({r["id"]: r for r in page["results"]})
    record = by_id[linked["from_id"]]
    assert {"id": linked["to_id"], "type": "contact_to_deal"} in record["associations"]["deals"]["results"]
    assert "widgets" not in record.get("associations", {})  # unknown associations are ignored
    assert "paging" in page or page["results"]
    first = hub.get("/crm/v3/objects/contacts", limit=1, propertiesWithHistory="lastmodifieddate").json()
    [entry] = first["results"][0]["propertiesWithHistory"]["lastmodifieddate"]
    assert {"value", "timestamp", "sourceType"} <= set(entry)


def test_batch_read_by_unique_property_and_207_errors(hub):
    contact = _with_email(hub)
    body = {"idProperty": "email", "properties": ["firstname"],
            "inputs": [{"id": contact["properties"]["email"]}, {"id": "nobody@nowhere.example"}]}
    response = hub.post("/crm/v3/objects/contacts/batch/read", body)
    assert response.status_code == 207
    out = response.json()
    assert [r["id"] for r in out["results"]] == [contact["id"]] and out["errors"]
    assert hub.post("/crm/v3/objects/contacts/batch/read", {**body, "idProperty": "nope"}).status_code == 400


def test_v4_associations_answer_numbers_and_207_for_ids_without_associations(hub):
    pair = hub.box.dump("hubspot", "associations.contacts.deals")[0]
    response = hub.post("/crm/v4/associations/contacts/deals/batch/read",
                        {"inputs": [{"id": pair["from_id"]}, {"id": "1"}]})
    assert response.status_code == 207
    body = response.json()
    [result] = body["results"]
    assert result["from"] == {"id": pair["from_id"]}
    assert isinstance(result["to"][0]["toObjectId"], int)
    assert {"category", "typeId", "label"} <= set(result["to"][0]["associationTypes"][0])
    assert body["numErrors"] == 1 and body["errors"][0]["status"] == "error"


def test_rate_limit_headers_and_429_body(hub):
    listing = hub.get("/crm/v3/objects/deals", limit=1)
    for name in ("Max", "Remaining", "Interval-Milliseconds", "Daily", "Daily-Remaining"):
        assert f"X-HubSpot-RateLimit-{name}" in listing.headers
    hub.box.configure("hubspot", requests_per_10s=2)
    codes = [hub.get("/crm/v3/objects/deals", limit=1) for _ in range(3)]
    limited = codes[-1]
    assert limited.status_code == 429 and "Retry-After" not in limited.headers
    assert {"status", "message", "correlationId"} <= set(limited.json())
    assert limited.json()["errorType"] == "RATE_LIMIT" and limited.json()["policyName"]
