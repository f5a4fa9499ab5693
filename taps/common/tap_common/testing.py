"""The test kit every tap's tests use: run the real executable, read what it wrote, snapshot its
catalog, and the one table of faults the taps' fault tests and the reliability matrix share.

    run = run_tap("tap-callrail", config, state=previous.state, streams=["calls"])
    assert run.returncode == 0, run.stderr[-2000:]
    run.records["calls"], run.state, run.bookmark("calls", {"account_id": "ACC1"})

    assert_catalog_snapshot(discover("tap-callrail", config), SNAPSHOTS / "catalog.json")

Fault rules are the sandbox's vocabulary (``crm_sandbox`` admin ``/faults``); add ``vendor``,
``path`` and ``skip`` to aim one.  ``FAST_RETRIES`` are the settings that keep retries short
(tests shorten waits through settings, never by patching); a ``slow`` fault outlasts its timeout.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
import tempfile
import typing as t
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

BIN = Path(sys.executable).parent

#: Retry settings for tests: a 1 s client timeout, waits from 0.05 s, capped at 1 s.
FAST_RETRIES: dict[str, t.Any] = {"request_timeout": 1, "backoff_max_tries": 6, "backoff_base_seconds": 0.05,
                                  "backoff_max_seconds": 1}

#: Faults a sync must survive with the same result (each fires ``times`` times in a row).
TRANSIENT_FAULTS: dict[str, dict[str, t.Any]] = {
    "429 + Retry-After": {"fault": "status", "status": 429, "retry_after": 1, "times": 2},
    "429, no Retry-After": {"fault": "status", "status": 429, "times": 2},
    "500": {"fault": "status", "status": 500, "times": 2},
    "502": {"fault": "status", "status": 502, "times": 2},
    "503": {"fault": "status", "status": 503, "times": 2},
    "timeout (slow > client timeout)": {"fault": "slow", "delay": 2.5, "times": 1},
    "connection reset": {"fault": "reset", "times": 2},
    "truncated body": {"fault": "truncate", "keep": 0.5, "times": 2},
}
#: Faults that must stop the run cleanly, naming the credential setting(s), state unmoved.
CREDENTIAL_FAULTS: dict[str, dict[str, t.Any]] = {
    "401 mid-run (token expires)": {"fault": "expire_token"},
    "403 (permission withdrawn)": {"fault": "status", "status": 403, "times": None},
}
#: A 5xx that never ends: the run must fail after ``backoff_max_tries`` attempts.
PERSISTENT_FAULT: dict[str, t.Any] = {"fault": "status", "status": 503, "times": None}
FAULTS = {**TRANSIENT_FAULTS, "401 mid-run (token expires)": CREDENTIAL_FAULTS["401 mid-run (token expires)"]}


def executable(tap: str) -> str:
    """The tap's console script in this virtualenv (a path is returned as given)."""
    return tap if "/" in tap else str(BIN / tap)


def bookmark(state: dict | None, stream: str, context: dict | None = None) -> t.Any:
    """A stream's ``replication_key_value`` in a state; with ``context``, that partition's."""
    entry = ((state or {}).get("bookmarks") or {}).get(stream) or {}
    if context is None:
        return entry.get("replication_key_value")
    for part in entry.get("partitions") or []:
        if part.get("context") == context:
            return part.get("replication_key_value")
    return None


@dataclass
class TapRun:
    """One run of a tap: exit code, stderr and every message it wrote."""

    returncode: int
    stderr: str
    messages: list[dict] = field(default_factory=list)

    @cached_property
    def records(self) -> dict[str, list[dict]]:
        """Records per stream, in the order written (a stream without records is absent)."""
        found: dict[str, list[dict]] = {}
        for message in self.messages:
            if message["type"] == "RECORD":
                found.setdefault(message["stream"], []).append(message["record"])
        return found

    @property
    def state(self) -> dict | None:
        """The last STATE written (None if none)."""
        states = [m["value"] for m in self.messages if m["type"] == "STATE"]
        return states[-1] if states else None

    def bookmark(self, stream: str, context: dict | None = None) -> t.Any:
        return bookmark(self.state, stream, context)

    def ids(self, stream: str, key: str = "id") -> list[t.Any]:
        return [r[key] for r in self.records.get(stream, [])]

    def of_type(self, kind: str) -> list[dict]:
        return [m for m in self.messages if m["type"] == kind]


def _write(tmp: str, name: str, data: t.Any) -> str:
    path = Path(tmp, name)
    path.write_text(json.dumps(data))
    return str(path)


def run_tap(tap: str, config: dict, state: dict | None = None, *, catalog: dict | None = None,
            streams: t.Sequence[str] | None = None, timeout: float = 300) -> TapRun:
    """``<tap> --config … [--state …] [--catalog …]`` as a subprocess (as Meltano runs it).

    ``streams`` selects only those streams, from a catalog discovered with ``config``.
    """
    if streams is not None:
        catalog = select(discover(tap, config), streams)
    with tempfile.TemporaryDirectory(prefix="tap-run-") as tmp:
        args = [executable(tap), "--config", _write(tmp, "config.json", config)]
        if state:
            args += ["--state", _write(tmp, "state.json", state)]
        if catalog:
            args += ["--catalog", _write(tmp, "catalog.json", catalog)]
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, cwd=tmp, check=False)
    messages = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    return TapRun(done.returncode, done.stderr, messages)


_DISCOVERED: dict[str, dict] = {}


def discover(tap: str, config: dict) -> dict:
    """``<tap> --discover`` (cached per tap and config: a schema does not change within a test run)."""
    key = json.dumps([tap, config], sort_keys=True, default=str)
    if key not in _DISCOVERED:
        with tempfile.TemporaryDirectory(prefix="tap-discover-") as tmp:
            done = subprocess.run([executable(tap), "--config", _write(tmp, "config.json", config), "--discover"],
                                  capture_output=True, text=True, timeout=120, check=False)
        if done.returncode:
            raise AssertionError(f"{tap} --discover failed:\n{done.stderr[-3000:]}")
        _DISCOVERED[key] = json.loads(done.stdout)
    return copy.deepcopy(_DISCOVERED[key])


def select(catalog: dict, streams: t.Iterable[str]) -> dict:
    """A copy of ``catalog`` with exactly ``streams`` selected."""
    wanted, catalog = set(streams), copy.deepcopy(catalog)
    unknown = wanted - {e["tap_stream_id"] for e in catalog["streams"]}
    if unknown:
        raise AssertionError(f"no such streams in the catalog: {sorted(unknown)}")
    for entry in catalog["streams"]:
        for meta in entry["metadata"]:
            if not meta["breadcrumb"]:
                meta["metadata"]["selected"] = entry["tap_stream_id"] in wanted
    return catalog


def catalog_view(catalog: dict) -> dict[str, dict]:
    """What a catalog review cares about, per stream: keys, replication, table, column types."""
    view = {}
    for entry in catalog["streams"]:
        view[entry["tap_stream_id"]] = {
            "table": entry.get("table_name") or entry["tap_stream_id"],
            "key_properties": entry.get("key_properties") or [],
            "replication_key": entry.get("replication_key"),
            "replication_method": entry.get("replication_method")
            or ("INCREMENTAL" if entry.get("replication_key") else "FULL_TABLE"),
            "properties": entry["schema"]["properties"],
        }
    return view


def assert_catalog_snapshot(catalog: dict, snapshot: Path) -> None:
    """Every schema change shows up in review as a diff of ``snapshot``.

    After an intended change, regenerate: ``UPDATE_SNAPSHOTS=1 pytest <tap>/tests -k catalog``.
    """
    current = catalog_view(catalog)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(json.dumps(current, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    if not snapshot.exists():
        raise AssertionError(f"no catalog snapshot at {snapshot}: run with UPDATE_SNAPSHOTS=1, review, commit")
    expected = json.loads(snapshot.read_text())
    changed = sorted(name for name in set(current) | set(expected) if current.get(name) != expected.get(name))
    assert not changed, f"catalog changed for {changed}: review, then regenerate with UPDATE_SNAPSHOTS=1"
