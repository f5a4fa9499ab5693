"""Rate windows: rolling counts of admitted requests per bucket, a 429 when one is full.

A vendor declares its windows (``Window``) with the knob that holds each limit; ``RateLimits``
checks all windows of a request, records the request only if every window admits it, and
reports the window that refused (with the seconds until a slot frees, for vendors that send
``Retry-After``).  A limit of ``None`` (knob set to null) switches a window off.
"""

from __future__ import annotations

import collections
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from crm_sandbox.api.http import Request


@dataclass(frozen=True)
class Window:
    knob: str  # the vendor knob holding the limit (requests per window)
    seconds: float
    message: str  # the vendor's 429 message
    #: Which requests count (default all), and the bucket they count in (default one shared).
    applies: Callable[[Request], bool] = lambda request: True
    bucket: Callable[[Request], str] = lambda request: ""
    retry_after: bool = False  # send ``Retry-After`` (whole seconds until a slot frees)
    extra: Mapping[str, Any] = field(default_factory=dict)  # extra error-body fields


@dataclass
class Refusal:
    window: Window
    retry_after: int  # seconds until the window admits again


class RateLimits:
    def __init__(self, windows: tuple[Window, ...] | list[Window], clock: Callable[[], float] = time.monotonic):
        self.windows = tuple(windows)
        self.clock = clock
        self._hits: dict[tuple[int, str], collections.deque[float]] = {}

    def clear(self) -> None:
        self._hits.clear()

    def used(self, window: Window, request: Request) -> int:
        """Requests counted in ``window``'s bucket for this request (for rate-limit headers)."""
        hits = self._hits.get((self.windows.index(window), window.bucket(request)))
        return len(hits) if hits else 0

    def check(self, request: Request, knobs: Mapping[str, Any]) -> Refusal | None:
        now = self.clock()
        admitted = []
        for n, window in enumerate(self.windows):
            if not window.applies(request):
                continue
            hits = self._hits.setdefault((n, window.bucket(request)), collections.deque())
            while hits and hits[0] <= now - window.seconds:
                hits.popleft()
            limit = knobs.get(window.knob)
            if limit is not None and len(hits) >= int(limit):
                wait = hits[0] + window.seconds - now if hits else window.seconds
                return Refusal(window, max(1, math.ceil(wait)))
            admitted.append(hits)
        for hits in admitted:
            hits.append(now)
        return None
