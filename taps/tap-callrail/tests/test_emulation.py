"""The CallRail emulation keeps CallRail's documented contract (the tap must not rely on more)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
import requests

from .conftest import API_KEY

AUTH = {"Authorization": f'Token token="{API_KEY}"'}
#: Inside the 25-month retention window (no date parameter means ``date_range=recent``).
SINCE = (datetime.now(timezone.utc) - timedelta(days=25 * 30)).date().isoformat()
DATED = {"calls", "form_submissions", "text-messages"}


@pytest.fixture
def api(fresh_sandbox):
    base = fresh_sandbox.vendor_url("callrail") + "/v3"

    def get(path: str, headers: dict | None = AUTH, **params) -> requests.Response:
        return requests.get(base + path, headers=headers, params=params, timeout=10)

    get.base = base
    return get


@pytest.fixture
def account(api) -> str:
    return api("/a.json").json()["accounts"][0]["id"]


def test_token_auth(api):
    assert api("/a.json", headers=None).status_code == 401
    bad = api("/a.json", headers={"Authorization": 'Token token="nope"'})
    assert bad.status_code == 401 and "error" in bad.json()
    assert api("/a.json", headers={"Authorization": f"Token token={API_KEY}"}).status_code == 200
    assert api("/a.json", headers={"Authorization": f"Bearer {API_KEY}"}).status_code == 401


def test_a_key_sees_its_users_accounts_only(api):
    scoped = {"Authorization": 'Token token="demo-callrail-carolinas-key"'}
    mine = api("/a.json", headers=scoped).json()["accounts"]
    assert [a["name"] for a in mine] == ["Demo Exteriors Carolinas"]
    other = next(a["id"] for a in api("/a.json").json()["accounts"] if a["id"] != mine[0]["id"])
    assert api(f"/a/{other}/calls.json", headers=scoped).status_code == 403
    assert api("/a/ACC0000/calls.json").status_code == 404


@pytest.mark.parametrize("resource,key", [
    ("companies", "companies"), ("trackers", "trackers"), ("calls", "calls"),
    ("form_submissions", "form_submissions"), ("text-messages", "conversations"), ("tags", "tags"),
    ("users", "users")])
def test_offset_pagination_envelope(api, account, resource, key):
    dates = {"start_date": SINCE} if resource in DATED else {}
    first = api(f"/a/{account}/{resource}.json", per_page=2, **dates).json()
    assert {"page", "per_page", "total_pages", "total_records", key} <= set(first)
    assert first["page"] == 1 and first["per_page"] == 2 and len(first[key]) <= 2
    pages = [first] + [api(f"/a/{account}/{resource}.json", per_page=2, page=p, **dates).json()
                       for p in range(2, first["total_pages"] + 1)]
    ids = [r["id"] for page in pages for r in page[key]]
    assert len(ids) == len(set(ids)) == first["total_records"]


def test_per_page_is_capped_at_250_and_validated(api, account):
    assert api(f"/a/{account}/calls.json", per_page=1000).json()["per_page"] == 250
    assert api(f"/a/{account}/calls.json", per_page="x").status_code == 400


def test_relative_pagination_on_calls(api, account):
    total = api(f"/a/{account}/calls.json", start_date=SINCE).json()["total_records"]
    body = api(f"/a/{account}/calls.json", relative_pagination="true", per_page=10, start_date=SINCE).json()
    assert set(body) == {"per_page", "has_next_page", "next_page", "calls"}
    ids = [c["id"] for c in body["calls"]]
    while body["has_next_page"]:
        body = requests.get(body["next_page"], headers=AUTH, timeout=10).json()
        ids += [c["id"] for c in body["calls"]]
    assert body["next_page"] is None and len(ids) == len(set(ids)) == total


def test_calls_default_fields_and_opt_in_fields(api, account):
    plain = api(f"/a/{account}/calls.json", start_date=SINCE).json()["calls"][0]
    assert "start_time" in plain and "note" not in plain and "company_id" not in plain
    rich = api(f"/a/{account}/calls.json", fields="note,company_id,tags,bogus", start_date=SINCE).json()["calls"][0]
    assert {"note", "company_id", "tags"} <= set(rich) and "bogus" not in rich


def test_date_filters_read_dates_in_the_account_time_zone(api, account):
    calls = api(f"/a/{account}/calls.json", per_page=250, fields="company_id", start_date=SINCE).json()["calls"]
    newest = max(calls, key=lambda c: datetime.fromisoformat(c["start_time"]))
    local_day = newest["start_time"][:10]  # rendered in the account's (user's) zone
    day = api(f"/a/{account}/calls.json", start_date=local_day, end_date=local_day).json()["calls"]
    assert newest["id"] in [c["id"] for c in day]
    assert all(c["start_time"][:10] == local_day for c in day)
    after = api(f"/a/{account}/calls.json", start_date=newest["start_time"]).json()["calls"]
    assert [c["id"] for c in after] == [newest["id"]]
    assert api(f"/a/{account}/calls.json", start_date="yesterday-ish").status_code == 400
    assert api(f"/a/{account}/calls.json", date_range="forever").status_code == 400


def test_default_order_newest_first_and_sort(api, account):
    calls = api(f"/a/{account}/calls.json", per_page=250, start_date=SINCE).json()["calls"]
    times = [datetime.fromisoformat(c["start_time"]) for c in calls]
    assert times == sorted(times, reverse=True)
    asc = api(f"/a/{account}/calls.json", per_page=250, sort="start_time", order="asc",
              start_date=SINCE).json()["calls"]
    assert [c["id"] for c in asc] == [c["id"] for c in reversed(calls)]
    assert api(f"/a/{account}/calls.json", sort="nonsense").status_code == 400


def test_text_messages_are_conversations(api, account):
    conv = api(f"/a/{account}/text-messages.json", start_date=SINCE).json()["conversations"][0]
    assert {"last_message_at", "recent_messages", "customer_phone_number"} <= set(conv)
    assert conv["recent_messages"][0]["created_at"] == conv["last_message_at"]


def test_callers_are_the_worlds_homeowners(fresh_sandbox, api, account):
    from crm_sandbox.world import World

    phones = {"+1" + h.phone1 for h in World(42, 0.05).homeowners}
    calls = api(f"/a/{account}/calls.json", per_page=250, start_date=SINCE).json()["calls"]
    assert calls and {c["customer_phone_number"] for c in calls} <= phones
    zone = ZoneInfo(api(f"/a/{account}/companies.json").json()["companies"][0]["time_zone"])
    assert zone.key.startswith("America/")


def test_rate_limit_answers_429_without_retry_after(fresh_sandbox, api):
    fresh_sandbox.configure("callrail", hourly_limit=3)
    statuses = [api("/a.json") for _ in range(4)]
    assert [r.status_code for r in statuses] == [200, 200, 200, 429]
    assert "Retry-After" not in statuses[-1].headers and "error" in statuses[-1].json()


def test_writes_update_a_call_and_remove_a_tag(api, account):
    call = api(f"/a/{account}/calls.json", start_date=SINCE).json()["calls"][0]["id"]
    url = f"{api.base}/a/{account}/calls/{call}.json"
    updated = requests.put(url, json={"note": "Called back", "value": "$1,250.00"}, headers=AUTH, timeout=10)
    assert updated.status_code == 200 and updated.json()["id"] == call  # default fields, as documented
    assert api(f"/a/{account}/calls/{call}.json", fields="value").json()["value"] == 1250
    assert api(f"/a/{account}/calls/{call}.json", fields="note").json()["note"] == "Called back"
    tag = api(f"/a/{account}/tags.json").json()["tags"][0]["id"]
    assert requests.delete(f"{api.base}/a/{account}/tags/{tag}.json", headers=AUTH, timeout=10).status_code == 204
    assert tag not in [t["id"] for t in api(f"/a/{account}/tags.json").json()["tags"]]
