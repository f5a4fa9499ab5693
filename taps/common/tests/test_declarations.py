"""The kit's declarations in-process: auth headers, paging tokens, bookmark parameters."""

from __future__ import annotations

import base64
import json
import typing as t

import pytest
import requests
from singer_sdk import typing as th
from singer_sdk.streams.rest import PageContext

from tap_common import (Basic, BookmarkParam, CredentialError, Cursor, Headers, Keyset, NextURL, PageNumber,
                        RESTStream, RESTTap, api_url_setting, http_settings, lookback_setting, start_date_setting)

API = "https://api.example.com/v1"


class Items(RESTStream):
    name = "items"
    path = "/items"
    primary_keys = ("id",)
    replication_key = "updated_at"
    records_jsonpath = "$.items[*]"
    auth = Headers({"X-Auth-Key": "{auth_key}", "X-Auth-Token": "{auth_token}"})
    schema = th.PropertiesList(th.Property("id", th.IntegerType), th.Property("updated_at", th.DateTimeType)).to_dict()


class TapItems(RESTTap):
    name = "tap-items"
    stream_types = (Items,)
    config_jsonschema = th.PropertiesList(
        th.Property("auth_key", th.StringType), th.Property("auth_token", th.StringType),
        th.Property("username", th.StringType), th.Property("password", th.StringType),
        api_url_setting(API), start_date_setting(), lookback_setting("lookback_days", 2), *http_settings(),
    ).to_dict()


def stream(state: dict | None = None, **attrs: t.Any) -> Items:
    tap = TapItems(config={"auth_key": "K", "auth_token": "T", "username": "u", "password": "p",
                           "start_date": "2026-01-10T00:00:00Z"}, state=state, parse_env_config=False)
    items = tap.streams["items"]
    for name, value in attrs.items():
        setattr(items, name, value)
    # What Stream.sync() does before the first request (singer-sdk 0.54 has no public hook to
    # resolve the starting bookmark without syncing); these tests build requests only.
    items._write_starting_replication_value(None)
    return items


def response(body: t.Any, status: int = 200, url: str = f"{API}/items") -> requests.Response:
    r = requests.Response()
    r.status_code, r._content, r.url = status, json.dumps(body).encode(), url
    return r


def request(items: Items, token: t.Any = None, context: dict | None = None):
    return items.get_http_request(page=PageContext(stream_context=context, next_page_token=token))


def pages(items: Items, bodies: list[dict]) -> list[t.Any]:
    """The tokens a paginator hands out for a sequence of bodies (None once finished)."""
    paginator, tokens = items.get_new_paginator(), []
    tokens.append(paginator.current_value)
    for body in bodies:
        paginator.advance(response(body))
        tokens.append(None if paginator.finished else paginator.current_value)
    return tokens


def test_several_headers_and_a_401_naming_every_setting():
    items = stream()
    auth = items.authenticator
    assert auth.auth_headers == {"X-Auth-Key": "K", "X-Auth-Token": "T"}
    with pytest.raises(CredentialError, match=r"settings 'auth_key', 'auth_token' \(HTTP 401 on /v1/items\)"):
        items.validate_response(response({"error": "bad"}, 401))


def test_basic_auth():
    items = stream(auth=Basic("username", "password"))
    assert items.authenticator.auth_headers["Authorization"] == "Basic " + base64.b64encode(b"u:p").decode()


@pytest.mark.parametrize(("paging", "bodies", "tokens"), [
    (PageNumber(start=0, until="empty"), [{"items": [1]}, {"items": [2]}, {"items": []}], [0, 1, 2, None]),
    (PageNumber(size=2, until="short"), [{"items": [1, 2]}, {"items": [3]}], [1, 2, None]),
    (PageNumber(until="empty", more="$.more"), [{"items": [1], "more": True}, {"items": [2], "more": False}],
     [1, 2, None]),
    (PageNumber(size=2, total_pages="$.pages"), [{"items": [1, 2], "pages": 2}, {"items": [3, 4], "pages": 2}],
     [1, 2, None]),
    (Keyset(key="id", size=2), [{"items": [{"id": 5}, {"id": 9}]}, {"items": [{"id": 11}]}], [None, 9, None]),
    (Keyset(key="id", more="$.next"), [{"items": [{"id": 5}], "next": {"after": 5}}, {"items": [{"id": 6}]}],
     [None, 5, None]),  # no "next": the last page
    (Cursor("$.cursor"), [{"items": [1], "cursor": "abc"}, {"items": [2]}], [None, "abc", None]),
])
def test_paginators(paging, bodies, tokens):
    assert pages(stream(paging=paging), bodies) == tokens


def test_page_parameters():
    items = stream(paging=PageNumber(size=50))
    assert request(items).params["page"] == 1 and request(items, 3).params == {
        "page": 3, "per_page": 50}
    keyset = stream(paging=Keyset(param="after_id", size=10))
    assert request(keyset).params == {"per_page": 10} and request(keyset, 42).params["after_id"] == 42


def test_a_next_url_is_followed_only_under_api_url():
    items = stream(paging=NextURL("$.next"))
    token = pages(items, [{"items": [1], "next": f"{API}/items?offset=2"}])[1]
    assert request(items, token).url == f"{API}/items?offset=2" and not request(items, token).params
    elsewhere = pages(items, [{"items": [1], "next": "https://evil.example.com/v1/items?offset=2"}])[1]
    assert request(items, elsewhere).url == f"{API}/items?offset=2"


def test_bookmark_as_query_parameter_with_end_and_lookback_on_a_delta():
    spec = BookmarkParam("since", format="date", end_param="until", lookback_setting="lookback_days")
    first = request(stream(bookmark=spec)).params
    assert first["since"] == "2026-01-10" and len(first["until"]) == 10  # no lookback on a first sync
    state = {"bookmarks": {"items": {"replication_key": "updated_at",
                                     "replication_key_value": "2026-02-01T12:00:00+00:00"}}}
    assert request(stream(state, bookmark=spec)).params["since"] == "2026-01-30"


def test_bookmark_as_if_modified_since_header_and_as_an_id():
    header = request(stream(bookmark=BookmarkParam("If-Modified-Since", format="http_date", location="header")))
    assert header.headers["If-Modified-Since"] == "Sat, 10 Jan 2026 00:00:00 GMT"
    state = {"bookmarks": {"items": {"replication_key": "id", "replication_key_value": 1234}}}
    by_id = stream(state, bookmark=BookmarkParam("after_id", format="id"), replication_key="id")
    assert request(by_id).params["after_id"] == 1234


def test_context_fields_and_coercion():
    items = stream(context_fields=("account_id",))
    items.schema["properties"]["account_id"] = {"type": ["string"]}
    row = items.post_process({"id": "7", "updated_at": "2026-01-01T01:00:00+01:00"}, {"account_id": "A1"})
    assert row == {"id": 7, "updated_at": "2026-01-01T00:00:00.000000+00:00", "account_id": "A1"}


def test_activate_version_setting_defaults_to_true():
    assert TapItems.config_jsonschema["properties"]["emit_activate_version_messages"]["default"] is True
