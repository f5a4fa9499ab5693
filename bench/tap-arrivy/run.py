"""tap-arrivy: requests and time per run — full pass, quiet delta, delta after a day of edits —
against reading every status history on every run (``status_full_pass_days: 0``).

``.venv/bin/python bench/tap-arrivy/run.py [--scale 10] [--edited 0.02]``

Starts the sandbox on a free port (a thread of this process), runs tap-arrivy
to /dev/null and counts the emulation's request log per endpoint. "A day of edits": ``--edited``
of the tasks (drawn at random: most were scheduled months ago) get a status, 1 % are rescheduled,
five are deleted, ten are created.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from crm_sandbox.api.server import Sandbox, SandboxServer

BIN = Path(sys.executable).parent


def start(scale: float) -> SandboxServer:
    """The sandbox in a thread of this process (the tap runs in its own process)."""
    return SandboxServer(("127.0.0.1", 0), Sandbox(42, scale)).start()


def run(url: str, config: dict, state: dict | None) -> tuple[dict, float, collections.Counter]:
    requests.delete(f"{url}/_admin/requests", timeout=10)
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "config.json").write_text(json.dumps(config))
        args = [str(BIN / "tap-arrivy"), "--config", f"{tmp}/config.json"]
        if state:
            Path(tmp, "state.json").write_text(json.dumps(state))
            args += ["--state", f"{tmp}/state.json"]
        began = time.perf_counter()
        done = subprocess.run(args, capture_output=True, text=True, check=True)
        seconds = time.perf_counter() - began
    last = [json.loads(line)["value"] for line in done.stdout.splitlines() if '"type":"STATE"' in line.replace(" ", "")][-1]
    log = requests.get(f"{url}/_admin/requests", params={"vendor": "arrivy"}, timeout=60).json()
    kinds = collections.Counter(re.sub(r"/\d+", "/{id}", r["path"]) for r in log)
    return last, seconds, kinds


def edit_a_day(url: str, share: float) -> str:
    tasks = requests.get(f"{url}/_admin/arrivy/dump/tasks", timeout=120).json()
    rng = random.Random(7)
    ids = [t["id"] for t in tasks]
    noted = rng.sample(ids, max(1, int(len(ids) * share)))
    moved = rng.sample(ids, max(1, len(ids) // 100))
    post = lambda body: requests.post(f"{url}/_admin/arrivy/mutate", json=body, timeout=120)  # noqa: E731
    post({"action": "report_status", "object": "tasks", "ids": noted, "type": "CUSTOM", "notes": "bench"})
    post({"action": "reschedule", "object": "tasks", "ids": moved, "days": 2})
    post({"action": "delete", "object": "tasks", "ids": rng.sample([i for i in ids if i not in noted + moved], 5)})
    post({"action": "create", "object": "tasks", "count": 10})
    return f"{len(noted)} statuses, {len(moved)} reschedules, 5 deletions, 10 new tasks of {len(ids)} tasks"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--edited", type=float, default=0.02)
    args = parser.parse_args()
    server = start(args.scale)
    url = server.url
    try:
        config = {"auth_key": "demo-arrivy-key", "auth_token": "demo-arrivy-token", "api_url": f"{url}/arrivy/api"}
        rows = []
        state, seconds, kinds = run(url, config, None)
        rows.append(("first run (full pass)", seconds, kinds))
        _, seconds, kinds = run(url, config, state)
        rows.append(("delta, nothing changed", seconds, kinds))
        what = edit_a_day(url, args.edited)
        edited_state = state
        _, seconds, kinds = run(url, config, edited_state)
        rows.append(("delta after a day of edits", seconds, kinds))
        _, seconds, kinds = run(url, {**config, "status_full_pass_days": 0}, edited_state)
        rows.append(("same edits, every history every run", seconds, kinds))
        print(f"scale {args.scale}; edits: {what}")
        print("| run | requests | of which histories | task list pages | seconds |")
        print("|---|---:|---:|---:|---:|")
        for name, seconds, kinds in rows:
            print(f"| {name} | {sum(kinds.values())} | {kinds['/api/tasks/{id}/status']} | "
                  f"{kinds['/api/tasks']} | {seconds:.1f} |")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
