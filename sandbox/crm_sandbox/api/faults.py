"""Deterministic fault injection: a plan of rules, each firing on chosen matching requests.

A rule (JSON object posted to ``/_admin/faults``)::

    {"fault": "status", "status": 429, "retry_after": 1,      # what to do
     "vendor": "hubspot", "method": "POST", "path": "/search$", # which requests (all optional)
     "skip": 2, "times": 1}                                     # which of the matching ones

Counting is per rule: the first ``skip`` matching requests pass, the next ``times`` get the
fault (``times: null`` = every later one).  Faults:

- ``status``: answer ``status`` (429, 500, 502, 503, …) in the vendor's error shape, with a
  ``Retry-After: <retry_after>`` header when ``retry_after`` is given.
- ``slow``: sleep ``delay`` seconds, then answer normally (set it beyond the client timeout).
- ``truncate``: answer normally but cut the body to ``keep`` (default 0.5) of its length; the
  Content-Length matches the cut body, so the client sees a 200 with broken JSON.
- ``reset``: read the request, then reset the TCP connection without answering.
- ``expire_token``: the credential expires; this and every later matching request gets the
  vendor's 401 (``times`` defaults to null for this fault).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

KINDS = ("status", "slow", "truncate", "reset", "expire_token")


@dataclass
class Rule:
    fault: str
    vendor: str | None = None
    method: str | None = None
    path: str | None = None
    skip: int = 0
    times: int | None = 1
    status: int = 503
    retry_after: float | None = None
    delay: float = 5.0
    keep: float = 0.5
    message: str | None = None
    seen: int = 0
    fired: int = 0
    _pattern: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def parse(cls, spec: dict[str, Any]) -> Rule:
        if spec.get("fault") not in KINDS:
            raise ValueError(f"fault must be one of {KINDS}, got {spec.get('fault')!r}")
        known = set(cls.__dataclass_fields__) - {"seen", "fired", "_pattern"}
        unknown = set(spec) - known
        if unknown:
            raise ValueError(f"unknown fault rule keys {sorted(unknown)}")
        values = dict(spec)
        if values["fault"] == "expire_token":
            values.setdefault("times", None)
        rule = cls(**values)
        rule._pattern = re.compile(rule.path) if rule.path else None
        return rule

    def matches(self, vendor: str, method: str, path: str) -> bool:
        return ((self.vendor is None or self.vendor == vendor)
                and (self.method is None or self.method.upper() == method)
                and (self._pattern is None or self._pattern.search(path) is not None))

    def describe(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if not k.startswith("_")}


class FaultPlan:
    """The active rules; thread-safe, so concurrent requests are counted one at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rules: list[Rule] = []

    def replace(self, specs: list[dict[str, Any]]) -> None:
        rules = [Rule.parse(spec) for spec in specs]
        with self._lock:
            self.rules = rules

    def clear(self) -> None:
        self.replace([])

    def pick(self, vendor: str, method: str, path: str) -> Rule | None:
        """Count this request against every matching rule; return the first that fires."""
        chosen = None
        with self._lock:
            for rule in self.rules:
                if not rule.matches(vendor, method, path):
                    continue
                rule.seen += 1
                in_window = rule.seen > rule.skip and (
                    rule.times is None or rule.seen <= rule.skip + rule.times)
                if in_window and chosen is None:
                    rule.fired += 1
                    chosen = rule
        return chosen

    def describe(self) -> list[dict[str, Any]]:
        with self._lock:
            return [rule.describe() for rule in self.rules]
