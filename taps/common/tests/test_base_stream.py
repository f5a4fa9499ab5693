"""The shared base stream over real HTTP: a tiny vendor on the sandbox server, a tiny tap."""

from __future__ import annotations

import json
import time

import pytest
from singer_sdk import typing as th
from singer_sdk.exceptions import RetriableAPIError

from crm_sandbox.api.http import Request, Response, route
from crm_sandbox.api.server import Sandbox, SandboxServer
from crm_sandbox.api.vendor import Vendor
from tap_common import (Bearer, BookmarkParam, CredentialError, RateLimit, RecordError, RESTStream, RESTTap,
                        api_url_setting, credential_setting, http_settings, start_date_setting)


class Widgets(Vendor):
    name = "widgets"
    credentials = {"api_key": "k"}

    def authenticate(self, request: Request) -> Response | None:
        return None if request.headers.get("authorization") == "Bearer k" else self.error(401, "bad key")

    @route("GET", r"/widgets")
    def widgets(self, request: Request) -> Response:
        since = request.arg("since")
        return Response(200, {"items": [{"id": i, "updated_at": f"2026-01-0{i}T00:00:00+00:00", "since": since}
                                        for i in (1, 2, 3)]})


    @route("GET", r"/unstamped/(?P<how>missing|blank)")
    def unstamped(self, request: Request, how: str) -> Response:
        stamped = {"id": 1, "updated_at": "2026-01-01T00:00:00+00:00"}
        return Response(200, {"items": [stamped, {"id": 2} if how == "missing" else {"id": 2, "updated_at": ""}]})


class WidgetsStream(RESTStream):
    name = "widgets"
    path = "/widgets"
    primary_keys = ("id",)
    replication_key = "updated_at"
    records_jsonpath = "$.items[*]"
    auth = Bearer("api_key")
    bookmark = BookmarkParam("since", format="epoch_ms")
    rate_limits = (RateLimit(2, 0.3, bucket="widgets-test"),)
    schema = th.PropertiesList(th.Property("id", th.IntegerType), th.Property("since", th.StringType),
                               th.Property("updated_at", th.DateTimeType)).to_dict()


class TapWidgets(RESTTap):
    name = "tap-widgets"
    stream_types = (WidgetsStream,)
    config_jsonschema = th.PropertiesList(credential_setting("api_key"), api_url_setting("https://example.invalid"),
                                          start_date_setting(), *http_settings()).to_dict()


@pytest.fixture(scope="module")
def server():
    srv = SandboxServer(("127.0.0.1", 0), Sandbox(vendors={"widgets": Widgets}, scale=0.01)).start()
    yield srv
    srv.stop()


@pytest.fixture
def sync(server, capsys):
    server.sandbox.reset()

    def run(faults=(), state=None, **config):
        server.sandbox.faults.replace(list(faults))
        tap = TapWidgets(config={"api_key": "k", "api_url": f"{server.url}/widgets", "backoff_base_seconds": 0.01,
                                 "request_timeout": 0.5, **config}, state=state)
        capsys.readouterr()
        tap.sync_all()
        messages = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        return [m["record"] for m in messages if m["type"] == "RECORD"], server.sandbox.faults.describe()

    return run


def test_url_auth_and_bookmark_parameter(sync):
    records, _ = sync(state={"bookmarks": {"widgets": {"replication_key": "updated_at",
                                                       "replication_key_value": "2026-01-02T00:00:00+00:00"}}})
    assert [r["id"] for r in records] == [1, 2, 3]
    assert records[0]["since"] == "1767312000000"  # the bookmark as epoch milliseconds
    records, _ = sync(start_date="2025-12-31T00:00:00Z")
    assert records[0]["since"] == "1767139200000"


def test_401_is_fatal_and_names_the_credential_setting(sync):
    with pytest.raises(CredentialError, match="setting 'api_key'"):
        sync(api_key="wrong")


@pytest.mark.parametrize("fault", [
    {"fault": "status", "status": 429}, {"fault": "status", "status": 500},
    {"fault": "status", "status": 502}, {"fault": "status", "status": 503},
    {"fault": "truncate"}, {"fault": "reset"}, {"fault": "slow", "delay": 1.0}])
def test_transient_faults_are_retried(sync, fault):
    records, plan = sync([{**fault, "times": 2}])
    assert [r["id"] for r in records] == [1, 2, 3] and plan[0]["fired"] == 2


def test_retry_after_is_honoured(sync):
    started = time.monotonic()
    records, plan = sync([{"fault": "status", "status": 429, "retry_after": 1}])
    assert len(records) == 3 and plan[0]["fired"] == 1
    assert time.monotonic() - started >= 1.0


def test_retries_are_bounded(sync):
    with pytest.raises(RetriableAPIError):
        sync([{"fault": "status", "status": 503, "times": None}], backoff_max_tries=3)


def test_rate_limit_window_is_respected(sync, server):
    server.sandbox.clear_log()
    for _ in range(3):
        sync()
    times = [r["t"] for r in server.sandbox.log_snapshot()]
    assert len(times) == 3 and times[2] - times[0] >= 0.29  # at most 2 requests per 0.3 s


class UnstampedStream(WidgetsStream):
    @property
    def path(self) -> str:  # type: ignore[override]
        return f"/unstamped/{self.config['how']}"


class TapUnstamped(TapWidgets):
    name = "tap-unstamped"
    stream_types = (UnstampedStream,)
    config_jsonschema = {**TapWidgets.config_jsonschema, "properties": {
        **TapWidgets.config_jsonschema["properties"], "how": {"type": "string"}}}


@pytest.mark.parametrize("how", ["missing", "blank"])
def test_a_record_without_its_replication_key_names_stream_and_id(server, capsys, how):
    tap = TapUnstamped(config={"api_key": "k", "api_url": f"{server.url}/widgets", "how": how})
    state = "missing" if how == "missing" else "null"  # "" is coerced to null first
    with pytest.raises(RecordError, match=f"stream 'widgets', record id=2: the replication key 'updated_at' is {state}"):
        tap.sync_all()
    written = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [m["record"]["id"] for m in written if m["type"] == "RECORD"] == [1]  # the bad one is not written
