"""The MarketSharp emulation over real HTTP: each CONTRACT.md row (auth, $metadata, Atom feeds,
query options, paging, errors, SQL Server values, admin)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from lxml import etree

from crm_sandbox.api.vendors.marketsharp.api import API_KEY, COMPANY_ID, SECRET_KEY, signature
from crm_sandbox.api.vendors.marketsharp.odata import edm_datetime, guid_key, sql_datetime

NS = {"a": "http://www.w3.org/2005/Atom", "d": "http://schemas.microsoft.com/ado/2007/08/dataservices",
      "m": "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"}


def header(epoch: int | None = None, secret: str = SECRET_KEY, key: str = API_KEY) -> dict[str, str]:
    ts = str(int(time.time()) if epoch is None else epoch)
    return {"Authorization": f"{COMPANY_ID}:{key}:{ts}:{signature(secret, COMPANY_ID, key, ts)}"}


class Client:
    def __init__(self, box) -> None:
        self.box, self.url = box, box.vendor_url("marketsharp") + "/WcfDataService.svc"

    def get(self, path: str, headers: dict | None = None, **params) -> requests.Response:
        return requests.get(self.url + path, params=params, headers=header() if headers is None else headers,
                            timeout=10)

    def entries(self, path: str, **params) -> list[dict[str, str | None]]:
        response = self.get(path, **params)
        assert response.status_code == 200, response.text
        root = etree.fromstring(response.content.replace(b"&#x", b"&#38;#x"))  # test-side view only
        return [{etree.QName(p).localname: (None if p.get(f"{{{NS['m']}}}null") == "true" else (p.text or ""))
                 for p in props} for props in root.iterfind(".//m:properties", NS)]


@pytest.fixture
def ms(fresh_sandbox) -> Client:
    return Client(fresh_sandbox)


def error_message(response: requests.Response) -> str:
    return etree.fromstring(response.content).findtext("m:message", namespaces=NS)


def test_signed_requests_only(ms):
    assert ms.get("/Contacts", **{"$top": 1}).status_code == 200
    stale = ms.get("/Contacts", headers=header(int(time.time()) - 600))
    wrong = ms.get("/Contacts", headers=header(secret="c2VjcmV0"))
    for response in (stale, wrong, ms.get("/Contacts", headers={}), ms.get("/Contacts", headers={"Authorization": "x"})):
        assert response.status_code == 401 and "Authorization failed" in error_message(response)
        assert response.headers["Content-Type"].startswith("application/xml")
    assert requests.post(ms.url + "/Contacts", headers=header(), timeout=10).status_code == 405


def test_metadata_lists_the_23_entity_sets_with_edm_types(ms):
    root = etree.fromstring(ms.get("/$metadata").content)
    edm = {"e": "http://schemas.microsoft.com/ado/2008/09/edm"}
    assert len(root.findall(".//e:EntitySet", edm)) == 23
    contact = root.find(".//e:EntityType[@Name='Contact']", edm)
    types = {p.get("Name"): p.get("Type") for p in contact.findall("e:Property", edm)}
    assert types["id"] == "Edm.Guid" and types["lastUpdate"] == "Edm.DateTime" and types["companyId"] == "Edm.Int32"
    assert contact.find("e:Key/e:PropertyRef", edm).get("Name") == "id"
    assert root.find(".//e:EntityType[@Name='ContactPhone']/e:Key/e:PropertyRef", edm).get("Name") == "contactId"


def test_atom_entries_typed_and_nulls_marked(ms):
    body = ms.get("/Contacts", **{"$top": 1}).text
    assert '<d:id m:type="Edm.Guid">' in body and 'm:type="Edm.DateTime"' in body and 'm:null="true"' in body
    assert "<d:firstName>" in body, "strings carry no m:type"


def test_filter_orderby_top_skip(ms):
    rows = ms.entries("/Contacts", **{"$orderby": "lastUpdate,id"})
    pivot = rows[len(rows) // 2]["lastUpdate"]
    after = ms.entries("/Contacts", **{"$filter": f"lastUpdate gt datetime'{pivot}'", "$orderby": "lastUpdate,id"})
    assert after == [r for r in rows if sql_datetime_text(r["lastUpdate"]) > sql_datetime_text(pivot)]
    assert ms.entries("/Contacts", **{"$orderby": "lastUpdate,id", "$top": 3, "$skip": 2}) == rows[2:5]
    ids = [r["id"] for r in ms.entries("/Addresses", **{"$orderby": "id"})]
    assert ids == sorted(ids, key=guid_key) and ids != sorted(ids), "SQL Server's uniqueidentifier order"


def sql_datetime_text(text: str):
    from datetime import datetime
    return sql_datetime(datetime.fromisoformat(text[:26]))


@pytest.mark.parametrize("params,message", [
    ({"$filter": "nope gt 1"}, "No property 'nope' exists in type"),
    ({"$filter": "lastUpdate gt 'x'"}, "incompatible with operand types 'System.DateTime' and 'System.String'"),
    ({"$filter": "lastUpdate gt datetime'not a date'"}, "Unrecognized 'Edm.DateTime' literal"),
    ({"$orderby": "nope"}, "No property 'nope'"),
    ({"$top": "x"}, "$top must be an integer"),
])
def test_bad_query_options_answer_400_in_odata_shape(ms, params, message):
    response = ms.get("/Contacts", **params)
    assert response.status_code == 400 and message in error_message(response)


def test_unknown_entity_set_is_404(ms):
    response = ms.get("/Widgets")
    assert response.status_code == 404 and error_message(response) == "Resource not found for the segment 'Widgets'."


def test_server_driven_paging_next_link_with_skiptoken(ms):
    ms.box.configure("marketsharp", server_page_size=4)
    seen, params = [], {"$orderby": "lastUpdate"}
    url = ms.url + "/Contacts"
    while url:
        response = requests.get(url, params=params, headers=header(), timeout=10)
        root = etree.fromstring(response.content.replace(b"&#x", b"&#38;#x"))
        seen += [e.text for e in root.iterfind(".//m:properties/d:id", NS)]
        link = root.find("a:link[@rel='next']", NS)
        url, params = (link.get("href"), None) if link is not None else (None, None)
        if url:
            assert "$skiptoken" in parse_qs(urlsplit(url).query)
    assert len(seen) == len(set(seen)) == len(ms.box.dump("marketsharp", "contacts"))


def test_forbidden_characters_are_written_as_references_and_cr_as_xD(ms):
    body = ms.get("/Inquiries").content
    assert b"&#xD;\n" in body and b"&#xB;" in body and b"&#x1F;" in body
    with pytest.raises(etree.XMLSyntaxError):  # not well-formed XML 1.0, as WCF writes it
        etree.fromstring(body)


def test_sql_server_datetime_precision():
    from datetime import datetime
    at = sql_datetime(datetime(2024, 1, 1, 10, 0, 0, 4_000))
    assert at.microsecond == 3_333 and edm_datetime(at) == "2024-01-01T10:00:00.0033333"
    assert edm_datetime(sql_datetime(datetime(2024, 1, 1, 10, 0, 0, 500_000))) == "2024-01-01T10:00:00.5"


def test_mutations_and_dump(ms):
    box = ms.box
    contact = box.dump("marketsharp", "contacts")[0]["id"]
    at = box.mutate("marketsharp", {"action": "update", "object": "contacts", "ids": [contact],
                                    "changes": {"firstName": "Renamed"}})["at"]
    assert ms.entries("/Contacts", **{"$filter": f"id eq guid'{contact}'"})[0]["firstName"] == "Renamed"
    dumped = {r["id"]: r for r in box.dump("marketsharp", "contacts")}
    assert dumped[contact]["first_name"] == "Renamed" and dumped[contact]["last_update"].startswith(at[:19])
    new = box.mutate("marketsharp", {"action": "create", "object": "contacts", "count": 2})["ids"]
    assert set(new) <= {r["contact_id"] for r in box.dump("marketsharp", "contact_phones")}
    field = box.dump("marketsharp", "custom_fields")[0]["id"]
    box.mutate("marketsharp", {"action": "delete", "object": "custom_fields", "ids": [field]})
    assert field not in {r["id"] for r in box.dump("marketsharp", "custom_fields")}


def test_contacts_come_from_the_world_with_crosswalk_ids(fresh_sandbox):
    from crm_sandbox.world import World
    world = World(42, 0.05)
    held = world.ids.table("marketsharp", "homeowner")
    assert {r["id"] for r in fresh_sandbox.dump("marketsharp", "contacts")} == set(held.values())
    appointments = world.ids.table("marketsharp", "appointment")
    assert {r["id"] for r in fresh_sandbox.dump("marketsharp", "appointments")} == set(appointments.values())
