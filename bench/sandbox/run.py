"""Sandbox response times at demo scale: HubSpot's association reads and tap-hubspot's streams.

``.venv/bin/python bench/sandbox/run.py [--scale 10] [--streams contact_deals,...]``

Starts the sandbox on a free port (its own process, like ``make sandbox-start``), then
1. times ``POST /crm/v4/associations/contacts/{to}/batch/read`` with 100 contact ids (the tap's
   batch), for each association, and
2. runs ``tap-hubspot`` with only the chosen streams selected, to /dev/null, and times it.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TOKEN = {"Authorization": "Bearer demo-hubspot-token"}
ASSOCIATIONS = {"contact_appointments": "0-421", "contact_divisions": "2-37778609", "contact_deals": "deals"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(scale: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([str(BIN / "crm-sandbox"), "serve", "--port", str(port), "--scale", str(scale)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            requests.get(f"{url}/_admin/health", timeout=1)
            return proc, url
        except requests.ConnectionError:
            time.sleep(0.5)
    raise SystemExit("sandbox did not start")


def association_batches(url: str) -> dict[str, float]:
    hub = f"{url}/hubspot"
    requests.post(f"{url}/_admin/hubspot/config", json={"requests_per_10s": None}, timeout=10)
    ids = [r["id"] for r in requests.get(f"{hub}/crm/v3/objects/contacts", params={"limit": 100},
                                         headers=TOKEN, timeout=60).json()["results"]]
    out = {}
    for name, to in ASSOCIATIONS.items():
        began = time.perf_counter()
        response = requests.post(f"{hub}/crm/v4/associations/contacts/{to}/batch/read",
                                 json={"inputs": [{"id": i} for i in ids]}, headers=TOKEN, timeout=600)
        out[name] = time.perf_counter() - began
        assert response.status_code in (200, 207), response.text[:200]
    return out


def tap_run(url: str, streams: list[str]) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp, "config.json")
        config.write_text(json.dumps({"api_url": f"{url}/hubspot", "access_token": "demo-hubspot-token",
                                      "start_date": "2000-01-01T00:00:00Z"}))
        catalog = json.loads(subprocess.run([str(BIN / "tap-hubspot"), "--config", str(config), "--discover"],
                                            check=True, capture_output=True, text=True).stdout)
        for entry in catalog["streams"]:
            chosen = entry["tap_stream_id"] in streams
            for meta in entry["metadata"]:
                if not meta["breadcrumb"]:
                    meta["metadata"]["selected"] = chosen
        Path(tmp, "catalog.json").write_text(json.dumps(catalog))
        began = time.perf_counter()
        out = subprocess.run([str(BIN / "tap-hubspot"), "--config", str(config), "--catalog",
                              str(Path(tmp, "catalog.json"))], check=True, capture_output=True, text=True,
                             env={**os.environ, "LOGLEVEL": "WARNING"})
        seconds = time.perf_counter() - began
        records = sum(1 for line in out.stdout.splitlines() if line.startswith('{"type":"RECORD"')
                      or line.startswith('{"type": "RECORD"'))
        return seconds, records


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--streams", default=",".join(ASSOCIATIONS))
    args = parser.parse_args()
    began = time.perf_counter()
    proc, url = start(args.scale)
    print(f"sandbox scale {args.scale:g} up in {time.perf_counter() - began:.1f} s")
    try:
        for name, seconds in association_batches(url).items():
            print(f"batch of 100 contacts, {name}: {seconds:.3f} s")
        streams = [s for s in args.streams.split(",") if s]
        if streams:
            seconds, records = tap_run(url, streams)
            print(f"tap-hubspot {','.join(streams)}: {records} records in {seconds:.1f} s")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
