"""The server framework with a tiny vendor: routing, admin, deterministic faults."""

from __future__ import annotations

import time

import pytest
import requests

from crm_sandbox.api.http import Request, Response, route
from crm_sandbox.api.server import Sandbox, SandboxServer
from crm_sandbox.api.vendor import Vendor


class Echo(Vendor):
    name = "echo"
    credentials = {"token": "t"}

    def authenticate(self, request: Request) -> Response | None:
        return None if request.headers.get("authorization") == "t" else self.error(401, "no")

    @route("GET", r"/items/(?P<item>\d+)")
    def item(self, request: Request, item: str) -> Response:
        return Response(200, {"item": int(item), "q": request.args("q")})


@pytest.fixture(scope="module")
def echo():
    server = SandboxServer(("127.0.0.1", 0), Sandbox(vendors={"echo": Echo}, scale=0.01)).start()
    yield server
    server.stop()


def get(server, path, **kw):
    return requests.get(f"{server.url}{path}", headers={"Authorization": "t"}, timeout=5, **kw)


def admin(server, method, path, json=None):
    return requests.request(method, f"{server.url}/_admin/{path}", json=json, timeout=5).json()


def test_routes_auth_and_unknown_paths(echo):
    assert get(echo, "/echo/items/7?q=a,b&q=c").json() == {"item": 7, "q": ["a", "b", "c"]}
    assert requests.get(f"{echo.url}/echo/items/7", timeout=5).status_code == 401
    assert get(echo, "/echo/nope").status_code == 404
    assert requests.post(f"{echo.url}/echo/items/7", headers={"Authorization": "t"}, timeout=5).status_code == 405
    assert get(echo, "/elsewhere/x").status_code == 404
    assert admin(echo, "GET", "vendors") == {"echo": {"credentials": {"token": "t"}}}


def test_fault_plan_is_counted_per_rule(echo):
    admin(echo, "POST", "faults", {"plan": [
        {"fault": "status", "status": 503, "path": "/items/1$", "skip": 1, "times": 2},
        {"fault": "status", "status": 429, "retry_after": 3, "path": "/items/2$"}]})
    assert [get(echo, "/echo/items/1").status_code for _ in range(4)] == [200, 503, 503, 200]
    limited = get(echo, "/echo/items/2")
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "3")
    assert [r["fired"] for r in admin(echo, "GET", "faults")["plan"]] == [2, 1]
    admin(echo, "DELETE", "faults")


def test_transport_faults(echo):
    admin(echo, "POST", "faults", {"plan": [
        {"fault": "truncate", "path": "/items/3$"}, {"fault": "reset", "path": "/items/4$"},
        {"fault": "slow", "delay": 0.6, "path": "/items/5$"},
        {"fault": "expire_token", "path": "/items/6$", "skip": 1}]})
    truncated = get(echo, "/echo/items/3")
    assert truncated.status_code == 200
    with pytest.raises(ValueError):
        truncated.json()
    with pytest.raises(requests.ConnectionError):
        get(echo, "/echo/items/4")
    with pytest.raises(requests.Timeout):
        requests.get(f"{echo.url}/echo/items/5", headers={"Authorization": "t"}, timeout=0.2)
    started = time.monotonic()
    assert get(echo, "/echo/items/6").status_code == 200
    assert [get(echo, "/echo/items/6").status_code for _ in range(3)] == [401, 401, 401]
    assert time.monotonic() - started < 0.5
    admin(echo, "POST", "reset")
    assert admin(echo, "GET", "faults") == {"plan": []}


def test_bad_fault_rules_are_rejected(echo):
    response = requests.post(f"{echo.url}/_admin/faults", json={"plan": [{"fault": "boom"}]}, timeout=5)
    assert response.status_code == 400
    response = requests.post(f"{echo.url}/_admin/faults", json={"plan": [{"fault": "slow", "dealy": 1}]}, timeout=5)
    assert response.status_code == 400


def test_request_log(echo):
    requests.delete(f"{echo.url}/_admin/requests", timeout=5)
    get(echo, "/echo/items/9")
    [entry] = admin(echo, "GET", "requests?vendor=echo")
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/items/9", 200)


def test_cli_registers_serve():
    import argparse

    from crm_sandbox.api import commands

    parser = argparse.ArgumentParser()
    commands.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "--port", "0", "--scale", "0.5"])
    assert (args.port, args.scale, args.host, args.seed) == (0, 0.5, "127.0.0.1", 42)
    assert callable(args.func)
