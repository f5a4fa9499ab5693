"""The CallRail emulation against the documented facts listed in ``crm_sandbox/api/vendors/callrail/CONTRACT.md``.

Complements ``taps/tap-callrail/tests/test_emulation.py`` with what the docs audit added: the
``recent`` default, data retention, time zones, UTC timestamps, opt-in fields, sorting and
filtering rules, the relative-pagination URL, per-account rate limits.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from crm_sandbox.api.vendors.callrail import API_KEY

AUTH = {"Authorization": f'Token token="{API_KEY}"'}
UTC_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")
SINCE = (datetime.now(timezone.utc) - timedelta(days=700)).date().isoformat()


@pytest.fixture
def api(fresh_sandbox):
    base = fresh_sandbox.vendor_url("callrail") + "/v3"

    def get(path: str, headers: dict | None = AUTH, **params) -> requests.Response:
        return requests.get(base + path, headers=headers, params=params, timeout=10)

    get.box = fresh_sandbox
    return get


@pytest.fixture
def account(api) -> str:
    return api("/a.json").json()["accounts"][0]["id"]


def test_no_date_parameter_means_recent_the_last_7_days(api, account):
    assert api(f"/a/{account}/calls.json").json()["total_records"] == 0  # the world's calls are older
    new = api.box.mutate("callrail", {"action": "create", "object": "calls", "account_id": account})["ids"]
    assert [c["id"] for c in api(f"/a/{account}/calls.json").json()["calls"]] == new
    assert api(f"/a/{account}/calls.json", date_range="last_7_days").json()["total_records"] == 0  # not today
    assert api(f"/a/{account}/calls.json", date_range="today").json()["total_records"] == 1


def test_retention_25_months(api, account):
    too_old = (datetime.now(timezone.utc) - timedelta(days=25 * 31)).date().isoformat()
    for params in ({"start_date": too_old}, {"date_range": "all_time"}):
        response = api(f"/a/{account}/calls.json", **params)
        assert response.status_code == 400 and "retention" in response.json()["error"]
    kept = api(f"/a/{account}/calls.json", start_date=SINCE, per_page=250).json()["calls"]
    oldest = min(datetime.fromisoformat(c["start_time"]) for c in kept)
    assert oldest > datetime.now(timezone.utc) - timedelta(days=25 * 31)
    api.box.configure("callrail", retention_months=None)  # knob: keep everything, accept all_time
    everything = api(f"/a/{account}/calls.json", date_range="all_time", per_page=250).json()
    assert everything["total_records"] > len(kept)


def test_time_zone_parameter_and_account_default(api, account):
    call = api(f"/a/{account}/calls.json", start_date=SINCE).json()["calls"][0]
    assert OFFSET.match(call["start_time"]) and call["start_time"][-6:] in ("-05:00", "-04:00")
    utc = api(f"/a/{account}/calls/{call['id']}.json", time_zone="Etc/UTC").json()
    assert utc["start_time"].endswith("+00:00")
    assert datetime.fromisoformat(utc["start_time"]) == datetime.fromisoformat(call["start_time"])
    assert api(f"/a/{account}/calls.json", time_zone="Mars/Olympus").status_code == 400


def test_utc_timestamps_and_documented_types(api, account):
    company = api(f"/a/{account}/companies.json").json()["companies"][0]
    assert UTC_MS.match(company["created_at"]) and company["id"].startswith("COM")
    tracker = api(f"/a/{account}/trackers.json").json()["trackers"][0]
    assert UTC_MS.match(tracker["created_at"])
    form = api(f"/a/{account}/form_submissions.json", start_date=SINCE).json()["form_submissions"][0]
    assert UTC_MS.match(form["submitted_at"]) and form["id"].startswith("FOR") and "customer_email" in form
    conversation = api(f"/a/{account}/text-messages.json", start_date=SINCE).json()["conversations"][0]
    assert UTC_MS.match(conversation["last_message_at"]) and len(conversation["recent_messages"]) <= 2
    assert {"direction", "content", "created_at", "type", "media_urls"} <= set(conversation["recent_messages"][0])
    calls = api(f"/a/{account}/calls.json", start_date=SINCE, fields="value", per_page=250).json()["calls"]
    assert all(c["recording_duration"] is None or isinstance(c["recording_duration"], str) for c in calls)
    assert any(isinstance(c["value"], int) for c in calls)
    tag = api(f"/a/{account}/tags.json").json()["tags"][0]
    assert isinstance(tag["id"], int) and OFFSET.match(tag["created_at"])
    user = api(f"/a/{account}/users.json").json()["users"][0]
    assert {"id", "email", "role", "companies", "accepted"} <= set(user)


def test_opt_in_fields_need_field_selection(api, account):
    assert "numeric_id" not in api("/a.json").json()["accounts"][0]
    assert "numeric_id" in api("/a.json", fields="numeric_id").json()["accounts"][0]
    plain = api(f"/a/{account}/trackers.json").json()["trackers"][0]
    assert not {"campaign_name", "swap_targets"} & set(plain)
    chosen = api(f"/a/{account}/trackers.json", fields="campaign_name,swap_targets").json()["trackers"][0]
    assert {"campaign_name", "swap_targets"} <= set(chosen)


def test_sorting_and_filtering_rules(api, account):
    assert api(f"/a/{account}/users.json", order="desc").status_code == 400  # order needs sort
    emails = [u["email"] for u in api(f"/a/{account}/users.json", sort="email", order="desc").json()["users"]]
    assert emails == sorted(emails, reverse=True)
    assert api(f"/a/{account}/tags.json", sort="created_at").status_code == 400  # tags sort by name only
    assert api(f"/a/{account}/text-messages.json", sort="last_message_at").status_code == 400
    forms = api(f"/a/{account}/form_submissions.json", start_date=SINCE, sort="submitted_at", order="asc")
    times = [f["submitted_at"] for f in forms.json()["form_submissions"]]
    assert times == sorted(times)
    sessions = api(f"/a/{account}/trackers.json", type="session").json()["trackers"]
    assert sessions and {t["type"] for t in sessions} == {"session"}
    levels = {t["tag_level"] for t in api(f"/a/{account}/tags.json", tag_level="account").json()["tags"]}
    assert levels == {"account"}
    statuses = {c["status"] for c in api(f"/a/{account}/companies.json", status="active").json()["companies"]}
    assert statuses == {"active"}


def test_relative_pagination_next_page_has_the_documented_shape(api, account):
    body = api(f"/a/{account}/calls.json", relative_pagination="true", per_page=5, start_date=SINCE).json()
    assert body["has_next_page"] is True
    link = urlsplit(body["next_page"])
    assert link.path.endswith(f"/v3/a/{account}/calls")  # as in the docs' example: no .json
    query = parse_qs(link.query)
    assert query["offset"] == ["1"] and query["relative_pagination"] == ["true"]
    assert query["start_date"] == [SINCE] and query["format"] == ["json"]
    second = requests.get(body["next_page"], headers=AUTH, timeout=10).json()
    assert not {c["id"] for c in second["calls"]} & {c["id"] for c in body["calls"]}


def test_rate_limits_count_per_account(api):
    accounts = [a["id"] for a in api("/a.json").json()["accounts"]]
    api.box.configure("callrail", hourly_limit=2)
    first = [api(f"/a/{accounts[0]}/tags.json").status_code for _ in range(3)]
    assert first == [200, 200, 429]
    assert api(f"/a/{accounts[1]}/tags.json").status_code == 200  # another account's budget
    limited = api(f"/a/{accounts[0]}/tags.json")
    assert limited.status_code == 429 and "Retry-After" not in limited.headers and limited.json()["error"]
