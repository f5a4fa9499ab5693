"""Meltano's console for long runs, and the log file that keeps everything.

The project's ``logging.yaml`` (Meltano reads it from the project root) gives the root logger
two handlers built here:

* ``console()`` — Meltano's own console renderer, with the Singer metrics (one JSON line per
  stream, partition and HTTP request: thousands in a run) turned into progress a person can
  follow: per stream, the records so far and their rate, at most every ``PROGRESS_SECONDS``
  and when the stream ends; per job, each step's end with its duration.  A failed catalog
  discovery is one line too (Meltano would repeat the plugin's whole stderr).
* ``log_file()`` — every record, unchanged, as JSON lines in ``<.meltano>/logs/meltano.log``
  (``orchestrate/run.sh`` reads its run's stream timings back from there for the table).

``meltano --log-level=debug`` brings everything back to the console: the yaml leaves the root
level to Meltano's ``--log-level``, and at debug the console passes every record through.

The plugins declare Meltano's ``structured-logging`` capability, so a metric arrives as data
(``metric_info``), never as text to parse.
"""

from __future__ import annotations

import copy
import logging
import logging.handlers
import os
import re
import sys
import time
import typing as t
from pathlib import Path

from meltano.core.logging.formatters import console_log_formatter, json_formatter

PROGRESS_SECONDS = 15.0
LOG_NAME = "meltano.log"
_DISCOVERY = re.compile(r"Catalog discovery failed: command \[(?P<exe>[^,\]]+).*? returned (?P<code>-?\d+) with stderr:.*",
                        re.DOTALL)


def log_path() -> Path:
    """Where ``log_file()`` writes: the project's (or a test's private) Meltano directory."""
    return Path(os.environ.get("MELTANO_SYS_DIR_ROOT") or Path.cwd() / ".meltano") / "logs" / LOG_NAME


def log_file() -> logging.Handler:
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=20_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(json_formatter())
    return handler


def console() -> logging.Handler:
    return RunConsole()


class _Stream:
    __slots__ = ("records", "started", "shown", "seconds", "status")

    def __init__(self) -> None:
        self.records, self.started, self.shown = 0, time.monotonic(), 0.0
        self.seconds: float | None = None  # set when the stream's own timer has stopped
        self.status = "succeeded"


class RunConsole(logging.StreamHandler):
    """Meltano's console renderer; metrics become progress lines (see the module docstring)."""

    def __init__(self, every: float = PROGRESS_SECONDS) -> None:
        super().__init__(sys.stderr)
        colors = sys.stderr.isatty() or os.environ.get("FORCE_COLOR", "") not in ("", "0")
        self.setFormatter(console_log_formatter(colors=colors))
        self.every = every
        self._streams: dict[tuple[str, str], _Stream] = {}
        self._step = 0

    def emit(self, record: logging.LogRecord) -> None:
        if logging.getLogger().getEffectiveLevel() <= logging.DEBUG:
            super().emit(record)
            return
        event = record.msg if isinstance(record.msg, dict) else {"event": record.getMessage()}
        if (metric := event.get("metric_info")) is not None:
            if line := self._progress(event, metric):
                super().emit(_with_event(record, line))
            return
        text = event.get("event")
        if text == "Block run completed":
            self._step += 1
            how = "finished" if event.get("success", True) else "failed"
            seconds = event.get("duration_seconds")
            line = f"step {self._step} ({event.get('block_type', 'block')}) {how}" + (
                f" in {seconds:.1f} s" if isinstance(seconds, (int, float)) else "")
            super().emit(_with_event(record, line))
            return
        if isinstance(text, str) and (found := _DISCOVERY.search(text)):
            # Meltano appends the plugin's whole stderr, already shown line by line above.
            exe = Path(found["exe"].strip("'\"")).name
            short = text[:found.start()] + f"Catalog discovery failed: `{exe} --discover` exited {found['code']} (see above)"
            super().emit(_with_event(record, short))
            return
        super().emit(record)

    def _progress(self, event: dict[str, t.Any], metric: dict[str, t.Any]) -> str | None:
        """A line for the reader, or None; only the extractor's record counts and timings count."""
        tags = metric.get("tags") or {}
        stream_name = tags.get("stream")
        if not stream_name or event.get("consumer"):  # the loader repeats the tap's counts
            return None
        plugin = str(event.get("name") or event.get("string_id") or "")
        # first sign of the stream (its first request, or its first count) starts its clock
        stream = self._streams.setdefault((plugin, stream_name), _Stream())
        now = time.monotonic()
        if metric.get("metric") == "sync_duration" and not tags.get("context"):
            # The stream's own timer (partitions time themselves with a context).  Its last
            # count follows it: the SDK stops the timer first.
            stream.seconds, stream.status = float(metric.get("value") or 0), tags.get("status", "succeeded")
            return None
        if metric.get("metric") != "record_count":
            return None
        stream.records += int(metric.get("value") or 0)
        if stream.seconds is not None:
            seconds, stream.seconds = stream.seconds, None
            rate = f", {stream.records / seconds:,.0f}/s" if seconds >= 1 else ""
            status = "" if stream.status == "succeeded" else f" ({stream.status})"
            return f"{stream_name}: {stream.records:,} records in {seconds:.1f} s{rate}{status}"
        if now - stream.shown < self.every:
            return None
        stream.shown = now
        elapsed = now - stream.started
        rate = f" ({stream.records / elapsed:,.0f}/s)" if elapsed >= 1 else ""
        return f"{stream_name}: {stream.records:,} records so far{rate}"


def _with_event(record: logging.LogRecord, line: str) -> logging.LogRecord:
    """A copy of ``record`` saying ``line`` (other handlers keep the original)."""
    shown = copy.copy(record)
    if not isinstance(record.msg, dict):  # a plain logging call
        shown.msg, shown.args = line, ()
        return shown
    dropped = {"metric_info", "block_type", "success", "err", "duration_seconds", "set_number"}
    shown.msg = {k: v for k, v in record.msg.items() if k not in dropped} | {"event": line}
    return shown
