"""The tap relies only on CallRail's documented contract and tolerates its documented variations.

In-process and fast: request building, paging tokens and value coercion, without a sync.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlparse, urlsplit

import pytest
import requests
from singer_sdk.streams.rest import PageContext

from tap_callrail.client import retention_floor
from tap_callrail.streams import CALL_FIELDS
from tap_callrail.tap import TapCallRail
from tap_common import coerce_record

BASE = "http://127.0.0.1:9/callrail/v3"


@pytest.fixture(scope="module")
def streams() -> dict:
    tap = TapCallRail(config={"api_key": "k", "api_url": BASE, "start_date": "2026-01-01T00:00:00Z"},
                      parse_env_config=False)
    return tap.streams


def _request(stream, token):
    if isinstance(token, str):  # a next-page link, as the paginator hands it over
        token = urlparse(token)
    return stream.get_http_request(page=PageContext(stream_context={"account_id": "ACC1"},
                                                    next_page_token=token))


def test_next_page_url_is_called_unmodified_on_the_api_host(streams):
    link = (f"{BASE}/a/ACC1/calls?api_sort%5B%5D%5Bstart_time%5D=desc&api_sort%5B%5D=start_time"
            "&format=json&offset=1&page=2&per_page=250&relative_pagination=true")
    request = _request(streams["calls"], link)
    assert request.url == link and not request.params  # duplicate keys and all, as given


@pytest.mark.parametrize("link", ["https://api.callrail.com/v3/a/ACC1/calls?offset=1&per_page=250",
                                  "/v3/a/ACC1/calls?offset=1&per_page=250",
                                  "http://127.0.0.1:9/v3/a/ACC1/calls?offset=1&per_page=250"])
def test_next_page_on_another_host_keeps_the_configured_base(streams, link):
    request = _request(streams["calls"], link)
    parts = urlsplit(request.url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{BASE}/a/ACC1/calls.json"
    assert parse_qs(parts.query) == {"offset": ["1"], "per_page": ["250"]}


def test_first_requests_carry_the_documented_parameters(streams):
    calls = _request(streams["calls"], None).params
    assert calls["relative_pagination"] == "true" and calls["fields"] == ",".join(CALL_FIELDS)
    assert date.fromisoformat(calls["start_date"]) >= retention_floor(25)  # never before retention
    assert _request(streams["accounts"], None).params["fields"] == "numeric_id"
    assert _request(streams["trackers"], None).params["fields"] == "campaign_name,swap_targets"
    # no undocumented filters (start_time=, sent_at=, created_at=)
    for name in ("companies", "tags", "users", "form_submissions", "text_messages"):
        params = _request(streams[name], None).params
        assert not {"start_time", "sent_at", "created_at", "submission_time"} & set(params)
    assert "start_date" in _request(streams["text_messages"], None).params  # else "recent": 7 days


def test_retention_floor_is_25_calendar_months_plus_a_margin():
    assert retention_floor(25, date(2026, 11, 27)) == date(2024, 10, 29)
    assert retention_floor(25, date(2026, 3, 31)) == date(2024, 3, 2)  # Feb 29 2024 + 2 days


def _response(body: dict) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response._content = __import__("json").dumps(body).encode()
    return response


def _advance(pager, body: dict):
    pager.advance(_response(body))
    return None if pager.finished else pager.current_value


def test_offset_paging_with_and_without_total_pages(streams):
    tags = streams["tags"]
    pager = tags.get_new_paginator()
    assert tags.get_url_params({"account_id": "ACC1"}, pager.current_value)["page"] == 1
    assert _advance(pager, {"page": 1, "per_page": 100, "total_pages": 2, "tags": [1, 2]}) == 2
    assert _advance(pager, {"page": 2, "per_page": 100, "total_pages": 2, "tags": [3]}) is None
    # an envelope without total_pages: go on while pages come back full
    pager = tags.get_new_paginator()
    assert _advance(pager, {"page": 1, "tags": list(range(100))}) == 2
    assert _advance(pager, {"page": 2, "tags": [3]}) is None


def test_relative_paging_stops_when_the_api_says_so(streams):
    pager = streams["calls"].get_new_paginator()
    assert _advance(pager, {"has_next_page": True, "next_page": f"{BASE}/a/ACC1/calls?offset=1",
                            "calls": [1]}).geturl() == f"{BASE}/a/ACC1/calls?offset=1"
    assert _advance(pager, {"has_next_page": False, "next_page": None, "calls": [1]}) is None


def test_loose_documented_spellings_are_coerced(streams):
    call = coerce_record({"id": "CAL1", "recording_duration": "27", "value": "$1,250.00", "duration": 4},
                         streams["calls"].schema)
    assert (call["recording_duration"], call["value"], call["duration"]) == (27, 1250, 4)
    assert coerce_record({"value": ""}, streams["calls"].schema)["value"] is None
    tag = coerce_record({"id": "1234569", "name": "Sales"}, streams["tags"].schema)  # create/update shape
    assert tag["id"] == 1234569
    account = coerce_record({"id": "ACC1", "numeric_id": "123456789"}, streams["accounts"].schema)
    assert account["numeric_id"] == 123456789 and account["id"] == "ACC1"
