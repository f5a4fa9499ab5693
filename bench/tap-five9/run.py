"""What a contacts delta costs: Five9 filters contacts by nothing but equality and wildcards, so a
delta reads every list like a full sync and keeps only the changed records.

``.venv/bin/python bench/tap-five9/run.py [--scale 5] [--changed 0.01]``

Serves the sandbox on a free port from a thread of this process, then runs
``tap-five9`` (contacts only, to /dev/null): a full sync; ``--changed`` of the contacts edited at
Five9 (an edit that is not a disposition); a delta from the full sync's state.  Prints, for both:
wall time, SOAP calls (getContactRecords among them), bytes Five9 sent, records emitted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

from crm_sandbox.api.server import Sandbox, SandboxServer

BIN = Path(sys.executable).parent


def sync(url: str, state: dict | None) -> dict:
    config = {"username": "api.user@demo-exteriors.example", "password": "demo-five9-password",
              "wsdl_url": f"{url}/five9/wsadmin/v9_5/AdminWebService?wsdl&user={{username}}",
              "start_date": "2000-01-01T00:00:00Z", "request_timeout": 300}
    requests.delete(f"{url}/_admin/requests", timeout=10)
    before = len(requests.get(f"{url}/_admin/five9/dump/operations", timeout=60).json())
    with tempfile.TemporaryDirectory() as tmp:
        paths = {name: Path(tmp, f"{name}.json") for name in ("config", "state", "catalog")}
        paths["config"].write_text(json.dumps(config))
        catalog = json.loads(subprocess.run([str(BIN / "tap-five9"), "--config", str(paths["config"]), "--discover"],
                                            capture_output=True, text=True, check=True).stdout)
        for entry in catalog["streams"]:
            for meta in entry["metadata"]:
                if not meta["breadcrumb"]:
                    meta["metadata"]["selected"] = entry["tap_stream_id"] == "contacts"
        paths["catalog"].write_text(json.dumps(catalog))
        args = [str(BIN / "tap-five9"), "--config", str(paths["config"]), "--catalog", str(paths["catalog"])]
        if state:
            paths["state"].write_text(json.dumps(state))
            args += ["--state", str(paths["state"])]
        began = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - began
    messages = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    ops = requests.get(f"{url}/_admin/five9/dump/operations", timeout=60).json()[before:]
    return {"seconds": round(seconds, 1), "soap_calls": len(ops),
            "getContactRecords": sum(o["operation"] == "getContactRecords" for o in ops),
            "records": sum(m["type"] == "RECORD" and m["stream"] == "contacts" for m in messages),
            "state": [m["value"] for m in messages if m["type"] == "STATE"][-1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=5.0)
    parser.add_argument("--changed", type=float, default=0.01, help="share of contacts edited before the delta")
    args = parser.parse_args()
    server = SandboxServer(("127.0.0.1", 0), Sandbox(42, args.scale)).start()  # a thread of this process
    url = server.url
    try:
        full = sync(url, None)
        ids = sorted(c["contactID"] for c in requests.get(f"{url}/_admin/five9/dump/contacts", timeout=600).json())
        changed = ids[:: max(1, round(1 / args.changed))]
        requests.post(f"{url}/_admin/five9/mutate", json={"action": "update", "object": "contacts", "ids": changed,
                                                         "changes": {"Lead Status": "Contacted"}}, timeout=600)
        delta = sync(url, full["state"])
    finally:
        server.stop()
    print(f"tap-five9 contacts, sandbox scale {args.scale:g}: {len(ids)} contacts, {len(changed)} edited before the delta")
    print("| run | seconds | SOAP calls | getContactRecords | records emitted |")
    print("|---|---|---|---|---|")
    for name, run in (("full", full), ("delta", delta)):
        print(f"| {name} | {run['seconds']} | {run['soap_calls']} | {run['getContactRecords']} | {run['records']} |")
    print(f"delta / full: time {delta['seconds'] / full['seconds']:.2f}, calls {delta['soap_calls'] / full['soap_calls']:.2f}, "
          f"records {delta['records'] / full['records']:.3f}")


if __name__ == "__main__":
    main()
