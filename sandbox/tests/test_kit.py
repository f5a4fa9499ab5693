"""The emulation kit with two tiny vendors over real HTTP: a JSON one with Basic auth, page-number
paging, a Retry-After rate window and knob validation; an XML one whose errors and injected
faults come back as SOAP faults."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import requests

from crm_sandbox.api.kit import (Basic, Bearer, HeaderTemplate, Headers, Request, Response, Vendor, Window,
                                 cursor, epoch_ms, http_date, int_arg, iso_local, iso_z, keyset, next_url,
                                 offset_limit, page_number, parse_instant, route)
from crm_sandbox.api.server import Sandbox, SandboxServer
from crm_sandbox.world import World


class Json(Vendor):
    name = "json"
    auth = Basic()
    knobs = {"accepted": [["user", "secret"]], "per_minute": 3}
    rate_windows = (Window("per_minute", 60, "slow down", retry_after=True),)

    def error(self, status, message, **extra):
        return Response(status, {"errors": [{"detail": message}]})

    @route("GET", r"/people")
    def people(self, request: Request) -> Response:
        people = [h.id for h in self.world.homeowners]
        page = page_number(people, int_arg(request, "page", 1, minimum=1),
                           int_arg(request, "per_page", 10, minimum=1, maximum=50))
        return Response(200, {"data": page.items, "total_pages": page.total_pages,
                              "next": next_url(request, "/json", page=page.next) if page.has_more else None})


class Soap(Vendor):
    name = "soap"
    auth = Bearer()
    knobs = {"accepted": ["t"]}

    def error(self, status, message, **extra):
        return Response(status, f"<Envelope><Body><Fault><faultstring>{message}</faultstring></Fault></Body></Envelope>",
                        {"Content-Type": "text/xml; charset=utf-8"})

    @route("POST", r"/ws")
    def ws(self, request: Request) -> Response:
        return Response(200, "<Envelope><Body><ok/></Body></Envelope>", {"Content-Type": "text/xml"})


@pytest.fixture(scope="module")
def server():
    box = Sandbox(scale=0.01, vendors={"json": Json, "soap": Soap})
    server = SandboxServer(("127.0.0.1", 0), box).start()
    yield server
    server.stop()


def test_json_vendor_auth_paging_knobs_and_rate_window(server):
    url = f"{server.url}/json/people"
    assert requests.get(url, auth=("user", "wrong"), timeout=5).status_code == 401
    bad = requests.get(url, params={"per_page": 500}, auth=("user", "secret"), timeout=5)
    assert bad.status_code == 400 and bad.json() == {"errors": [{"detail": "per_page must be at most 50, got 500"}]}
    first = requests.get(url, params={"per_page": 15}, auth=("user", "secret"), timeout=5).json()
    assert len(first["data"]) == 15 and first["total_pages"] == 2 and "page=2" in first["next"]
    second = requests.get(first["next"], auth=("user", "secret"), timeout=5).json()
    assert len(second["data"]) == len(World(42, 0.01).homeowners) - 15 and second["next"] is None
    limited = requests.get(url, auth=("user", "secret"), timeout=5)  # the 4th counted request of 3/min
    assert limited.status_code == 429 and 1 <= int(limited.headers["Retry-After"]) <= 60
    assert limited.json() == {"errors": [{"detail": "slow down"}]}
    requests.post(f"{server.url}/_admin/json/config", json={"per_minute": None}, timeout=5)
    assert requests.get(url, auth=("user", "secret"), timeout=5).status_code == 200


def test_xml_vendor_errors_and_faults_are_soap_faults(server):
    ok = requests.post(f"{server.url}/soap/ws", headers={"Authorization": "Bearer t"}, timeout=5)
    assert ok.status_code == 200 and ok.text.endswith("<ok/></Body></Envelope>")
    denied = requests.post(f"{server.url}/soap/ws", timeout=5)
    assert denied.status_code == 401 and "<faultstring>" in denied.text and denied.headers["Content-Type"].startswith("text/xml")
    requests.post(f"{server.url}/_admin/faults", json={"plan": [{"fault": "status", "status": 503, "vendor": "soap"}]}, timeout=5)
    fault = requests.post(f"{server.url}/soap/ws", headers={"Authorization": "Bearer t"}, timeout=5)
    assert fault.status_code == 503 and "<Fault>" in fault.text


def _request(headers=None, query=""):
    return Request.build("GET", "/x", query, headers or {}, b"")


def test_auth_schemes_read_what_clients_send():
    template = HeaderTemplate("Authorization", 'Token token="{api_key}"')
    assert template.presented(_request({"Authorization": 'Token token="abc"'})) == "abc"
    assert template.presented(_request({"Authorization": "Token  token=abc"})) == "abc"
    assert template.presented(_request({"Authorization": "Bearer abc"})) is None
    assert Headers("X-Auth-Key", "X-Auth-Token").presented(_request({"X-Auth-Key": "k", "X-Auth-Token": "t"})) == ("k", "t")
    assert Headers("X-Auth-Key", "X-Auth-Token").presented(_request({"X-Auth-Key": "k"})) is None
    assert Bearer().presented(_request({"Authorization": "bearer  tok "})) == "tok"
    assert Basic().presented(_request({"Authorization": "Basic !!"})) is None


def test_paging_helpers():
    items = list(range(1, 26))
    assert page_number(items, 3, 10).items == [21, 22, 23, 24, 25] and page_number(items, 3, 10).next is None
    assert page_number(items, 0, 10, first=0).next == 1
    assert offset_limit(items, 20, 10).items == items[20:] and offset_limit(items, 0, 10).next == 10
    assert keyset(items, 10, 5, key=lambda x: x).items == [11, 12, 13, 14, 15]
    assert keyset(items, 10, 5, key=lambda x: x).next == 15
    assert keyset(items, 10, 5, key=lambda x: x, inclusive=True).next == 15
    page, seen = cursor(items, None, 10), []
    while True:
        seen += page.items
        if not page.has_more:
            break
        page = cursor(items, page.next, 10)
    assert seen == items
    request = Request.build("GET", "/calls", "a=1&page=1", {"host": "h:1"}, b"")
    assert next_url(request, "/v", page=2, b=None) == "http://h:1/v/calls?a=1&page=2"


def test_instants_in_every_documented_form():
    t = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=timezone.utc)
    assert parse_instant("2026-01-02T03:04:05.678Z") == t == parse_instant(epoch_ms(t))
    assert parse_instant(str(epoch_ms(t))) == t
    assert parse_instant(http_date(t)) == t.replace(microsecond=0)
    assert iso_z(t) == "2026-01-02T03:04:05.678Z"
    assert iso_local(t, "America/New_York") == "2026-01-01T22:04:05.678-05:00"
    with pytest.raises(ValueError, match="not an ISO-8601"):
        parse_instant("yesterday")


def test_crosswalk_is_deterministic_and_one_map_for_every_system():
    a, b = World(7, 0.05), World(7, 0.05)
    hub = a.ids.table("hubspot", "homeowner")
    assert hub == b.ids.table("hubspot", "homeowner") and 0.8 < len(hub) / len(a.homeowners) < 0.98
    assert not set(hub) & {dup for _, dup in a.duplicate_pairs}  # copies live in Genius only
    some = next(iter(hub))
    assert a.ids.world_id("hubspot", "homeowner", hub[some]) == some
    held = set(a.ids.table("hubspot", "appointment"))
    assert held and all(a.ids.get("hubspot", "homeowner", x.prospect_id) for x in a.appointments if x.id in held)
    with pytest.raises(KeyError, match="no id rule for nowhere/homeowner"):
        a.ids.get("nowhere", "homeowner", some)
