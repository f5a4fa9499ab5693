"""Injected faults: transient ones are retried to a complete sync; a rejected key stops the run
naming ``api_key`` with no bookmark past what was read; an id going backwards fails loudly."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tap_common.testing import CREDENTIAL_FAULTS, PERSISTENT_FAULT, TRANSIENT_FAULTS, run_tap

from .conftest import TAP, VENDOR, event_requests, tap_config

EVENTS = r"/events$"


def dumped_ids(sandbox) -> set[str]:
    return {e["id"] for e in sandbox.dump(VENDOR, "events")}


@pytest.mark.parametrize("name", TRANSIENT_FAULTS)
def test_transient_fault_is_retried(paged, name):
    """Each fault lands in the middle of the paged read (third page)."""
    rule = {**TRANSIENT_FAULTS[name], "vendor": VENDOR, "path": EVENTS, "skip": 2}
    paged.faults([rule])
    run = run_tap(TAP, tap_config(paged))
    assert run.returncode == 0, run.stderr[-3000:]
    assert [r["fired"] for r in paged.fault_report()] == [rule["times"]]
    ids = run.ids("events")
    assert ids == sorted(dumped_ids(paged)), "every event once, in id order"
    assert run.bookmark("events") == ids[-1]


@pytest.mark.parametrize("name", CREDENTIAL_FAULTS)
def test_rejected_key_stops_the_run_naming_api_key(paged, name):
    paged.faults([{**CREDENTIAL_FAULTS[name], "vendor": VENDOR, "path": EVENTS, "skip": 2}])
    run = run_tap(TAP, tap_config(paged))
    status = 401 if "401" in name else 403
    assert run.returncode != 0
    assert "'api_key'" in run.stderr and f"HTTP {status}" in run.stderr
    assert [r["status"] for r in event_requests(paged)].count(status) == 1, "not retried"
    read = run.ids("events")
    assert len(read) == 80
    assert run.bookmark("events") in (None, *read), "the bookmark never passes what was read"

    paged.faults([])
    rerun = run_tap(TAP, tap_config(paged), state=run.state)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert set(read) | set(rerun.ids("events")) == dumped_ids(paged)


def test_bad_key_fails_before_any_record(fresh_sandbox):
    run = run_tap(TAP, tap_config(fresh_sandbox, api_key="not-a-key"))
    assert run.returncode != 0 and "'api_key'" in run.stderr and "authentication failed" in run.stderr
    assert not run.records


def test_persistent_5xx_fails_after_the_configured_attempts(fresh_sandbox):
    fresh_sandbox.faults([{**PERSISTENT_FAULT, "vendor": VENDOR, "path": EVENTS}])
    run = run_tap(TAP, tap_config(fresh_sandbox, backoff_max_tries=3))
    assert run.returncode != 0
    assert [r["fired"] for r in fresh_sandbox.fault_report()] == [3]
    assert run.bookmark("events") is None


class _Backwards(BaseHTTPRequestHandler):
    """A server whose second event has a smaller id than the first (LeadConduit never does this)."""

    def do_GET(self):  # noqa: N802
        events = [] if "after_id" in self.path else [
            {"id": "6a0000000000000000000002", "type": "source", "outcome": "success"},
            {"id": "6a0000000000000000000001", "type": "filter", "outcome": "continue"}]
        body = json.dumps(events).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_an_id_going_backwards_fails_the_run():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Backwards)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        run = run_tap(TAP, {"api_key": "k", "api_url": f"http://127.0.0.1:{server.server_port}",
                            "request_timeout": 5})
    finally:
        server.shutdown()
    assert run.returncode != 0 and "sort" in run.stderr.lower()
    assert run.bookmark("events") in (None, "6a0000000000000000000002")
