"""tap-arrivy tests run the real executable against the Arrivy emulation over HTTP."""

from __future__ import annotations

from tests.harness.sandbox import sandbox_tap_config
from tap_arrivy.tap import TapArrivy

TAP = "tap-arrivy"
STREAMS = ("entities", "groups", "bookings", "tasks", "task_statuses", "statuses")
KEYS = {"task_statuses": ("task_id", "id")}


def tap_config(sandbox, **overrides) -> dict:
    return sandbox_tap_config(TapArrivy.config_jsonschema["properties"], "arrivy", sandbox, **overrides)


def key(stream: str, record: dict) -> tuple:
    """A record's primary key, as a tuple of strings (the dump's, the warehouse's, a RECORD's)."""
    return tuple(str(record[k]) for k in KEYS.get(stream, ("id",)))
