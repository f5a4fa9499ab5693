"""tap-salesrabbit against the SalesRabbit emulation, beside the floor a plain client reaches.

``.venv/bin/python bench/tap-salesrabbit/run.py [--scale 10]``

No Singer or Airbyte peer exists for SalesRabbit (``shared/specs/peers-and-apis.md``), so the
side-by-side is:

1. **floor** — a bare ``requests`` loop over ``GET /leads`` (1000-row pages, JSON parsed, rows
   dropped): what the HTTP and JSON of the same pages cost;
2. **predecessor pacing** — the floor plus the predecessor client's 1 s sleep between pages
   (``clients/base.py``), computed, not slept;
3. **tap-salesrabbit** — a full sync of ``leads`` to /dev/null (peak RSS via the launcher in
   ``tests/harness/peak_rss.py``), then a delta after 500 leads changed in one second.

The sandbox runs in its own process on a free port with its rate window switched off.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TOKEN = {"Authorization": "Bearer demo-salesrabbit-token"}
PEAK_RSS = ROOT / "tests" / "harness" / "peak_rss.py"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(scale: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([str(BIN / "crm-sandbox"), "serve", "--port", str(port), "--scale", str(scale)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(1200):
        try:
            requests.get(f"{url}/_admin/health", timeout=1)
            requests.post(f"{url}/_admin/salesrabbit/config", json={"requests_per_minute": None}, timeout=10)
            return proc, url
        except requests.ConnectionError:
            time.sleep(0.5)
    raise SystemExit("sandbox did not start")


def floor(url: str) -> tuple[int, int, float]:
    rows = pages = 0
    began = time.perf_counter()
    with requests.Session() as http:
        while True:
            body = http.get(f"{url}/salesrabbit/leads", params={"page": pages + 1, "limit": 1000},
                            headers=TOKEN, timeout=120).json()
            pages += 1
            rows += len(body["data"])
            if not body["meta"]["morePages"]:
                break
    return rows, pages, time.perf_counter() - began


def tap(url: str, tmp: Path, state: dict | None = None) -> tuple[int, float, float, dict]:
    config = tmp / "config.json"
    config.write_text(json.dumps({"api_token": "demo-salesrabbit-token", "api_url": f"{url}/salesrabbit"}))
    catalog = json.loads(subprocess.run([str(BIN / "tap-salesrabbit"), "--config", str(config), "--discover"],
                                        capture_output=True, text=True, check=True).stdout)
    for entry in catalog["streams"]:
        entry["metadata"][0]["metadata"]["selected"] = entry["tap_stream_id"] == "leads"
    (tmp / "catalog.json").write_text(json.dumps(catalog))
    args = [sys.executable, str(PEAK_RSS), str(tmp / "rss"), str(BIN / "tap-salesrabbit"), "--config", str(config),
            "--catalog", str(tmp / "catalog.json")]
    if state:
        (tmp / "state.json").write_text(json.dumps(state))
        args += ["--state", str(tmp / "state.json")]
    began = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - began
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    records = sum(1 for m in lines if m["type"] == "RECORD")
    last_state = [m["value"] for m in lines if m["type"] == "STATE"][-1]
    return records, seconds, float((tmp / "rss").read_text()), last_state


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=10)
    scale = parser.parse_args().scale
    proc, url = start(scale)
    try:
        rows, pages, base = floor(url)
        with tempfile.TemporaryDirectory() as tmpdir:
            records, full, rss, state = tap(url, Path(tmpdir))
            requests.post(f"{url}/_admin/salesrabbit/mutate", json={"action": "update", "object": "leads",
                                                                      "count": 500}, timeout=60).raise_for_status()
            changed, delta, delta_rss, _ = tap(url, Path(tmpdir), state)
    finally:
        proc.terminate()
        proc.wait()
    print(f"scale {scale}: {rows} leads in {pages} pages")
    print(f"| floor (requests loop) | {base:.2f} s | {rows / base:,.0f} rows/s | 1.00 |")
    pacing = base + pages - 1
    print(f"| predecessor pacing (floor + 1 s/page) | {pacing:.2f} s | {rows / pacing:,.0f} rows/s | {pacing / base:.2f} |")
    print(f"| tap-salesrabbit full | {full:.2f} s | {records / full:,.0f} rows/s | {full / base:.2f} | {rss:.0f} MB |")
    print(f"| tap-salesrabbit delta (500 changed) | {delta:.2f} s | {changed} records | — | {delta_rss:.0f} MB |")


if __name__ == "__main__":
    main()
