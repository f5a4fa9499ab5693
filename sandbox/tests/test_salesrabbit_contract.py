"""The SalesRabbit emulation against ``crm_sandbox/api/vendors/salesrabbit/CONTRACT.md``, over HTTP."""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import format_datetime

import pytest
import requests

from crm_sandbox.api.vendors.salesrabbit import TOKEN
from crm_sandbox.world import World
from tests.harness.sandbox import SANDBOX_SCALE, SANDBOX_SEED

AUTH = {"Authorization": f"Bearer {TOKEN}"}
STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$")


@pytest.fixture
def api(fresh_sandbox):
    base = fresh_sandbox.vendor_url("salesrabbit")

    def get(path: str, headers: dict | None = None, auth: dict | None = AUTH, **params) -> requests.Response:
        return requests.get(base + path, headers={**(auth or {}), **(headers or {})}, params=params, timeout=10)

    get.box = fresh_sandbox
    return get


def test_bearer_token_and_401_body(api):
    assert api("/leads", auth=None).status_code == 401
    wrong = api("/users", auth={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.json() == {"message": "Unauthenticated."}
    assert api("/leads").status_code == 200


def test_leads_pages_from_1_until_more_pages_is_false(api):
    everyone = api("/leads").json()
    assert everyone["meta"] == {"morePages": False} and len(everyone["data"]) > 40
    ids, page = [], 1
    while True:
        body = api("/leads", page=page, limit=17).json()
        ids += [lead["id"] for lead in body["data"]]
        if not body["meta"]["morePages"]:
            break
        page += 1
    assert ids == sorted(ids) == [lead["id"] for lead in everyone["data"]], "ascending id, each once"
    assert api("/leads", page=0, limit=5).json() == api("/leads", page=1, limit=5).json(), "page < 1 is page 1"
    assert api("/leads", page=page + 1, limit=17).json() == {"data": [], "meta": {"morePages": False}}


def test_page_size_names_and_cap(api):
    assert len(api("/leads", perPage=3, limit=9).json()["data"]) == 3, "perPage wins"
    assert len(api("/leads", limit=9).json()["data"]) == 9
    api.box.configure("salesrabbit", max_page_size=4)
    assert len(api("/leads", limit=1000).json()["data"]) == 4, "capped"


def test_lead_record_shape(api):
    leads = api("/leads").json()["data"]
    lead = next(lead for lead in leads if lead["status"] == "Appointment Set")
    assert set(lead["address"]) == {"street1", "street2", "city", "state", "zip", "country"}
    assert set(lead["coordinates"]) == {"latitude", "longitude"}
    assert isinstance(lead["customFields"], dict) and lead["appointment"]
    for field in ("dateCreated", "dateModified", "statusModified", "ownerModified"):
        assert STAMP.match(lead[field]), field
    assert any(lead["firstName"] == "" for lead in leads), "unknown names are empty strings"
    deleted = [lead for lead in leads if lead["deletedAt"]]
    assert deleted and all(lead["dateModified"] == lead["deletedAt"] for lead in deleted), "deleted, still listed"


def test_a_canvassed_lead_carries_the_genius_prospects_phone_and_address(api):
    box = api.box
    lead = next(lead for lead in api("/leads").json()["data"] if lead["status"] == "Appointment Set")
    w = World(SANDBOX_SEED, SANDBOX_SCALE)
    homeowner = w.homeowner(w.ids.world_id("salesrabbit", "homeowner", lead["id"]))
    assert re.sub(r"\D", "", lead["phonePrimary"]) == homeowner.phone1
    assert (lead["address"]["street1"], lead["address"]["zip"]) == (homeowner.address1, homeowner.zip)
    assert lead["userId"] in {u["id"] for u in box.dump("salesrabbit", "users")}, "its rep is a SalesRabbit user"


def test_if_modified_since_whole_seconds_inclusive_both_spellings(api):
    leads = api("/leads").json()["data"]
    mark = sorted(lead["dateModified"] for lead in leads)[len(leads) // 2]
    at = datetime.fromisoformat(mark)
    expected = sorted(lead["id"] for lead in leads if lead["dateModified"] >= mark)
    for spelling in (mark, at.strftime("%Y-%m-%dT%H:%M:%S.999Z"), format_datetime(at, usegmt=True)):
        got = api("/leads", headers={"If-Modified-Since": spelling}).json()["data"]
        assert sorted(lead["id"] for lead in got) == expected, spelling
    api.box.configure("salesrabbit", if_modified_since="after")
    strictly = api("/leads", headers={"If-Modified-Since": mark}).json()["data"]
    assert sorted(lead["id"] for lead in strictly) == sorted(i["id"] for i in leads if i["dateModified"] > mark)
    assert len(api("/leads", headers={"If-Modified-Since": "yesterday"}).json()["data"]) == len(leads), "ignored"


def test_users_pages_from_0_and_the_repeating_list(api):
    users = api("/users").json()
    assert "meta" not in users and len(users["data"]) > 5
    assert api("/users", page=3, limit=2).json() == users, "full_list: every page is the whole list"
    api.box.configure("salesrabbit", users_repeat_pages="first_page")
    assert api("/users", page=3, limit=2).json()["data"] == users["data"][:2]
    api.box.configure("salesrabbit", users_repeat_pages="off")
    pages = [api("/users", page=n, limit=5).json()["data"] for n in range(4)]
    assert [u for page in pages for u in page] == users["data"] and pages[0] == users["data"][:5]
    with pytest.raises(requests.HTTPError):
        requests.post(f"{api.box.url}/_admin/salesrabbit/config", json={"users_repeat_pages": "sometimes"},
                      timeout=10).raise_for_status()


def test_rate_window_answers_429_with_retry_after(api):
    api.box.configure("salesrabbit", requests_per_minute=2)
    assert [api("/users").status_code for _ in range(2)] == [200, 200]
    refused = api("/users")
    assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json() == {"message": "Too Many Requests"}


def test_mutations_share_one_instant_and_dump_is_the_warehouse_view(api):
    box, at = api.box, "2026-01-02T03:04:05Z"
    made = box.mutate("salesrabbit", {"action": "create", "object": "leads", "count": 5, "at": at})
    assert made["at"] == "2026-01-02T03:04:05+00:00" and len(made["ids"]) == 5
    box.mutate("salesrabbit", {"action": "delete", "object": "leads", "ids": made["ids"][:2], "at": at})
    dump = {lead["id"]: lead for lead in box.dump("salesrabbit", "leads")}
    assert all(dump[i]["_sdc_deleted_at"] == dump[i]["deletedAt"] == made["at"] for i in made["ids"][:2])
    assert all(dump[i]["dateModified"] == made["at"] for i in made["ids"])
    assert "" not in dump[made["ids"][2]].values(), "empty strings as the tap loads them: null"
    removed = box.mutate("salesrabbit", {"action": "remove", "object": "users", "count": 1})["ids"]
    assert removed[0] not in {u["id"] for u in box.dump("salesrabbit", "users")}
    with pytest.raises(AssertionError, match="400.*unknown mutation"):
        box.mutate("salesrabbit", {"action": "fly", "object": "leads"})
